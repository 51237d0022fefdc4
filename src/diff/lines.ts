/**
 * Line cursor over diff text. Splitting once and indexing keeps parsing linear;
 * a trailing '\r' is dropped on read so CRLF diffs look like LF diffs everywhere.
 */
export class LineReader {
  private readonly lines: string[];
  private index = 0;

  constructor(text: string) {
    this.lines = text === '' ? [] : text.split('\n');
    // "a\nb\n" splits into ['a', 'b', '']: the last entry is not a line.
    if (text.endsWith('\n')) this.lines.pop();
  }

  get done(): boolean {
    return this.index >= this.lines.length;
  }

  /** 1-based number of the current line; one past the last line at the end of input. */
  get lineNumber(): number {
    return this.index + 1;
  }

  /** The line `offset` lines ahead of the current one, without a trailing '\r'. */
  peek(offset = 0): string | undefined {
    const line = this.lines[this.index + offset];
    if (line === undefined) return undefined;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  advance(count = 1): void {
    this.index += count;
  }

  /**
   * Skips empty lines (and, with `whitespaceToo`, lines of only spaces/tabs, which inside a hunk
   * would be context lines); returns how many were skipped.
   */
  skipBlankLines(whitespaceToo = false): number {
    const start = this.index;
    for (let line = this.peek(); line !== undefined; line = this.peek()) {
      if (line !== '' && !(whitespaceToo && line.trim() === '')) break;
      this.index++;
    }
    return this.index - start;
  }

  /** Moves back by `count` lines (used to undo a look-ahead over blank lines). */
  rewind(count: number): void {
    this.index -= count;
  }
}
