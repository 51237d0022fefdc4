import type { AddedBlock } from './types.js';
import { DiffError } from './types.js';
import type { LineReader } from './lines.js';

export interface HunkHeader {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** text after the closing "@@" (usually the enclosing function), without the leading space */
  section: string;
}

const MAX_DIGITS = 15; // keeps every parsed number a safe integer

/** Reads digits at `from`; returns [value, index after the digits] or undefined if there are none. */
function readNumber(text: string, from: number): [number, number] | undefined {
  let end = from;
  while (end < text.length && end - from <= MAX_DIGITS) {
    const code = text.charCodeAt(end);
    if (code < 48 || code > 57) break;
    end++;
  }
  if (end === from || end - from > MAX_DIGITS) return undefined;
  return [Number(text.slice(from, end)), end];
}

/** Reads "start[,count]"; a missing count means 1 (git writes "@@ -1 +1 @@" for one-line ranges). */
function readRange(text: string, from: number): [number, number, number] | undefined {
  const start = readNumber(text, from);
  if (!start) return undefined;
  if (text.charCodeAt(start[1]) !== 44 /* , */) return [start[0], 1, start[1]];
  const count = readNumber(text, start[1] + 1);
  if (!count) return undefined;
  return [start[0], count[0], count[1]];
}

/** Parses "@@ -a[,b] +c[,d] @@[ section]" by hand (no backtracking regex); undefined if it does not parse. */
export function parseHunkHeader(line: string): HunkHeader | undefined {
  if (!line.startsWith('@@ -')) return undefined;
  const oldRange = readRange(line, 4);
  if (!oldRange || !line.startsWith(' +', oldRange[2])) return undefined;
  const newRange = readRange(line, oldRange[2] + 2);
  if (!newRange || !line.startsWith(' @@', newRange[2])) return undefined;
  const rest = line.slice(newRange[2] + 3);
  if (rest !== '' && !rest.startsWith(' ')) return undefined;
  return {
    oldStart: oldRange[0],
    oldCount: oldRange[1],
    newStart: newRange[0],
    newCount: newRange[1],
    section: rest.slice(1),
  };
}

/**
 * Groups added lines into blocks by head-side line number: lines whose numbers are consecutive
 * share a block, so a deleted line between two added lines does not split them, but a context
 * line (which takes a head-side number) does.
 */
export class BlockCollector {
  readonly blocks: AddedBlock[] = [];
  private current: AddedBlock | undefined;
  private lastContextLine = 0;
  private lastContextText = '';

  added(lineNumber: number, text: string): void {
    const current = this.current;
    if (current && current.startLine + current.lines.length === lineNumber) {
      current.lines.push(text);
      return;
    }
    const block: AddedBlock = { startLine: lineNumber, lines: [text] };
    if (this.lastContextLine !== 0 && this.lastContextLine === lineNumber - 1) {
      block.precedingLine = this.lastContextText;
    }
    this.blocks.push(block);
    this.current = block;
  }

  context(lineNumber: number, text: string): void {
    this.lastContextLine = lineNumber;
    this.lastContextText = text;
  }
}

function describeRemaining(oldLeft: number, newLeft: number): string {
  return `${oldLeft} more old-side and ${newLeft} more new-side line(s)`;
}

/** Reads one hunk (header and body) at the reader's position. */
function readHunk(reader: LineReader, collector: BlockCollector): void {
  const headerLine = reader.lineNumber;
  const header = parseHunkHeader(reader.peek() ?? '');
  if (!header) throw new DiffError(headerLine, 'hunk header does not parse (expected "@@ -a,b +c,d @@")');
  reader.advance();

  let oldLeft = header.oldCount;
  let newLeft = header.newCount;
  let newLine = header.newStart;
  while (oldLeft > 0 || newLeft > 0) {
    const line = reader.peek();
    if (line === undefined) {
      throw new DiffError(
        reader.lineNumber,
        `unexpected end of input in the hunk at line ${headerLine}: it needs ${describeRemaining(oldLeft, newLeft)}`,
      );
    }
    const first = line.charCodeAt(0);
    // An empty line is a context line that lost its leading space (trailing whitespace stripped);
    // git apply accepts it, so do we when the counts still need a context line.
    if (first === 32 /* ' ' */ || (line === '' && oldLeft > 0 && newLeft > 0)) {
      if (oldLeft === 0 || newLeft === 0) {
        throw new DiffError(reader.lineNumber, `context line does not fit the counts of the hunk at line ${headerLine}`);
      }
      collector.context(newLine, line.slice(1));
      newLine++;
      oldLeft--;
      newLeft--;
    } else if (first === 43 /* + */) {
      if (newLeft === 0) {
        throw new DiffError(reader.lineNumber, `more added lines than the hunk at line ${headerLine} counts`);
      }
      collector.added(newLine, line.slice(1));
      newLine++;
      newLeft--;
    } else if (first === 45 /* - */) {
      if (oldLeft === 0) {
        throw new DiffError(reader.lineNumber, `more deleted lines than the hunk at line ${headerLine} counts`);
      }
      oldLeft--;
    } else if (first !== 92 /* \ "No newline at end of file" is not a line of either side */) {
      const why = line.startsWith('@@') || line.startsWith('diff ')
        ? `the hunk at line ${headerLine} ended early: it still needs ${describeRemaining(oldLeft, newLeft)}`
        : `line inside a hunk must start with ' ', '+', '-' or '\\'`;
      throw new DiffError(reader.lineNumber, why);
    }
    reader.advance();
  }
  // The marker for the last line of the hunk comes after the counts are used up.
  if (reader.peek()?.startsWith('\\')) reader.advance();
}

/**
 * Reads consecutive hunks (blank lines between them are tolerated). Stops at the first line that
 * is not a hunk header, leaving it for the caller; returns the number of hunks read.
 */
export function readHunks(reader: LineReader, collector: BlockCollector): number {
  let count = 0;
  for (;;) {
    const skipped = reader.skipBlankLines();
    const line = reader.peek();
    if (line === undefined) return count;
    if (line.startsWith('@@')) {
      readHunk(reader, collector);
      count++;
      continue;
    }
    reader.rewind(skipped);
    if (count > 0 && isStrayHunkLine(line, reader.peek(skipped + 1))) {
      throw new DiffError(
        reader.lineNumber + skipped,
        'line after the end of a hunk: the hunk header counts are already used up',
      );
    }
    return count;
  }
}

/** A body-looking line after a finished hunk; "--- x" followed by "+++ y" starts a new file instead. */
function isStrayHunkLine(line: string, next: string | undefined): boolean {
  if (line.startsWith('--- ') && next?.startsWith('+++ ')) return false;
  const first = line.charCodeAt(0);
  return first === 32 || first === 43 || first === 45 || first === 92;
}
