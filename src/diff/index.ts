/**
 * Diff reader: turns `git diff` output or a GitHub `patch` field into the added lines of each
 * file, with head-side line numbers.
 *
 * Why not parse-diff (installed, tried first): it keeps C-quoted names undecoded
 * ("caf\303\251.txt"), reports no rename/copy status and no binary flag, keeps the '\r' of CRLF
 * lines, silently treats a garbage line inside a hunk as context and drops lines past a hunk's
 * counts, and cannot say where a malformed diff went wrong. Wrapping it would have meant
 * re-validating every line anyway, so the reader is a small hand-written, linear (no backtracking regexes)
 * state machine (lines.ts, hunks.ts, paths.ts, unified.ts, patch.ts).
 */
export type { AddedBlock, ChangedFile, FileStatus } from './types.js';
export { DiffError } from './types.js';
export { parseUnifiedDiff } from './unified.js';
export { parsePatch } from './patch.js';
