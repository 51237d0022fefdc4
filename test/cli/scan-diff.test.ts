/** `scan --diff` and `scan --staged`: only added lines, at their head-side line numbers. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFake } from '../support/fake.js';
import { ensureBuilt, expectUsageError, git, leaks, makeGitRepo, makeTempDir, removeTempDir, runCli, writeTree } from './run-cli.js';

const fake = createFake(23);
const accessKey = () => 'AKIA' + fake.chars('A', 16);
const committed = accessKey();
const changed = accessKey();
const appended = accessKey();
const allowed = accessKey();
const unstaged = accessKey();
const deleted = accessKey();
const all = [committed, changed, appended, allowed, unstaged, deleted];

interface JsonFinding {
  path: string;
  startLine: number;
  startColumn: number;
  suppression?: { by: string };
}
const places = (stdout: string) =>
  (JSON.parse(stdout).findings as JsonFinding[]).map((f) => `${f.path}:${f.startLine}:${f.startColumn}${f.suppression ? ` (${f.suppression.by})` : ''}`);

let repo: string;
let diff: string;

beforeAll(async () => {
  ensureBuilt();
  repo = await makeGitRepo();
  await writeTree(repo, {
    'config.js': ['// settings', `const old = "${committed}";`, 'const region = "eu-west-1";', '// secret-review:allow', 'const x = 1;', ''].join('\n'),
    'gone.txt': `${deleted}\n`,
  });
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  await writeTree(repo, {
    'config.js': [
      '// settings',
      `const old = "${committed}";`,
      `const region = "${changed}";`,
      '// secret-review:allow',
      `const x = "${allowed}";`,
      `const more = "${appended}";`,
      '',
    ].join('\n'),
  });
  git(repo, 'rm', '-q', 'gone.txt');
  diff = git(repo, 'diff', 'HEAD');
  await writeFile(join(repo, 'change.diff'), diff);
});

afterAll(() => removeTempDir(repo));

describe('scan --diff', () => {
  it('reports added lines only, at head-side line numbers, honouring an allow comment in the context', async () => {
    const run = await runCli(['scan', '--diff', 'change.diff', '--format', 'json', '--show-suppressed'], { cwd: repo });
    expect(run.code).toBe(1);
    expect(places(run.stdout)).toEqual(['config.js:3:17', 'config.js:5:12 (inline)', 'config.js:6:15']);
  });

  it('reads the diff from standard input with -', async () => {
    const run = await runCli(['scan', '--diff', '-', '--format', 'json'], { cwd: repo, input: diff });
    expect(run.code).toBe(1);
    expect(places(run.stdout)).toEqual(['config.js:3:17', 'config.js:6:15']);
  });

  it('exits 0 for an empty diff', async () => {
    const run = await runCli(['scan', '--diff', '-'], { cwd: repo, input: '' });
    expect(run.code).toBe(0);
  });

  it('fails with the line number of a malformed diff', async () => {
    const broken = ['diff --git a/x.txt b/x.txt', '--- a/x.txt', '+++ b/x.txt', '@@ -1,2 +1,2 @@', ' a', 'garbage', ''].join('\n');
    expectUsageError(await runCli(['scan', '--diff', '-'], { cwd: repo, input: broken }), /^secret-review: malformed diff at line 6\b/);
    expectUsageError(await runCli(['scan', '--diff', '-'], { cwd: repo, input: 'hello\n' }), /malformed diff at line 1\b/);
  });

  it('fails with one line when the diff file is missing, or modes are mixed', async () => {
    expectUsageError(await runCli(['scan', '--diff', 'nope.diff'], { cwd: repo }), /cannot read diff nope\.diff: no such file/);
    expectUsageError(await runCli(['scan', '--diff', 'change.diff', 'src'], { cwd: repo }), /cannot be combined/);
    expectUsageError(await runCli(['scan', '--diff', 'change.diff', '--staged'], { cwd: repo }), /cannot be combined/);
  });

  it.each(['text', 'json', 'sarif'])('never shows a secret in the %s format', async (format) => {
    const run = await runCli(['scan', '--diff', 'change.diff', '--format', format, '--show-suppressed'], { cwd: repo });
    expect(leaks([run.stdout, run.stderr], all)).toEqual([]);
  });
});

describe('scan --staged', () => {
  let staged: string;

  beforeAll(async () => {
    staged = await makeGitRepo();
    await writeTree(staged, { 'app/keys.env': `# ok\nA=1\n`, 'notes.md': 'nothing\n', 'main.js': 'a();\n// secret-review:allow\n' });
    git(staged, 'add', '.');
    git(staged, 'commit', '-q', '-m', 'base');
  });

  afterAll(() => removeTempDir(staged));

  it('exits 0 when nothing is staged', async () => {
    expect(await runCli(['scan', '--staged'], { cwd: staged })).toEqual({
      code: 0,
      stdout: 'No hard-coded credentials found.\n',
      stderr: '',
    });
  });

  it('reports what is staged, not what is only in the working tree', async () => {
    await writeTree(staged, { 'app/keys.env': `# ok\nA=1\nAWS_ACCESS_KEY_ID=${appended}\n` });
    git(staged, 'add', 'app/keys.env');
    await writeTree(staged, { 'notes.md': `nothing\n${unstaged}\n` });
    const run = await runCli(['scan', '--staged', '--format', 'json'], { cwd: staged });
    expect(run.code).toBe(1);
    expect(places(run.stdout)).toEqual(['app/keys.env:3:19']);
    expect(leaks([run.stdout, run.stderr], all)).toEqual([]);
  });

  it('sees an allow comment on the committed line above a staged line', async () => {
    await writeTree(staged, { 'main.js': `a();\n// secret-review:allow\nconst k = "${allowed}";\n` });
    git(staged, 'add', 'main.js');
    const run = await runCli(['scan', '--staged', '--format', 'json', '--show-suppressed'], { cwd: staged });
    expect(run.code).toBe(1);
    expect(places(run.stdout)).toEqual(['app/keys.env:3:19', 'main.js:3:12 (inline)']);
  });

  it('reports repository-relative paths from a subdirectory', async () => {
    const run = await runCli(['scan', '--staged', '--format', 'json'], { cwd: join(staged, 'app') });
    expect(places(run.stdout)).toEqual(['app/keys.env:3:19']);
  });

  it('fails with one line outside a git repository', async () => {
    const plain = await makeTempDir();
    try {
      expectUsageError(await runCli(['scan', '--staged'], { cwd: plain }), /not a git repository/);
    } finally {
      await removeTempDir(plain);
    }
  });
});
