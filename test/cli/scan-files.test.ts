/** `secret-review scan PATH...`: what a directory scan reads, skips and reports, in every format. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFake } from '../support/fake.js';
import { ensureBuilt, expectUsageError, leaks, makeTempDir, removeTempDir, runCli, writeTree } from './run-cli.js';

const fake = createFake(11);
const accessKey = () => 'AKIA' + fake.chars('A', 16);

/** One secret per place: each place's secret must or must not show up as a finding. */
const secrets = {
  app: accessKey(),
  nested: accessKey(),
  ignoredByRoot: accessKey(),
  ignoredByNested: accessKey(),
  reincluded: accessKey(),
  nodeModules: accessKey(),
  dotGit: accessKey(),
  binary: accessKey(),
  huge: accessKey(),
  secretKey: fake.chars('b64', 40),
};
const all = Object.values(secrets);

let dir: string;

beforeAll(async () => {
  ensureBuilt();
  dir = await makeTempDir();
  await writeTree(dir, {
    '.gitignore': 'dist/\n*.log\n',
    'src/app.ts': `// config\nexport const id = "${secrets.app}";\n`,
    'src/deep/.gitignore': 'local.txt\n!keep.log\n',
    'src/deep/settings.py': `AWS_SECRET_ACCESS_KEY = "${secrets.secretKey}"\nkey = '${secrets.nested}'\n`,
    'src/deep/local.txt': secrets.ignoredByNested,
    'src/deep/keep.log': `re-included by a nested rule: ${secrets.reincluded}`,
    'dist/bundle.js': secrets.ignoredByRoot,
    'debug.log': secrets.ignoredByRoot,
    'node_modules/pkg/index.js': secrets.nodeModules,
    '.git/config': secrets.dotGit,
    'image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from(` ${secrets.binary} `)]),
    'big/huge.txt': `${secrets.huge}\n${'x'.repeat(6 * 1024 * 1024)}`,
  });
});

afterAll(() => removeTempDir(dir));

describe('scan of a directory', () => {
  it('reports what git would track, skipping ignored, vendored, binary and huge files', async () => {
    const run = await runCli(['scan', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const places = report.findings.map((f: { path: string; startLine: number; ruleId: string }) => `${f.path}:${f.startLine} ${f.ruleId}`);
    expect(places).toEqual([
      'src/app.ts:2 aws-access-key-id',
      'src/deep/keep.log:1 aws-access-key-id',
      'src/deep/settings.py:1 aws-secret-access-key',
      'src/deep/settings.py:2 aws-access-key-id',
    ]);
    expect(run.stderr).toBe('skipped 1 file over 5 MB\n');
  });

  it('scans the paths it is given, and a named file even when .gitignore matches it', async () => {
    const run = await runCli(['scan', 'src/deep', 'debug.log', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const paths = JSON.parse(run.stdout).findings.map((f: { path: string }) => f.path);
    expect(paths).toEqual(['debug.log', 'src/deep/keep.log', 'src/deep/settings.py', 'src/deep/settings.py']);
  });

  it('scans a named directory that is skipped or ignored by default', async () => {
    const run = await runCli(['scan', 'node_modules', 'dist', '--format', 'json'], { cwd: dir });
    const paths = JSON.parse(run.stdout).findings.map((f: { path: string }) => f.path);
    expect(paths).toEqual(['dist/bundle.js', 'node_modules/pkg/index.js']);
  });

  it('applies .gitignore files above a named directory', async () => {
    await writeTree(dir, { 'src/deep/dist/out.js': secrets.ignoredByRoot });
    const run = await runCli(['scan', 'src', '--format', 'json'], { cwd: dir });
    const paths: string[] = JSON.parse(run.stdout).findings.map((f: { path: string }) => f.path);
    expect(paths).not.toContain('src/deep/dist/out.js');
  });

  it('takes the size limit from --max-file-size and says what it skipped', async () => {
    const run = await runCli(['scan', 'src', '--max-file-size', '20b', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('skipped 3 files over 20 B\n');
    const big = await runCli(['scan', 'big', '--max-file-size', '7MB'], { cwd: dir });
    expect(big.code).toBe(1);
    expect(big.stdout).toContain('big/huge.txt:1:1');
  });

  it('exits 0 with a clean report when nothing is found', async () => {
    const clean = await makeTempDir();
    try {
      await writeTree(clean, { 'README.md': '# nothing to see\n', 'empty.txt': '' });
      const run = await runCli(['scan'], { cwd: clean });
      expect(run).toEqual({ code: 0, stdout: 'No hard-coded credentials found.\n', stderr: '' });
    } finally {
      await removeTempDir(clean);
    }
  });

  it('writes a text report with locations, strategies and advice, without colours when piped', async () => {
    const run = await runCli(['scan', 'src'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^src\/app\.ts:2:20\s+aws-access-key\s+aws-access-key-id\s+AKIA\*{12}\w{4}\s+-> replace: an IAM role/m);
    expect(run.stdout).toContain('4 findings in 3 files: 4 aws-access-key');
    expect(run.stdout).toContain('What to do:');
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('colours the text report only when forced, and never with --no-color or --output', async () => {
    const forced = await runCli(['scan', 'src'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[');
    const off = await runCli(['scan', 'src', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(off.stdout).not.toContain('\x1b[');
  });

  it('writes the report to --output, leaving stdout empty', async () => {
    const out = join(dir, 'report.sarif');
    const run = await runCli(['scan', 'src', '--format', 'sarif', '--output', 'report.sarif'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    const log = JSON.parse(await readFile(out, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results).toHaveLength(4);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'src/app.ts',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('fails with one line when the output cannot be written', async () => {
    const run = await runCli(['scan', 'src', '--output', 'no/such/dir/report.txt'], { cwd: dir });
    expectUsageError(run, /^secret-review: cannot write no\/such\/dir\/report\.txt: no such file or directory$/);
  });

  it('fails with one line for a missing path or a bad size', async () => {
    expectUsageError(await runCli(['scan', 'missing'], { cwd: dir }), /cannot read missing: no such file or directory/);
    expectUsageError(await runCli(['scan', '--max-file-size', 'lots'], { cwd: dir }), /invalid size "lots"/);
  });

  it.each(['text', 'json', 'sarif'])('never shows a secret in the %s format', async (format) => {
    const outFile = `leak-check.${format}`;
    const runs = [
      await runCli(['scan', '--format', format, '--show-suppressed'], { cwd: dir }),
      await runCli(['scan', '.', 'debug.log', '--format', format, '--output', outFile], { cwd: dir, env: { FORCE_COLOR: '1' } }),
    ];
    const outputs = [...runs.flatMap((r) => [r.stdout, r.stderr]), await readFile(join(dir, outFile), 'utf8')];
    expect(runs.map((r) => r.code)).toEqual([1, 1]);
    expect(leaks(outputs, all)).toEqual([]);
  });
});
