import { describe, it, expect } from '@jest/globals';
import { parsePatch } from '../../src/diff/index.js';
import { diffErrorOf } from './diff-error.js';
import { parseHunkHeader } from '../../src/diff/hunks.js';

/** Joins lines into a patch with a final newline, as git writes it. */
const patchOf = (...lines: string[]): string => lines.join('\n') + '\n';
const blocksOf = (patch: string) => parsePatch('f.txt', patch).blocks;

describe('parseHunkHeader', () => {
  it('reads start and count of both sides and the section text', () => {
    expect(parseHunkHeader('@@ -12,7 +14,9 @@ function foo() {')).toEqual({
      oldStart: 12, oldCount: 7, newStart: 14, newCount: 9, section: 'function foo() {',
    });
  });

  it('treats an omitted count as 1', () => {
    expect(parseHunkHeader('@@ -1 +1 @@')).toEqual({ oldStart: 1, oldCount: 1, newStart: 1, newCount: 1, section: '' });
    expect(parseHunkHeader('@@ -0,0 +1 @@')).toMatchObject({ oldCount: 0, newStart: 1, newCount: 1 });
  });

  it.each([
    '@@ -a +1 @@',
    '@@ -1 +1',
    '@@ -1 +1 @@x',
    '@@ -1,+1 @@',
    '@@ -1, +1 @@',
    '@@  -1 +1 @@',
    '@@@ -1 -1 +1 @@@',
    '@@ -1 +1234567890123456789 @@',
    '@@',
  ])('rejects %j', (line) => {
    expect(parseHunkHeader(line)).toBeUndefined();
  });
});

describe('added blocks and head-side line numbers', () => {
  it('numbers added lines on the head side across several hunks', () => {
    const blocks = blocksOf(patchOf(
      '@@ -1,3 +1,4 @@',
      ' a',
      '+b',
      ' c',
      ' d',
      '@@ -20,2 +21,3 @@ section',
      ' x',
      '-y',
      '+Y1',
      '+Y2',
    ));
    expect(blocks).toEqual([
      { startLine: 2, lines: ['b'], precedingLine: 'a' },
      { startLine: 22, lines: ['Y1', 'Y2'], precedingLine: 'x' },
    ]);
  });

  it('keeps consecutive added lines in one block (a multi-line key is found once)', () => {
    const begin = '-----BEGIN ' + 'PRIVATE KEY-----';
    const end = '-----END ' + 'PRIVATE KEY-----';
    const blocks = blocksOf(patchOf('@@ -0,0 +1,3 @@', '+' + begin, '+' + 'Q'.repeat(64), '+' + end));
    expect(blocks).toEqual([{ startLine: 1, lines: [begin, 'Q'.repeat(64), end] }]);
  });

  it('splits blocks at a context line', () => {
    const blocks = blocksOf(patchOf('@@ -1,1 +1,3 @@', '+a', ' ctx', '+b'));
    expect(blocks).toEqual([
      { startLine: 1, lines: ['a'] },
      { startLine: 3, lines: ['b'], precedingLine: 'ctx' },
    ]);
  });

  it('joins added lines separated only by deleted lines: their head line numbers are consecutive', () => {
    const blocks = blocksOf(patchOf('@@ -5,2 +5,2 @@', '-a', '+b', '-c', '+d'));
    expect(blocks).toEqual([{ startLine: 5, lines: ['b', 'd'] }]);
  });

  it('gives precedingLine only when the line before the block is shown as context', () => {
    const blocks = blocksOf(patchOf(
      '@@ -1,5 +1,5 @@',
      ' // allow-secret',
      '-old',
      '+new',
      ' middle',
      '-gone',
      ' tail',
      '+more',
    ));
    // "new" sits right after the context line on the head side; the deleted line takes no head number.
    expect(blocks).toEqual([
      { startLine: 2, lines: ['new'], precedingLine: '// allow-secret' },
      { startLine: 5, lines: ['more'], precedingLine: 'tail' },
    ]);
  });

  it('leaves precedingLine undefined at the start of a hunk without leading context', () => {
    const [block] = blocksOf(patchOf('@@ -3,0 +4,1 @@', '+only'));
    expect(block).toEqual({ startLine: 4, lines: ['only'] });
    expect(block).not.toHaveProperty('precedingLine');
  });

  it('does not count "\\ No newline at end of file" as a line', () => {
    const blocks = blocksOf(patchOf(
      '@@ -1,2 +1,4 @@',
      ' first',
      '-last',
      '\\ No newline at end of file',
      '+last',
      '+added',
      '+end',
      '\\ No newline at end of file',
    ));
    expect(blocks).toEqual([{ startLine: 2, lines: ['last', 'added', 'end'], precedingLine: 'first' }]);
  });

  it('keeps numbering right in a later hunk after a no-newline marker in an earlier one', () => {
    const blocks = blocksOf(patchOf(
      '@@ -1 +1 @@',
      '-a',
      '\\ No newline at end of file',
      '+A',
      '@@ -9,1 +9,2 @@',
      ' i',
      '+j',
    ));
    expect(blocks).toEqual([
      { startLine: 1, lines: ['A'] },
      { startLine: 10, lines: ['j'], precedingLine: 'i' },
    ]);
  });

  it('strips the \\r of CRLF lines from content and headers', () => {
    const blocks = blocksOf('@@ -1,2 +1,3 @@ sec\r\n a\r\n+b\r\n c\r\n\\ No newline at end of file\r\n');
    expect(blocks).toEqual([{ startLine: 2, lines: ['b'], precedingLine: 'a' }]);
  });

  it('keeps an added line that is empty, or that is only spaces', () => {
    const blocks = blocksOf(patchOf('@@ -0,0 +1,2 @@', '+', '+  '));
    expect(blocks).toEqual([{ startLine: 1, lines: ['', '  '] }]);
  });

  it('accepts empty lines as context lines that lost their space when the counts need them', () => {
    const blocks = blocksOf(patchOf('@@ -1,4 +1,4 @@', ' a', '', '-b', '+c', ''));
    expect(blocks).toEqual([{ startLine: 3, lines: ['c'], precedingLine: '' }]);
  });

  it('tolerates blank lines after the last hunk', () => {
    expect(blocksOf('@@ -1 +1 @@\n-a\n+b\n\n\n')).toEqual([{ startLine: 1, lines: ['b'] }]);
  });
});

