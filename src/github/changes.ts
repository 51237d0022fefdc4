/**
 * Reading a change from GitHub: the files of a pull request (paginated; GitHub lists at most 3000) or
 * of a compare (a push; at most 300), each turned into its added lines. A file listed without a
 * `patch` (GitHub leaves it out of large diffs) is fetched at both ends and diffed locally; binary files
 * are skipped and counted. Removed lines never appear: only added blocks are kept.
 */
import { isBinaryFile } from 'isbinaryfile';
import { parsePatch, type ChangedFile, type FileStatus } from '../diff/index.js';
import { parseHunkHeader } from '../diff/hunks.js';
import type { Job } from './job.js';
import { addedBlocks } from './local-diff.js';
import type { AppOctokit } from './octokit.js';

/** GitHub's cap on a pull request's file list, and on a compare's. */
export const PULL_FILES_LIMIT = 3000;
export const COMPARE_FILES_LIMIT = 300;
/** Files larger than this are not fetched for a local diff. */
export const MAX_FETCHED_BYTES = 10 * 1024 * 1024;
/** Parallel content fetches for patch-less files. */
const FETCH_CONCURRENCY = 4;

/** A file as GitHub's pull-request files and compare endpoints list it. */
export interface ListedFile {
  readonly filename: string;
  readonly status: string;
  readonly additions: number;
  readonly deletions?: number;
  readonly changes?: number;
  readonly patch?: string;
  readonly previous_filename?: string;
}

export interface Changes {
  readonly files: ChangedFile[];
  /**
   * Head-side line ranges GitHub's diff shows per path (hunks of the `patch`), where an inline review
   * comment can go. Files diffed locally have none.
   */
  readonly commentable: ReadonlyMap<string, readonly (readonly [number, number])[]>;
  readonly binarySkipped: number;
  readonly tooLargeSkipped: string[];
  /** set when GitHub's list stopped at its cap */
  readonly listLimit?: { readonly listed: number; readonly total?: number };
}

interface Log {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

const STATUS: Readonly<Record<string, FileStatus | undefined>> = {
  added: 'added',
  modified: 'modified',
  changed: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  removed: 'deleted',
};

/** Head-side line ranges of the hunks of a GitHub `patch`. */
export function rightSideRanges(patch: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const line of patch.split('\n')) {
    if (!line.startsWith('@@')) continue;
    const header = parseHunkHeader(line.replace(/\r$/, ''));
    if (header && header.newCount > 0) ranges.push([header.newStart, header.newStart + header.newCount - 1]);
  }
  return ranges;
}

/** Whether lines start..end sit inside one hunk of the ranges. */
export function withinOneHunk(ranges: readonly (readonly [number, number])[] | undefined, start: number, end: number): boolean {
  return !!ranges?.some(([from, to]) => start >= from && end <= to);
}

/** Lists the files of the job's change. */
export async function listFiles(octokit: AppOctokit, job: Job): Promise<{ files: ListedFile[]; mergeBase?: string; listLimit?: Changes['listLimit'] }> {
  const { owner, repo } = job.repository;
  if (job.range.type === 'pull') {
    const files = (await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: job.range.number,
      per_page: 100,
    })) as ListedFile[];
    const total = job.range.changedFiles;
    const capped = files.length >= PULL_FILES_LIMIT || (total !== undefined && total > files.length);
    return { files, ...(capped ? { listLimit: { listed: files.length, ...(total !== undefined ? { total } : {}) } } : {}) };
  }
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner,
    repo,
    basehead: `${job.range.base}...${job.headSha}`,
  });
  const files = (data.files ?? []) as ListedFile[];
  return {
    files,
    mergeBase: data.merge_base_commit.sha,
    ...(files.length >= COMPARE_FILES_LIMIT ? { listLimit: { listed: files.length } } : {}),
  };
}

/** The merge base of a pull request (its diff's base side), for local diffs. */
async function pullMergeBase(octokit: AppOctokit, job: Job): Promise<string> {
  if (job.range.type !== 'pull') throw new Error('not a pull request');
  const { owner, repo } = job.repository;
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner,
    repo,
    basehead: `${job.range.baseSha}...${job.headSha}`,
    per_page: 1,
  });
  return data.merge_base_commit.sha;
}

type Content = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'too-large' } | { kind: 'missing' };

