import { describe, it, expect } from '@jest/globals';
import { parsePatch, DiffError } from '../../src/diff/index.js';

// Secret-looking values are built at run time so no file holds a whole credential.
const fakeAwsKeyId = 'AKIA' + 'Z'.repeat(16);
const pemBegin = '-----BEGIN RSA ' + 'PRIVATE KEY-----';
const pemEnd = '-----END RSA ' + 'PRIVATE KEY-----';

/** Shaped like an entry of GET /repos/{owner}/{repo}/pulls/{n}/files: `patch` has hunks only and no final newline. */
const pullRequestFile = {
  filename: 'config/settings.py',
  status: 'modified',
  additions: 6,
  deletions: 1,
  patch: [
    '@@ -10,6 +10,7 @@ DATABASES = {',
    "     'default': {",
    "         'ENGINE': 'django.db.backends.postgresql',",
    "         'NAME': 'app',",
    `+        'AWS_KEY': '${fakeAwsKeyId}',`,
    '     }',
    ' }',
    ' ',
    '@@ -40,3 +41,7 @@ def load():',
    '     return settings',
    '-',
    '+# allow-secret: test fixture',
    `+KEY = """${pemBegin}`,
    '+' + 'M'.repeat(64),
    `+${pemEnd}"""`,
    '+',
    ' # end',
  ].join('\n'),
};

describe('parsePatch (GitHub patch field)', () => {
  it('reads a pull-request file patch with several hunks and no final newline', () => {
    const file = parsePatch(pullRequestFile.filename, pullRequestFile.patch);
    expect(file).toEqual({
      path: 'config/settings.py',
      status: 'modified',
      binary: false,
      modeOnly: false,
      blocks: [
        { startLine: 13, lines: [`        'AWS_KEY': '${fakeAwsKeyId}',`], precedingLine: "        'NAME': 'app'," },
        {
          startLine: 42,
          lines: ['# allow-secret: test fixture', `KEY = """${pemBegin}`, 'M'.repeat(64), `${pemEnd}"""`, ''],
          precedingLine: '    return settings',
        },
      ],
    });
    const added = file.blocks.reduce((sum, block) => sum + block.lines.length, 0);
    expect(added).toBe(pullRequestFile.additions);
  });

  it('finds a multi-line key once, at its first line', () => {
    const file = parsePatch('key.pem', `@@ -0,0 +1,3 @@\n+${pemBegin}\n+${'M'.repeat(64)}\n+${pemEnd}`, 'added');
    expect(file.blocks).toHaveLength(1);
    expect(file.blocks[0]?.startLine).toBe(1);
  });

  it('passes status and previous path through', () => {
    const file = parsePatch('b/new.ts', '@@ -1 +1 @@\n-a\n+b', 'renamed', 'a/old.ts');
    expect(file).toMatchObject({ path: 'b/new.ts', previousPath: 'a/old.ts', status: 'renamed' });
    expect(parsePatch('same.ts', '', 'modified', 'same.ts')).not.toHaveProperty('previousPath');
  });

  it('reads an added file and a removed file', () => {
    expect(parsePatch('n.txt', '@@ -0,0 +1,2 @@\n+one\n+two', 'added').blocks).toEqual([{ startLine: 1, lines: ['one', 'two'] }]);
    expect(parsePatch('d.txt', '@@ -1,2 +0,0 @@\n-one\n-two', 'deleted')).toMatchObject({ status: 'deleted', blocks: [] });
  });

  it('reads a patch ending in "\\ No newline at end of file"', () => {
    const file = parsePatch('x', '@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n\\ No newline at end of file');
    expect(file.blocks).toEqual([{ startLine: 1, lines: ['a', 'b'] }]);
  });

  it('returns no blocks for an empty patch', () => {
    expect(parsePatch('x', '').blocks).toEqual([]);
    expect(parsePatch('x', '\n').blocks).toEqual([]);
  });

  it('rejects text that is not hunks, naming the line', () => {
    const error = (() => {
      try {
        parsePatch('x', 'diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DiffError);
    expect((error as DiffError).line).toBe(1);
    expect((error as DiffError).message).toBe('malformed diff at line 1: hunk header expected');
    expect(() => parsePatch('x', '@@ -1 +1 @@\n-a\n+b\ntrailing words')).toThrow('malformed diff at line 4');
  });
});
