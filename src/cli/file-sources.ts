/**
 * Walked files as sources: files over the size limit, binaries and unreadable files are skipped and
 * counted, so the CLI can say what it did not look at.
 */
import { readFileSync } from 'node:fs';
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

export async function* fileSources(options: FileSourceOptions, skipped: SkippedFiles): AsyncGenerator<Source> {
  for await (const file of walk(options.paths, options.cwd)) {
    if (file.size > options.maxFileSize) {
      skipped.tooLarge++;
      continue;
    }
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.absolute); // synchronous: see walk.ts
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