describe('malformed hunks', () => {
  it('rejects an empty line where the counts need no context line', () => {
    const error = diffErrorOf(() => parsePatch('f', patchOf('@@ -0,0 +1,2 @@', '+a', '', '+b')));
    expect(error.line).toBe(3);
    expect(error.message).toBe("malformed diff at line 3: line inside a hunk must start with ' ', '+', '-' or '\\'");
  });

  it('rejects a line with an unknown first character', () => {
    expect(diffErrorOf(() => parsePatch('f', patchOf('@@ -1,2 +1,2 @@', ' a', '*b', ' c'))).line).toBe(3);
  });

  it('rejects a hunk with more lines than its header counts', () => {
    const error = diffErrorOf(() => parsePatch('f', patchOf('@@ -1 +1 @@', '-a', '+b', '+c')));
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/line 4: line after the end of a hunk/);
  });

  it('rejects a hunk with more added lines than counted while deletions are still due', () => {
    expect(diffErrorOf(() => parsePatch('f', patchOf('@@ -1,2 +1 @@', '+a', '+b', '-c', '-d'))).line).toBe(3);
  });

  it('rejects a context line when one side has no lines left', () => {
    expect(diffErrorOf(() => parsePatch('f', patchOf('@@ -1,2 +1,1 @@', '-a', ' b', ' c'))).line).toBe(4);
  });

  it('rejects a hunk that ends before its counts are used up (next hunk starts)', () => {
    const error = diffErrorOf(() => parsePatch('f', patchOf('@@ -1,3 +1,3 @@', ' a', '@@ -9 +9 @@', '-x', '+y')));
    expect(error.line).toBe(3);
    expect(error.message).toContain('ended early: it still needs 2 more old-side and 2 more new-side line(s)');
  });

  it('rejects a hunk cut off by the end of input, naming the line after the last one', () => {
    const error = diffErrorOf(() => parsePatch('f', '@@ -1,3 +1,3 @@\n a\n b\n'));
    expect(error.line).toBe(4);
    expect(error.message).toContain('unexpected end of input in the hunk at line 1');
    expect(diffErrorOf(() => parsePatch('f', '@@ -1,3 +1,3 @@\n a\n b')).line).toBe(4);
  });

  it('rejects a hunk header that does not parse', () => {
    const error = diffErrorOf(() => parsePatch('f', patchOf('@@ -1 +1 @@', '-a', '+b', '@@ -x +2 @@', '+c')));
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^malformed diff at line 4: hunk header does not parse/);
  });
});
