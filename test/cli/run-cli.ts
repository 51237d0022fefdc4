/**
 * Runs the built CLI (`dist/src/cli.js`, as users get it) in temporary directories. `npm test` builds
 * first; a missing build is made here so a lone `jest test/cli` works too.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO_ROOT, 'dist/src/cli.js');

/** The machine's git configuration (a global hooksPath, signing, diff.noprefix) must not change what tests see. */
const ISOLATED_GIT = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  input?: string;
  env?: Record<string, string>;
}

export function runCli(args: readonly string[], options: RunOptions): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, ...ISOLATED_GIT, ...options.env };
  // The test runner's colour settings must not leak into the CLI's own decision.
  if (!options.env?.['FORCE_COLOR']) delete env['FORCE_COLOR'];
  if (!options.env?.['NO_COLOR']) delete env['NO_COLOR'];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'secret-review-cli-'));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes files (paths with forward slashes) under `root`, creating directories. */
export async function writeTree(root: string, files: Readonly<Record<string, string | Buffer>>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(root, ...path.split('/'));
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, content);
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ISOLATED_GIT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function makeGitRepo(): Promise<string> {
  const dir = await makeTempDir();
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** The user errors contract: exit 2, one line on stderr, no stack trace. */
export function expectUsageError(run: CliRun, pattern: RegExp): void {
  const lines = run.stderr.split('\n').filter(Boolean);
  if (run.code !== 2 || lines.length !== 1 || !pattern.test(lines[0]!) || /\n\s+at /.test(run.stderr)) {
    throw new Error(`expected exit 2 with one line matching ${pattern}, got ${run.code}: ${JSON.stringify(run.stderr)}`);
  }
}

/** Everything a run made visible: stdout, stderr and any report file it wrote. */
export function leaks(outputs: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((s) => outputs.some((o) => o.includes(s)));
}
