import type { ChangedFile, FileStatus } from './types.js';
import { DiffError } from './types.js';
import { LineReader } from './lines.js';
import { BlockCollector, readHunks } from './hunks.js';

/**
 * Reads the `patch` field of a file in GitHub's pull-request/commit files API: only the hunks of
 * one file, starting at "@@", usually without a final newline. The file's name and status come
 * from the API object itself, so the caller passes them in.
 */
export function parsePatch(
  path: string,
  patch: string,
  status: FileStatus = 'modified',
  previousPath?: string,
): ChangedFile {
  const reader = new LineReader(patch);
  const collector = new BlockCollector();
  readHunks(reader, collector);
  reader.skipBlankLines(true);
  if (!reader.done) throw new DiffError(reader.lineNumber, 'hunk header expected');

  const file: ChangedFile = { path, status, binary: false, modeOnly: false, blocks: collector.blocks };
  if (previousPath !== undefined && previousPath !== path) file.previousPath = previousPath;
  return file;
}
