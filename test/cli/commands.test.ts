/** `rules`, `install-hook`, usage errors, and the pre-commit framework's hook definition. */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { RULES } from '../../src/detect/rules/index.js';
import { ensureBuilt, expectUsageError, git, makeGitRepo, makeTempDir, removeTempDir, REPO_ROOT, runCli } from './run-cli.js';

let scratch: string;

beforeAll(async () => {
  ensureBuilt();
  scratch = await makeTempDir();
});

afterAll(() => removeTempDir(scratch));

describe('rules', () => {
  it('lists the catalog as a table', async () => {
    const run = await runCli(['rules'], { cwd: scratch });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+SEVERITY\s+STRATEGY\s+TITLE$/);
    expect(run.stdout).toMatch(/^aws-access-key-id\s+aws-access-key\s+critical\s+replace\s+AWS access key ID$/m);
    expect(run.stdout).toContain(`\n${RULES.length} rules\n`);
  });

  it('lists the catalog as JSON', async () => {
    const run = await runCli(['rules', '--format', 'json'], { cwd: scratch });
    expect(run.code).toBe(0);
    const { rules } = JSON.parse(run.stdout);
    expect(rules).toHaveLength(RULES.length);
    expect(rules[0]).toEqual({ id: 'aws-access-key-id', kind: 'aws-access-key', severity: 'critical', strategy: 'replace', title: 'AWS access key ID' });
  });
});

describe('install-hook', () => {
  let repo: string;
  const hook = () => join(repo, '.git/hooks/pre-commit');

  beforeAll(async () => {
    repo = await makeGitRepo();
  });
  afterAll(() => removeTempDir(repo));

  it('writes an executable pre-commit hook that scans the staged changes', async () => {
    const run = await runCli(['install-hook'], { cwd: repo });
    expect(run).toEqual({ code: 0, stdout: 'pre-commit hook installed at .git/hooks/pre-commit\n', stderr: '' });
    const script = await readFile(hook(), 'utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain('exec npx --no-install secret-review scan --staged\n');
    expect((await stat(hook())).mode & 0o111).toBe(0o111);
  });

  it('is idempotent for its own hook, and refreshes an older version of it', async () => {
    expect((await runCli(['install-hook'], { cwd: repo })).stdout).toBe('pre-commit hook already installed at .git/hooks/pre-commit\n');
    const current = await readFile(hook(), 'utf8');
    await writeFile(hook(), current.replace('scan --staged', 'scan --staged --old-flag'));
    expect((await runCli(['install-hook'], { cwd: repo })).stdout).toBe('pre-commit hook updated at .git/hooks/pre-commit\n');
    expect(await readFile(hook(), 'utf8')).toBe(current);
  });

  it('refuses to replace somebody else’s hook unless forced', async () => {
    await writeFile(hook(), '#!/bin/sh\nexec make lint\n');
    expectUsageError(await runCli(['install-hook'], { cwd: repo }), /pre-commit exists and was not written by secret-review; use --force/);
    expect(await readFile(hook(), 'utf8')).toBe('#!/bin/sh\nexec make lint\n');
    const forced = await runCli(['install-hook', '--force'], { cwd: repo });
    expect(forced).toMatchObject({ code: 0, stdout: 'pre-commit hook replaced at .git/hooks/pre-commit\n' });
    expect(await readFile(hook(), 'utf8')).toContain('secret-review scan --staged');
  });

  it('installs into core.hooksPath when set, from any subdirectory', async () => {
    const other = await makeGitRepo();
    try {
      git(other, 'config', 'core.hooksPath', 'tools/hooks');
      await mkdir(join(other, 'docs'));
      const run = await runCli(['install-hook'], { cwd: join(other, 'docs') });
      expect(run).toMatchObject({ code: 0, stdout: 'pre-commit hook installed at ../tools/hooks/pre-commit\n' });
      expect(await readFile(join(other, 'tools/hooks/pre-commit'), 'utf8')).toContain('secret-review scan --staged');
    } finally {
      await removeTempDir(other);
    }
  });

  it('fails with one line outside a git repository', async () => {
    expectUsageError(await runCli(['install-hook'], { cwd: scratch }), /not a git repository/);
  });
});

describe('usage', () => {
  it.each([
    [['scan', '--fromat', 'json'], /^secret-review: unknown option '--fromat' \(Did you mean --format\?\)$/],
    [['scan', '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are text, json, sarif\.$/],
    [['scan', '--output'], /option '--output <file>' argument missing/],
    [['lint'], /^secret-review: unknown command 'lint'/],
    [[], /^secret-review: missing command: scan, rules or install-hook/],
  ])('%j exits 2 with one line', async (args, pattern) => {
    expectUsageError(await runCli(args, { cwd: scratch }), pattern);
  });

  it('prints help and version with exit 0', async () => {
    const help = await runCli(['scan', '--help'], { cwd: scratch });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-file-size <size>');
    expect(help.stdout).toContain('--show-suppressed');
    const version = await runCli(['--version'], { cwd: scratch });
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('is an executable ESM script with a shebang, as package.json "bin" expects', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin['secret-review']).toBe('dist/src/cli.js');
    expect((await readFile(join(REPO_ROOT, 'src/cli.ts'), 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('declares the secret-review hook for the pre-commit framework', async () => {
    const hooks = parseYaml(await readFile(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hooks).toEqual([
      expect.objectContaining({ id: 'secret-review', language: 'node', entry: 'secret-review scan', pass_filenames: true }),
    ]);
  });
});
