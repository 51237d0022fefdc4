import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseUnifiedDiff } from '../../src/diff/index.js';
import { diffErrorOf } from './diff-error.js';
import type { ChangedFile } from '../../src/diff/index.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/diff/${name}`, import.meta.url), 'utf8');
const diffOf = (...lines: string[]): string => lines.join('\n') + '\n';
const only = (text: string): ChangedFile => {
  const files = parseUnifiedDiff(text);
  expect(files).toHaveLength(1);
  return files[0] as ChangedFile;
};

describe('parseUnifiedDiff on real git output', () => {
  it('reads every kind of file in a multi-file diff (fixture made by git diff -C --find-copies-harder)', () => {
    expect(parseUnifiedDiff(fixture('git-many-files.diff'))).toEqual([
      { path: 'blob.bin', status: 'modified', binary: true, modeOnly: false, blocks: [] },
      { path: 'café.txt', status: 'added', binary: false, modeOnly: false, blocks: [{ startLine: 1, lines: ['caf'] }] },
      {
        path: 'copy.txt', previousPath: 'orig.txt', status: 'copied', binary: false, modeOnly: false,
        blocks: [{ startLine: 7, lines: ['copied plus'], precedingLine: 'line6' }],
      },
      { path: 'deleted.txt', status: 'deleted', binary: false, modeOnly: false, blocks: [] },
      {
        path: 'new.txt', previousPath: 'old.txt', status: 'renamed', binary: false, modeOnly: false,
        blocks: [{ startLine: 6, lines: ['extra'], precedingLine: 'line5' }],
      },
      { path: 'nonl.txt', status: 'modified', binary: false, modeOnly: false, blocks: [{ startLine: 1, lines: ['no newline', 'now more'] }] },
      {
        path: 'plain.txt', status: 'modified', binary: false, modeOnly: false,
        blocks: [
          { startLine: 2, lines: ['TWO'], precedingLine: 'one' },
          { startLine: 8, lines: ['EIGHT'], precedingLine: 'seven' },
          { startLine: 11, lines: ['eleven'], precedingLine: 'ten' },
        ],
      },
      { path: 'run.sh', status: 'modified', binary: false, modeOnly: true, blocks: [] },
      { path: 'tab\there.txt', status: 'modified', binary: false, modeOnly: false, blocks: [{ startLine: 2, lines: ['y'], precedingLine: 'x' }] },
      { path: 'with space.txt', status: 'modified', binary: false, modeOnly: false, blocks: [{ startLine: 2, lines: ['added'], precedingLine: 'keep' }] },
    ]);
  });

  it('skips a "GIT binary patch" payload and reads the next file (fixture made by git diff --binary)', () => {
    expect(parseUnifiedDiff(fixture('git-binary-patch.diff'))).toEqual([
      { path: 'blob.bin', status: 'modified', binary: true, modeOnly: false, blocks: [] },
      { path: 'notes.txt', status: 'modified', binary: false, modeOnly: false, blocks: [{ startLine: 3, lines: ['three'], precedingLine: 'two' }] },
    ]);
  });
});

