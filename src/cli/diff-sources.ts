/**
 * Diffs as sources: each block of added lines is scanned at its head-side line numbers, with the
 * context line above it (when the diff shows one) so an "allow" comment there still counts.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { DiffError, parseUnifiedDiff } from '../diff/index.js';
import type { Source } from '../detect/scanner.js';
import { describeFsError, UserError } from './errors.js';

export function diffSources(text: string): Source[] {
  let files;
  try {
    files = parseUnifiedDiff(text);
  } catch (error) {
    if (error instanceof DiffError) throw new UserError(error.message);
    throw error;
  }
  const sources: Source[] = [];
  for (const file of files) {
    if (file.binary || file.status === 'deleted') continue;
    for (const block of file.blocks) {
      sources.push({
        path: file.path,
        text: block.lines.join('\n'),
        firstLine: block.startLine,
        ...(block.precedingLine !== undefined ? { precedingLine: block.precedingLine } : {}),
      });
    }
  }
  return sources;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The diff named by `--diff`: a file, or `-` for standard input. */
export async function readDiff(file: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (file === '-') return readStream(stdin);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read diff ${file}: ${describeFsError(error)}`);
  }
}

/**
 * What `git commit` is about to record. One line of context (-U1) rather than none, so a
 * `secret-review:allow` comment just above an added line is seen; the options pin the format
 * whatever the user's git configuration says (colours, external diff tools, prefixes, textconv).
 */
export const STAGED_DIFF_ARGS = [
  'diff',
  '--cached',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '-U1',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--no-relative',
];

export async function runGit(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) =>
      reject(new UserError(`cannot run git: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed' : error.message}`)),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const reason = Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit code ${code}`;
      reject(new UserError(`git ${args[0]} failed: ${reason.replace(/^fatal: /, '')}`));
    });
  });
}
