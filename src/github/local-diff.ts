/**
 * Added lines between two versions of a file, for files GitHub lists without a `patch` (large or
 * generated diffs): the app fetches both versions and diffs them here. Myers' O(ND) algorithm on the
 * part between the common prefix and suffix; when the two versions differ in more places than
 * MAX_EDITS, every head line that the base does not hold as often counts as added (a superset of the
 * true additions, so nothing added is missed). Pure; no I/O.
 */
import type { AddedBlock } from '../diff/index.js';

/** Edit distance beyond which the exact diff gives way to the line-count approximation. */
export const MAX_EDITS = 2000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Indices (0-based) of head lines that are not in the base, in order. */
export function addedLineIndices(base: readonly string[], head: readonly string[], maxEdits = MAX_EDITS): number[] {
  let start = 0;
  while (start < base.length && start < head.length && base[start] === head[start]) start++;
  let endBase = base.length;
  let endHead = head.length;
  while (endBase > start && endHead > start && base[endBase - 1] === head[endHead - 1]) {
    endBase--;
    endHead--;
  }
  const a = base.slice(start, endBase);
  const b = head.slice(start, endHead);
  if (b.length === 0) return [];
  if (a.length === 0) return b.map((_, i) => start + i);
  const exact = myersInsertions(a, b, maxEdits);
  const inserted = exact ?? countInsertions(a, b);
  return inserted.map((i) => start + i);
}

/** Consecutive added lines as blocks with head-side line numbers, like the patch reader gives. */
export function addedBlocks(baseText: string, headText: string, maxEdits = MAX_EDITS): AddedBlock[] {
  const head = splitLines(headText);
  const added = addedLineIndices(splitLines(baseText), head, maxEdits);
  const blocks: AddedBlock[] = [];
  let current: AddedBlock | undefined;
  let previous = -2;
  for (const index of added) {
    if (current && index === previous + 1) {
      current.lines.push(head[index]!);
    } else {
      current = { startLine: index + 1, lines: [head[index]!] };
      if (index > 0) current.precedingLine = head[index - 1]!;
      blocks.push(current);
    }
    previous = index;
  }
  return blocks;
}

/** Lines interned as numbers, so the inner loop compares integers. */
function intern(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const id = (line: string) => {
    let n = ids.get(line);
    if (n === undefined) {
      n = ids.size;
      ids.set(line, n);
    }
    return n;
  };
  return [Int32Array.from(a, id), Int32Array.from(b, id)];
}

/**
 * Myers' greedy shortest edit script; returns the indices of b that are insertions, or undefined when
 * the edit distance exceeds maxEdits. Memory is O(D²) for the trace, bounded by maxEdits.
 */
function myersInsertions(aLines: readonly string[], bLines: readonly string[], maxEdits: number): number[] | undefined {
  const [a, b] = intern(aLines, bLines);
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    // Snapshot of v for k in [-d-1, d+1] before this round: what backtracking needs.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): number[] {
  const inserted: number[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d]!;
    // v holds k in [-d-1, d+1] at index k + d + 1.
    const at = (k: number) => v[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    if (down) inserted.push(prevY);
    x = prevX;
    y = prevY;
  }
  return inserted.reverse();
}

/** Head lines beyond the number of times the base holds them: a superset of the insertions. */
function countInsertions(a: readonly string[], b: readonly string[]): number[] {
  const available = new Map<string, number>();
  for (const line of a) available.set(line, (available.get(line) ?? 0) + 1);
  const inserted: number[] = [];
  b.forEach((line, i) => {
    const left = available.get(line) ?? 0;
    if (left > 0) available.set(line, left - 1);
    else inserted.push(i);
  });
  return inserted;
}