describe('parseUnifiedDiff file headers', () => {
  it('returns no files for empty or blank input', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
    expect(parseUnifiedDiff('\n')).toEqual([]);
    expect(parseUnifiedDiff(' \r\n\t\n')).toEqual([]);
  });

  it('reads a whole CRLF diff', () => {
    const text = diffOf('diff --git a/w.txt b/w.txt', 'index 1..2 100644', '--- a/w.txt', '+++ b/w.txt', '@@ -1 +1,2 @@', ' a', '+b')
      .replace(/\n/g, '\r\n');
    expect(only(text)).toEqual({ path: 'w.txt', status: 'modified', binary: false, modeOnly: false, blocks: [{ startLine: 2, lines: ['b'], precedingLine: 'a' }] });
  });

  it('marks a new empty file as added with no blocks', () => {
    expect(only(diffOf('diff --git a/empty b/empty', 'new file mode 100644', 'index 0000000..e69de29'))).toEqual({
      path: 'empty', status: 'added', binary: false, modeOnly: false, blocks: [],
    });
  });

  it('names a deleted file by its old path', () => {
    const file = only(diffOf('diff --git a/gone.txt b/gone.txt', 'deleted file mode 100644', 'index 1..0', '--- a/gone.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-x'));
    expect(file).toMatchObject({ path: 'gone.txt', status: 'deleted', blocks: [] });
  });

  it('reads a pure rename of names with spaces from the rename lines', () => {
    const file = only(diffOf('diff --git a/old dir/a b.txt b/new dir/a b.txt', 'similarity index 100%', 'rename from old dir/a b.txt', 'rename to new dir/a b.txt'));
    expect(file).toEqual({ path: 'new dir/a b.txt', previousPath: 'old dir/a b.txt', status: 'renamed', binary: false, modeOnly: false, blocks: [] });
  });

  it('reads quoted rename and copy names', () => {
    const renamed = only(diffOf('diff --git "a/\\"q\\".txt" "b/\\303\\244.txt"', 'similarity index 100%', 'rename from "\\"q\\".txt"', 'rename to "\\303\\244.txt"'));
    expect(renamed).toMatchObject({ path: 'ä.txt', previousPath: '"q".txt', status: 'renamed' });
    const copied = only(diffOf('diff --git a/src.txt b/dst.txt', 'similarity index 100%', 'copy from src.txt', 'copy to dst.txt'));
    expect(copied).toMatchObject({ path: 'dst.txt', previousPath: 'src.txt', status: 'copied' });
  });

  it('decodes quoted names: octal UTF-8 bytes, escapes, raw non-ASCII, and one side quoted', () => {
    const names = (header: string) => only(diffOf(header, 'old mode 100644', 'new mode 100755')).path;
    expect(names('diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"')).toBe('café.txt');
    expect(names('diff --git "a/back\\\\slash\\ttab.txt" "b/back\\\\slash\\ttab.txt"')).toBe('back\\slash\ttab.txt');
    expect(names('diff --git "a/日本 語.txt" "b/日本 語.txt"')).toBe('日本 語.txt');
    expect(names('diff --git "a/\\360\\237\\230\\200" "b/\\360\\237\\230\\200"')).toBe('\u{1F600}');
    expect(names('diff --git a/plain.txt "b/\\303\\251.txt"')).toBe('é.txt');
    expect(names('diff --git "a/\\303\\251.txt" b/plain.txt')).toBe('plain.txt');
  });

  it('reads unquoted names with spaces, ignoring the tab git appends on ---/+++ lines', () => {
    const file = only(diffOf('diff --git a/my file.txt b/my file.txt', 'index 1..2 100644', '--- a/my file.txt\t', '+++ b/my file.txt\t', '@@ -0,0 +1 @@', '+x'));
    expect(file.path).toBe('my file.txt');
    expect(only(diffOf('diff --git a/a b c b/a b c', 'old mode 100644', 'new mode 100755')).path).toBe('a b c');
  });

  it('marks mode-only changes, but not a mode change with content', () => {
    expect(only(diffOf('diff --git a/run.sh b/run.sh', 'old mode 100644', 'new mode 100755'))).toMatchObject({ modeOnly: true, status: 'modified', blocks: [] });
    const withContent = only(diffOf('diff --git a/run.sh b/run.sh', 'old mode 100644', 'new mode 100755', 'index 1..2', '--- a/run.sh', '+++ b/run.sh', '@@ -1 +1 @@', '-a', '+b'));
    expect(withContent).toMatchObject({ modeOnly: false, blocks: [{ startLine: 1, lines: ['b'] }] });
    expect(only(diffOf('diff --git a/x b/x', 'new file mode 100755', 'index 0..1')).modeOnly).toBe(false);
  });

  it('marks a binary new file from the "Binary files /dev/null and b/x differ" line', () => {
    const file = only(diffOf('diff --git a/logo.png b/logo.png', 'new file mode 100644', 'index 0000000..1111111', 'Binary files /dev/null and b/logo.png differ'));
    expect(file).toEqual({ path: 'logo.png', status: 'added', binary: true, modeOnly: false, blocks: [] });
  });

  it('reads --no-prefix and mnemonic-prefix diffs', () => {
    const noPrefix = only(diffOf('diff --git src/a.ts src/a.ts', 'index 1..2 100644', '--- src/a.ts', '+++ src/a.ts', '@@ -1 +1 @@', '-a', '+b'));
    expect(noPrefix.path).toBe('src/a.ts');
    const mnemonic = only(diffOf('diff --git i/src/a.ts w/src/a.ts', 'index 1..2 100644', '--- i/src/a.ts', '+++ w/src/a.ts', '@@ -1 +1 @@', '-a', '+b'));
    expect(mnemonic.path).toBe('src/a.ts');
  });

  it('reads plain `diff -u` output with timestamps, and /dev/null sides', () => {
    const files = parseUnifiedDiff(diffOf(
      'diff -ruN old/a.txt new/a.txt',
      '--- old/a.txt\t2024-01-01 10:00:00.000000000 +0000',
      '+++ new/a.txt\t2024-01-02 10:00:00.000000000 +0000',
      '@@ -1 +1,2 @@',
      ' a',
      '+b',
      '--- /dev/null\t1970-01-01 00:00:00.000000000 +0000',
      '+++ new/b.txt\t2024-01-02 10:00:00.000000000 +0000',
      '@@ -0,0 +1 @@',
      '+c',
    ));
    expect(files).toEqual([
      { path: 'a.txt', status: 'modified', binary: false, modeOnly: false, blocks: [{ startLine: 2, lines: ['b'], precedingLine: 'a' }] },
      { path: 'b.txt', status: 'added', binary: false, modeOnly: false, blocks: [{ startLine: 1, lines: ['c'] }] },
    ]);
  });

  it('tolerates blank lines between files', () => {
    const files = parseUnifiedDiff('\n' + diffOf('diff --git a/x b/x', 'old mode 100644', 'new mode 100755', '', 'diff --git a/y b/y', 'old mode 100644', 'new mode 100755'));
    expect(files.map((f) => f.path)).toEqual(['x', 'y']);
  });
});

