/**
 * The shape every edit builder returns: new lines for a range of head-side lines, or the reason why no
 * safe one-line edit exists (then the reviewer gets advice only).
 */
import type { Located } from '../literal.js';
import type { Language } from '../file-type.js';
import { commentStart } from '../text.js';

export interface LineEdit {
  readonly startLine: number;
  readonly endLine: number;
  readonly replacement: readonly string[];
  /** what the edit needs besides itself (an import, a variable to set...) */
  readonly note?: string;
}

export interface NoEdit {
  readonly refused: string;
}

export type EditOutcome = LineEdit | NoEdit;

export const refuse = (refused: string): NoEdit => ({ refused });

export function isRefusal(outcome: EditOutcome): outcome is NoEdit {
  return 'refused' in outcome;
}

/** Replace columns [start in the first line, end in the last line) of the located lines with `text`. */
export function replaceSpan(loc: Located, start: number, end: number, text: string, note?: string): LineEdit {
  const first = loc.lines[0]!;
  const last = loc.lines[loc.lines.length - 1]!;
  return {
    startLine: loc.firstLine,
    endLine: loc.firstLine + loc.lines.length - 1,
    replacement: [first.slice(0, start) + text + last.slice(end)],
    ...(note ? { note } : {}),
  };
}

/** Replace the located lines with `lines` (none: delete them). */
export function replaceLines(loc: Located, lines: readonly string[], note?: string): LineEdit {
  return { startLine: loc.firstLine, endLine: loc.firstLine + loc.lines.length - 1, replacement: lines, ...(note ? { note } : {}) };
}

/** The same lines, one more above (when the file has it). */
export function withLineAbove(loc: Located, fileLines: readonly string[] | undefined): Located | undefined {
  const above = fileLines?.[loc.firstLine - 2];
  if (above === undefined) return undefined;
  return { firstLine: loc.firstLine - 1, lines: [above, ...loc.lines], start: above.length, end: loc.end };
}

/** The same lines, one more below (when the file has it). */
export function withLineBelow(loc: Located, fileLines: readonly string[] | undefined): Located | undefined {
  const below = fileLines?.[loc.firstLine - 1 + loc.lines.length];
  if (below === undefined) return undefined;
  return { firstLine: loc.firstLine, lines: [...loc.lines, below], start: loc.start, end: 0 };
}

/**
 * A credential in a comment: keep the comment, replace the value with a marker. Returns undefined when
 * the secret is not inside a line comment.
 */
export function commentEdit(loc: Located, language: Language): LineEdit | undefined {
  if (loc.lines.length !== 1) return undefined;
  const at = commentStart(loc.lines[0]!, language);
  if (at === -1 || at > loc.start) return undefined;
  return replaceSpan(loc, loc.start, loc.end, '<redacted>');
}
