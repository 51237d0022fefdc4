import { describe, expect, it } from '@jest/globals';
import { addedBlocks, addedLineIndices, splitLines } from '../../src/github/local-diff.js';

/** Length of the longest common subsequence (reference, O(nm)). */
function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function isSubsequence(small: readonly string[], big: readonly string[]): boolean {
  let i = 0;
  for (const x of big) if (i < small.length && small[i] === x) i++;
  return i === small.length;
}

function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe('local diff', () => {
  it('finds a minimal set of added lines (checked against an LCS on random inputs)', () => {
    const rnd = random(7);
    for (let round = 0; round < 300; round++) {
      const alphabet = 2 + Math.floor(rnd() * 5);
      const line = () => `l${Math.floor(rnd() * alphabet)}`;
      const a = Array.from({ length: Math.floor(rnd() * 30) }, line);
      const b = Array.from({ length: Math.floor(rnd() * 30) }, line);
      const added = addedLineIndices(a, b);
      const kept = b.filter((_, i) => !added.includes(i));
      expect(isSubsequence(kept, a)).toBe(true);
      expect(added.length).toBe(b.length - lcs(a, b));
      expect([...added].sort((x, y) => x - y)).toEqual(added);
    }
  });

  it('falls back to a superset of the added lines past the edit limit', () => {
    const a = Array.from({ length: 200 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 200 }, (_, i) => (i % 2 ? `a${i}` : `b${i}`));
    const exact = addedLineIndices(a, b);
    const approx = addedLineIndices(a, b, 10);
    expect(exact.every((i) => approx.includes(i))).toBe(true);
  });

  it('groups added lines into blocks with head line numbers and the line before', () => {
    const base = 'one\ntwo\nthree\n';
    const head = 'one\nnew 1\nnew 2\ntwo\nthree\nnew 3\n';
    expect(addedBlocks(base, head)).toEqual([
      { startLine: 2, lines: ['new 1', 'new 2'], precedingLine: 'one' },
      { startLine: 6, lines: ['new 3'], precedingLine: 'three' },
    ]);
    expect(addedBlocks('', 'a\r\nb')).toEqual([{ startLine: 1, lines: ['a', 'b'] }]);
    expect(addedBlocks('same\n', 'same\n')).toEqual([]);
    expect(splitLines('x\n')).toEqual(['x']);
  });

  it('keeps a whole block together when one of its lines also occurs in the base', () => {
    const base = 'header\n-----END X-----\n';
    const head = 'header\n-----BEGIN X-----\nAAAA\n-----END X-----\n-----END X-----\n';
    const [block] = addedBlocks(base, head);
    expect(block?.lines).toEqual(['-----BEGIN X-----', 'AAAA', '-----END X-----']);
  });
});