/** A file's raw content at a commit. */
export async function fetchContent(octokit: AppOctokit, job: Job, path: string, ref: string): Promise<Content> {
  const { owner, repo } = job.repository;
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref, mediaType: { format: 'raw' } }));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { kind: 'missing' };
    throw error;
  }
  let buffer: Buffer;
  if (typeof data === 'string') buffer = Buffer.from(data, 'utf8');
  else if (data instanceof ArrayBuffer) buffer = Buffer.from(data);
  else if (ArrayBuffer.isView(data)) buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  else return { kind: 'binary' }; // JSON: a directory or a submodule, nothing to diff
  if (buffer.length > MAX_FETCHED_BYTES) return { kind: 'too-large' };
  if (await isBinaryFile(buffer, buffer.length)) return { kind: 'binary' };
  return { kind: 'text', text: typeof data === 'string' ? data : buffer.toString('utf8') };
}

/** Reads the job's change: listed files -> added lines per file. */
export async function readChanges(octokit: AppOctokit, job: Job, log: Log): Promise<Changes> {
  const listed = await listFiles(octokit, job);
  const files: ChangedFile[] = [];
  const commentable = new Map<string, [number, number][]>();
  const tooLargeSkipped: string[] = [];
  let binarySkipped = 0;
  const withoutPatch: { file: ListedFile; status: FileStatus }[] = [];

  for (const file of listed.files) {
    const status = STATUS[file.status];
    if (!status || status === 'deleted') continue;
    if (file.patch !== undefined) {
      try {
        files.push(parsePatch(file.filename, file.patch, status, file.previous_filename));
        commentable.set(file.filename, rightSideRanges(file.patch));
        continue;
      } catch (error) {
        // A patch we cannot trust is read the other way, from the file's contents.
        log.warn({ path: file.filename, reason: (error as Error).message }, 'unreadable patch; diffing the contents instead');
      }
    }
    if (file.additions === 0) {
      // No patch and nothing added: a binary file, or a pure rename or mode change.
      if ((status === 'added' || status === 'modified') && file.patch === undefined) binarySkipped++;
      continue;
    }
    withoutPatch.push({ file, status });
  }

  if (withoutPatch.length > 0) {
    const base = job.range.type === 'pull' ? await pullMergeBase(octokit, job) : (listed.mergeBase ?? job.range.base);
    await forEachLimited(withoutPatch, FETCH_CONCURRENCY, async ({ file, status }) => {
      const head = await fetchContent(octokit, job, file.filename, job.headSha);
      if (head.kind === 'binary') return void binarySkipped++;
      if (head.kind === 'too-large') return void tooLargeSkipped.push(file.filename);
      if (head.kind === 'missing') return;
      let baseText = '';
      if (status !== 'added') {
        const before = await fetchContent(octokit, job, file.previous_filename ?? file.filename, base);
        if (before.kind === 'text') baseText = before.text;
        else if (before.kind === 'too-large') return void tooLargeSkipped.push(file.filename);
      }
      const changed: ChangedFile = { path: file.filename, status, binary: false, modeOnly: false, blocks: addedBlocks(baseText, head.text) };
      if (file.previous_filename !== undefined && file.previous_filename !== file.filename) changed.previousPath = file.previous_filename;
      files.push(changed);
      log.debug({ path: file.filename, blocks: changed.blocks.length }, 'diffed locally');
    });
  }

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files,
    commentable,
    binarySkipped,
    tooLargeSkipped: tooLargeSkipped.sort(),
    ...(listed.listLimit ? { listLimit: listed.listLimit } : {}),
  };
}

/**
 * The head-side text of each path (the whole files, for edits that need imports or YAML paths): one
 * fetch per path. A file that is not text, too large, gone or unreadable is left out.
 */
export async function fetchHeadTexts(octokit: AppOctokit, job: Job, paths: readonly string[], log: Pick<Log, 'warn'>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await forEachLimited([...new Set(paths)], FETCH_CONCURRENCY, async (path) => {
    try {
      const content = await fetchContent(octokit, job, path, job.headSha);
      if (content.kind === 'text') texts.set(path, content.text);
    } catch (error) {
      log.warn({ path, status: (error as { status?: unknown }).status }, 'could not read the file; remediation without it');
    }
  });
  return texts;
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
