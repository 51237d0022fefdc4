/**
 * `secret-review scan`: files and directories, a diff, or the staged changes -> findings -> a report
 * and an exit code (0 clean, 1 blocking findings per the configuration's failOn).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ScanPool } from '../detect/pool.js';
import { blocking } from '../detect/policy.js';
import type { Finding } from '../detect/finding.js';
import type { Source } from '../detect/scanner.js';
import { render, type Format } from '../report/index.js';
import { plural } from '../report/summary.js';
import { BATCH_CHARS, scanInBatches } from './batches.js';
import { loadConfig } from './config.js';
import { describeFsError, UserError } from './errors.js';
import type { SkippedFiles } from './file-sources.js';
import { Progress } from './progress.js';
import { formatSize, parseSize } from './size.js';
import { toolVersion } from './version.js';
import type { CliIo } from './io.js';

/** Characters a directory scan reads before it spreads the work over worker threads. */
const INLINE_FIRST = 64 * 1024 * 1024;

export interface ScanOptions {
  readonly diff?: string;
  readonly staged?: boolean;
  readonly config?: string;
  readonly format: Format;
  readonly output?: string;
  /** false with --no-color */
  readonly color: boolean;
  readonly showSuppressed?: boolean;
  readonly maxFileSize: string;
}

export const DEFAULT_MAX_FILE_SIZE = '5MB';

/** Colour for a person at a terminal only; NO_COLOR and FORCE_COLOR as everyone spells them. */
function useColor(options: ScanOptions, io: CliIo): boolean {
  if (options.format !== 'text' || options.output || !options.color) return false;
  if (io.env['NO_COLOR']) return false;
  if (io.env['FORCE_COLOR'] && io.env['FORCE_COLOR'] !== '0') return true;
  return io.stdout.isTTY === true;
}

/**
 * Outside a repository `git diff --cached` fails obscurely (it turns into --no-index): when it fails,
 * `rev-parse` says why in words ("not a git repository"). Asked only then, so a hook run spawns one git.
 */
async function stagedDiff(cwd: string): Promise<string> {
  const { runGit, STAGED_DIFF_ARGS } = await import('./diff-sources.js');
  try {
    return await runGit(STAGED_DIFF_ARGS, cwd);
  } catch (error) {
    await runGit(['rev-parse', '--show-toplevel'], cwd);
    throw error;
  }
}

export async function scanCommand(paths: readonly string[], options: ScanOptions, io: CliIo): Promise<number> {
  const modes = [options.diff !== undefined, options.staged === true, paths.length > 0].filter(Boolean).length;
  if (modes > 1) throw new UserError('--diff, --staged and PATH arguments cannot be combined');
  const maxFileSize = parseSize(options.maxFileSize);
  const config = await loadConfig(options.config, io.cwd);
  // Only these sources are read fully into memory; directory scans stream. Each mode loads only its
  // own readers (the diff parser and child_process, or the walk and binary detection): start-up time
  // counts for a hook that scans a few lines.
  let sources: Source[] | undefined;
  let fileSources: typeof import('./file-sources.js').fileSources | undefined;
  if (options.diff !== undefined || options.staged) {
    const { diffSources, readDiff } = await import('./diff-sources.js');
    sources = diffSources(options.diff !== undefined ? await readDiff(options.diff, io.stdin) : await stagedDiff(io.cwd));
  } else {
    ({ fileSources } = await import('./file-sources.js'));
  }

  const key = io.env['SECRET_REVIEW_FINGERPRINT_KEY'];
  // Worker threads only once a scan is large enough to repay their start (see ScanPool).
  const pool = new ScanPool({ config, inlineFirst: INLINE_FIRST, ...(key ? { fingerprintKey: key } : {}) });
  const progress = new Progress(io.stderr);
  const skipped: SkippedFiles = { tooLarge: 0, binary: 0, unreadable: 0 };
  let findings: Finding[];
  try {
    findings = await scanInBatches(
      sources ?? fileSources!({ paths: paths.length > 0 ? paths : ['.'], cwd: io.cwd, maxFileSize, progress }, skipped),
      pool,
      BATCH_CHARS,
      INLINE_FIRST,
    );
  } finally {
    progress.done();
    await pool.close();
  }
  if (skipped.tooLarge > 0) io.stderr.write(`skipped ${plural(skipped.tooLarge, 'file')} over ${formatSize(maxFileSize)}\n`);
  if (skipped.unreadable > 0) io.stderr.write(`skipped ${plural(skipped.unreadable, 'unreadable file')}\n`);

  const report = render(options.format, findings, {
    failOn: config.failOn,
    showSuppressed: options.showSuppressed ?? false,
    toolVersion: toolVersion(),
    color: useColor(options, io),
  });
  if (options.output) {
    try {
      await writeFile(resolve(io.cwd, options.output), report);
    } catch (error) {
      throw new UserError(`cannot write ${options.output}: ${describeFsError(error)}`);
    }
  } else {
    io.stdout.write(report);
  }
  return blocking(findings, config).length > 0 ? 1 : 0;
}