describe('parseUnifiedDiff errors', () => {
  it('has a readable message and the input line', () => {
    const error = diffErrorOf(() => parseUnifiedDiff('hello\n'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DiffError');
    expect(error.line).toBe(1);
    expect(error.message).toBe('malformed diff at line 1: file header expected ("diff --git" or "---")');
  });

  it('rejects garbage between files', () => {
    const text = diffOf('diff --git a/x b/x', 'old mode 100644', 'new mode 100755', 'Some commentary', 'diff --git a/y b/y');
    expect(diffErrorOf(() => parseUnifiedDiff(text)).line).toBe(4);
  });

  it('rejects a GitHub patch field given as a full diff (no file header)', () => {
    expect(diffErrorOf(() => parseUnifiedDiff('@@ -1 +1 @@\n-a\n+b')).line).toBe(1);
  });

  it('requires "+++" after "---" and a hunk after both', () => {
    expect(diffErrorOf(() => parseUnifiedDiff(diffOf('diff --git a/x b/x', '--- a/x', '@@ -1 +1 @@'))).line).toBe(3);
    const error = diffErrorOf(() => parseUnifiedDiff(diffOf('diff --git a/x b/x', 'index 1..2', '--- a/x', '+++ b/x', 'oops')));
    expect(error.message).toBe('malformed diff at line 5: hunk header expected');
  });

  it('requires "---"/"+++" between "diff --git" and the first hunk', () => {
    const error = diffErrorOf(() => parseUnifiedDiff(diffOf('diff --git a/x b/x', 'index 1..2 100644', '@@ -1 +1 @@', '-a', '+b')));
    expect(error.line).toBe(3);
    expect(error.message).toContain('"---" and "+++" lines expected');
  });

  it('reports the absolute input line of a bad hunk in a later file', () => {
    const text = diffOf(
      'diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b',
      'diff --git a/y b/y', '--- a/y', '+++ b/y', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', '+d',
    );
    expect(diffErrorOf(() => parseUnifiedDiff(text)).line).toBe(14);
  });

  it('reports a line past a finished hunk', () => {
    const text = diffOf('diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '+c');
    expect(diffErrorOf(() => parseUnifiedDiff(text)).line).toBe(7);
  });

  it('rejects a bad quoted name and a header whose names cannot be told apart', () => {
    expect(diffErrorOf(() => parseUnifiedDiff(diffOf('diff --git "a/x "b/x"', '--- "a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b'))).line).toBe(2);
    expect(diffErrorOf(() => parseUnifiedDiff(diffOf('diff --git a/p q b/r s', 'old mode 100644', 'new mode 100755'))).line).toBe(1);
  });

  it('rejects combined (merge) diffs', () => {
    const error = diffErrorOf(() => parseUnifiedDiff(diffOf('diff --cc file.txt', 'index 1,2..3')));
    expect(error.message).toContain('combined (merge) diffs are not supported');
  });
});
