/**
 * The files a directory scan reads: every regular file under the given paths except what git would
 * not track (.gitignore files at every level, nested ones overriding outer ones), `.git/` and
 * `node_modules/`. Symbolic links are not followed (no loops, no files outside the tree).
 * A path named on the command line is always scanned, even if ignored: pre-commit passes tracked
 * files, and a tracked file is committed whatever .gitignore says. (`.git`/`node_modules` are skipped
 * below a named directory, not when named themselves.)
 *
 * The walk uses synchronous file system calls: each asynchronous one is a round trip through libuv's
 * thread pool, which for a tree of small files cost more than the scan itself. Scanning runs in
 * worker threads meanwhile, so nothing waits on this thread.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import type { Ignore } from 'ignore';
import { describeFsError, UserError } from './errors.js';

export interface WalkedFile {
  /** path shown in reports: relative to the working directory, forward slashes */
  readonly path: string;
  readonly absolute: string;
  readonly size: number;
}

/** .gitignore rules of one directory; patterns match paths relative to it. */
interface IgnoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function displayPath(cwd: string, absolute: string): string {
  return toSlashes(relative(cwd, absolute)) || '.';
}

// The .gitignore parser is loaded when a walk meets its first .gitignore: a scan of a few files
// outside any (a hook, a test fixture) does not pay its start-up.
const require = createRequire(import.meta.url);
let ignore: typeof import('ignore') | undefined;

function loadLayer(dir: string): IgnoreLayer | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  ignore ??= require('ignore') as typeof import('ignore');
  return { base: dir, rules: ignore({ allowRelativePaths: true }).add(text) };
}

/** Git's precedence: the innermost .gitignore that has an opinion (ignore or `!` re-include) wins. */
function isIgnored(layers: readonly IgnoreLayer[], absolute: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = toSlashes(relative(layer.base, absolute));
    if (rel === '' || rel.startsWith('..')) continue;
    const verdict = layer.rules.test(isDir ? `${rel}/` : rel);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** The .gitignore files of the directories from the working directory down to `dir` (excluded). */
function outerLayers(cwd: string, dir: string): IgnoreLayer[] {
  const rel = relative(cwd, dir);
  if (rel === '' || rel.startsWith('..')) return [];
  const layers: IgnoreLayer[] = [];
  let current = cwd;
  for (const part of rel.split(sep).slice(0, -1)) {
    const layer = loadLayer(current);
    if (layer) layers.push(layer);
    current = join(current, part);
  }
  const last = loadLayer(current);
  if (last) layers.push(last);
  return layers;
}

async function* walkDirectory(dir: string, layers: IgnoreLayer[], cwd: string): AsyncGenerator<WalkedFile> {
  let entries: { name: string; isDir: boolean; isFile: boolean }[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).map((entry) => ({
      name: entry.name,
      isDir: entry.isDirectory(),
      isFile: entry.isFile(),
    }));
  } catch {
    return; // vanished or unreadable below the root: nothing to scan there
  }
  // Read only where the listing shows one (any case, as a case-insensitive file system would open
  // it): a failed read per directory costs an exception each, ~10 us, thousands of times in a tree.
  const own = entries.some((entry) => entry.name.toLowerCase() === '.gitignore') ? loadLayer(dir) : undefined;
  const active = own ? [...layers, own] : layers;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = join(dir, entry.name);
    if (entry.isDir) {
      if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(active, absolute, true)) continue;
      yield* walkDirectory(absolute, active, cwd);
    } else if (entry.isFile && !isIgnored(active, absolute, false)) {
      let size: number;
      try {
        size = lstatSync(absolute).size;
      } catch {
        continue;
      }
      yield { path: displayPath(cwd, absolute), absolute, size };
    }
  }
}

/** Every file to scan under `paths` (files or directories), in a stable order. */
export async function* walk(paths: readonly string[], cwd: string): AsyncGenerator<WalkedFile> {
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      throw new UserError(`cannot read ${given}: ${describeFsError(error)}`);
    }
    if (info.isDirectory()) {
      // Outer .gitignore files apply inside a named directory, unless they ignore that directory
      // itself: then the user asked for what git skips (`scan node_modules`), and gets it.
      const outer = outerLayers(cwd, absolute);
      yield* walkDirectory(absolute, isIgnored(outer, absolute, true) ? [] : outer, cwd);
    } else if (info.isFile()) {
      yield { path: displayPath(cwd, absolute), absolute, size: info.size };
    } else {
      throw new UserError(`cannot read ${given}: not a regular file or directory`);
    }
  }
}
