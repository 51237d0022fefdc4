/**
 * Walked files as sources: files over the size limit, binaries and unreadable files are skipped and
 * counted, so the CLI can say what it did not look at.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isBinaryFileSync } from 'isbinaryfile';
import type { Source } from '../detect/scanner.js';
import type { Progress } from './progress.js';
import { walk } from './walk.js';

export interface SkippedFiles {
  tooLarge: number;
  binary: number;
  unreadable: number;
}

export interface FileSourceOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly maxFileSize: number;
  readonly progress?: Progress;
}

function decode(buffer: Buffer): string {
  // UTF-16 files (Windows tools write them) carry a BOM; everything else is read as UTF-8.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * One buffer, grown as needed, for every file: the text is decoded out of it, so reading does not
 * allocate (and leave for the collector) a buffer per file. Reading stops once the file is over
 * `limit` bytes: such a file is skipped however large it is.
 */
let scratch = Buffer.allocUnsafe(1024 * 1024);

function readUpTo(path: string, limit: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        if (length > limit) break;
        const grown = Buffer.allocUnsafe(Math.min(scratch.length * 2, limit + 1));
        scratch.copy(grown, 0, 0, length);
        scratch = grown;
      }
      const read = readSync(fd, scratch, length, scratch.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return scratch.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

export async function* fileSources(options: FileSourceOptions, skipped: SkippedFiles): AsyncGenerator<Source> {
  for await (const file of walk(options.paths, options.cwd)) {
    if (file.size > options.maxFileSize) {
      skipped.tooLarge++;
      continue;
    }
    let buffer: Buffer;
    try {
      buffer = readUpTo(file.absolute, options.maxFileSize); // synchronous: see walk.ts
    } catch {
      skipped.unreadable++;
      continue;
    }
    // The size may have changed since the walk saw it.
    if (buffer.length > options.maxFileSize) {
      skipped.tooLarge++;
      continue;
    }
    options.progress?.add(1, buffer.length);
    if (buffer.length > 0 && isBinaryFileSync(buffer, buffer.length)) {
      skipped.binary++;
      continue;
    }
    yield { path: file.path, text: decode(buffer) };
  }
}
