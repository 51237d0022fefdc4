/**
 * `npm run bench`: generates the corpus, then in the same run scans it with this engine, secretlint
 * (recommended preset) and, when installed, AWS git-secrets, and prints throughput, peak memory,
 * findings, recall and precision on the planted set, and a scaling row for 1x, 4x and 16x the corpus;
 * then the app's rows (bench/app.ts) and the webhook burst's (bench/queue.ts: ack p50/p99 and reviews
 * per minute, SQLite, and Redis when REDIS_URL is set).
 *
 * Each tool runs in a child process under GNU time, so wall time and peak RSS are measured the same
 * way for all. Tool output is parsed for locations only and never printed (it holds the secrets).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, type Corpus, type Planted } from './corpus.js';
import { Scanner } from '../src/detect/scanner.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const MB = 1024 * 1024;

interface Location {
  readonly path: string;
  readonly line: number;
}

interface Measured {
  readonly tool: string;
  readonly scope: string;
  readonly bytes: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly findings: readonly Location[];
  readonly planted: readonly Planted[];
}

/** Runs a command under GNU time; returns its stdout, wall seconds and peak RSS. */
function timed(command: string, args: string[], cwd: string, timeoutMs = 15 * 60_000): { stdout: string; seconds: number; peakRssMb: number } {
  const statsFile = join(tmpdir(), `secret-review-bench-time-${process.pid}`);
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', statsFile, command, ...args], {
    cwd,
    maxBuffer: 1024 * MB,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (result.error) throw result.error;
  const [seconds, kb] = readFileSync(statsFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(statsFile, { force: true });
  return { stdout: result.stdout, seconds: seconds!, peakRssMb: kb! / 1024 };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out.sort();
}

/** Child mode: this engine on one thread, files read one at a time; prints locations as JSON. */
function singleThreadScan(dir: string): void {
  const scanner = new Scanner();
  const found: Location[] = [];
  let scanMs = 0;
  let bytes = 0;
  for (const file of listFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    const t0 = performance.now();
    const findings = scanner.scan({ path: relative(dir, file), text });
    scanMs += performance.now() - t0;
    for (const f of findings) if (!f.suppression) found.push({ path: f.path, line: f.startLine });
  }
  process.stdout.write(JSON.stringify({ scanMs, bytes, found }));
}

function score(m: Measured): { recall: number; precision: number } {
  const plantedAt = new Set(m.planted.map((p) => `${p.path}:${p.line}`));
  const foundAt = new Set(m.findings.map((f) => `${f.path}:${f.line}`));
  const truePositives = [...foundAt].filter((k) => plantedAt.has(k)).length;
  return {
    recall: plantedAt.size === 0 ? 0 : truePositives / plantedAt.size,
    precision: foundAt.size === 0 ? 1 : truePositives / foundAt.size,
  };
}

function ourEngine(corpus: Corpus): { single: Measured; pure: number } {
  const run = timed(process.execPath, [fileURLToPath(import.meta.url), '--single', corpus.dir], ROOT);
  const out = JSON.parse(run.stdout) as { scanMs: number; bytes: number; found: Location[] };
  return {
    single: { tool: 'secret-review (1 thread)', scope: 'full', bytes: corpus.bytes, seconds: run.seconds, peakRssMb: run.peakRssMb, findings: out.found, planted: corpus.planted },
    pure: out.bytes / MB / (out.scanMs / 1000),
  };
}

function ourCli(corpus: Corpus, dir = corpus.dir, bytes = corpus.bytes, label = 'secret-review (CLI, all cores)'): Measured {
  const outFile = join(tmpdir(), `secret-review-bench-${process.pid}.json`);
  const run = timed(process.execPath, [CLI, 'scan', '.', '--format', 'json', '--output', outFile, '--no-color'], dir);
  const report = JSON.parse(readFileSync(outFile, 'utf8')) as { findings: { path: string; startLine: number; suppression?: unknown }[] };
  rmSync(outFile, { force: true });
  return {
    tool: label,
    scope: 'full',
    bytes,
    seconds: run.seconds,
    peakRssMb: run.peakRssMb,
    findings: report.findings.filter((f) => !f.suppression).map((f) => ({ path: f.path, line: f.startLine })),
    planted: corpus.planted,
  };
}

/** secretlint is slow: it scans a sample of the corpus (every Nth file) and its rate is taken there. */
function secretlint(corpus: Corpus, every: number): Measured | string {
  const bin = join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  if (!existsSync(bin)) return 'not installed';
  const files = listFiles(corpus.dir).filter((_, i) => i % every === 0);
  const sampleDir = join(dirname(corpus.dir), 'secretlint-sample');
  rmSync(sampleDir, { recursive: true, force: true });
  let bytes = 0;
  for (const file of files) {
    const rel = relative(corpus.dir, file);
    mkdirSync(dirname(join(sampleDir, rel)), { recursive: true });
    linkSync(file, join(sampleDir, rel));
    bytes += statSync(file).size;
  }
  writeFileSync(join(sampleDir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  // Its report goes to a file: piped stdout is cut short when it exits. The report is parsed for
  // locations only; a parse failure says so without echoing the report (it quotes the files).
  const reportFile = join(tmpdir(), `secret-review-bench-secretlint-${process.pid}.json`);
  const run = timed(process.execPath, [bin, '**/*', '--format', 'json', '--output', reportFile], sampleDir);
  let results: { filePath: string; messages: { loc: { start: { line: number } } }[] }[];
  try {
    results = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    return 'its JSON report could not be read';
  } finally {
    rmSync(reportFile, { force: true });
  }
  const sampled = new Set(files.map((f) => relative(corpus.dir, f)));
  return {
    tool: 'secretlint (recommend)',
    scope: `1/${every} sample`,
    bytes,
    seconds: run.seconds,
    peakRssMb: run.peakRssMb,
    findings: results.flatMap((r) => r.messages.map((m) => ({ path: relative(sampleDir, r.filePath), line: m.loc.start.line }))),
    planted: corpus.planted.filter((p) => sampled.has(p.path)),
  };
}

function gitSecrets(corpus: Corpus): Measured | string {
  if (spawnSync('git', ['secrets'], { encoding: 'utf8' }).stderr.includes('not a git command')) return 'not installed (apt-get install git-secrets)';
  if (!existsSync(join(corpus.dir, '.git'))) {
    execFileSync('git', ['init', '-q'], { cwd: corpus.dir });
    execFileSync('git', ['secrets', '--register-aws'], { cwd: corpus.dir });
  }
  const run = timed('git', ['secrets', '--scan', '-r', '.'], corpus.dir);
  // git-secrets prints matches on stderr as path:line:text; only path and line are kept.
  const result = spawnSync('git', ['secrets', '--scan', '-r', '.'], { cwd: corpus.dir, encoding: 'utf8', maxBuffer: 1024 * MB });
  const findings = (result.stdout + result.stderr)
    .split('\n')
    .map((l) => /^([^:]+):(\d+):/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[1]!.replace(/^\.\//, ''), line: Number(m[2]) }));
  return { tool: 'git-secrets (AWS patterns)', scope: 'full', bytes: corpus.bytes, seconds: run.seconds, peakRssMb: run.peakRssMb, findings, planted: corpus.planted };
}

function replicate(corpus: Corpus, times: number): string {
  const dir = join(dirname(corpus.dir), `x${times}`);
  if (existsSync(dir)) return dir;
  const files = listFiles(corpus.dir);
  for (let copy = 0; copy < times; copy++) {
    for (const file of files) {
      const target = join(dir, `copy${copy}`, relative(corpus.dir, file));
      mkdirSync(dirname(target), { recursive: true });
      linkSync(file, target);
    }
  }
  return dir;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const megabytes = Number(process.env.BENCH_MB ?? 50);
  const base = join(tmpdir(), 'secret-review-bench');
  rmSync(base, { recursive: true, force: true });
  const t0 = performance.now();
  const corpus = generateCorpus(join(base, 'x1'), megabytes);
  console.log(`corpus: ${corpus.files} files, ${(corpus.bytes / MB).toFixed(1)} MB, ${corpus.planted.length} planted credentials (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);

  const { single, pure } = ourEngine(corpus);
  const cli = ourCli(corpus);
  const rows: Measured[] = [single, cli];
  const secretlintRow = secretlint(corpus, Number(process.env.BENCH_SECRETLINT_EVERY ?? 10));
  const gitSecretsRow = gitSecrets(corpus);
  for (const r of [secretlintRow, gitSecretsRow]) if (typeof r !== 'string') rows.push(r);

  const rate = (m: Measured) => m.bytes / MB / m.seconds;
  console.log('tool                          scope          MB/s   peak RSS   findings   recall   precision   our speed ratio');
  for (const m of rows) {
    const { recall, precision } = score(m);
    const ratio = m === single || m === cli ? '' : `${(rate(cli) / rate(m)).toFixed(1)}x (CLI), ${(rate(single) / rate(m)).toFixed(1)}x (1 thread)`;
    console.log(
      `${m.tool.padEnd(30)}${m.scope.padEnd(13)}${rate(m).toFixed(1).padStart(6)}${`${m.peakRssMb.toFixed(0)} MB`.padStart(11)}${String(m.findings.length).padStart(11)}${pct(recall).padStart(9)}${pct(precision).padStart(12)}   ${ratio}`,
    );
  }
  if (typeof secretlintRow === 'string') console.log(`secretlint: ${secretlintRow}`);
  if (typeof gitSecretsRow === 'string') console.log(`git-secrets: ${gitSecretsRow}`);
  console.log(`\nengine alone, 1 thread, scanning only (files already read): ${pure.toFixed(1)} MB/s`);
  if (typeof gitSecretsRow !== 'string') {
    console.log(`time vs git-secrets: ${(single.seconds / gitSecretsRow.seconds).toFixed(2)}x (1 thread), ${(cli.seconds / gitSecretsRow.seconds).toFixed(2)}x (CLI)`);
  }

  console.log('\nscaling (CLI directory scan, all cores)');
  console.log('size        MB      seconds    MB/s   peak RSS');
  for (const times of [1, 4, 16]) {
    const dir = times === 1 ? corpus.dir : replicate(corpus, times);
    const m = times === 1 ? cli : ourCli(corpus, dir, corpus.bytes * times, `x${times}`);
    console.log(`${`${times}x`.padEnd(8)}${(m.bytes / MB).toFixed(0).padStart(6)}${m.seconds.toFixed(2).padStart(13)}${rate(m).toFixed(1).padStart(8)}${`${m.peakRssMb.toFixed(0)} MB`.padStart(11)}`);
  }
  rmSync(base, { recursive: true, force: true });

  // Loaded here, not at the top: the --single child must not load Probot and nock (its RSS is measured).
  const { appRows } = await import('./app.js');
  await appRows();
  const { queueRows } = await import('./queue.js');
  await queueRows();
}

if (process.argv[2] === '--single') singleThreadScan(process.argv[3]!);
else await main();
