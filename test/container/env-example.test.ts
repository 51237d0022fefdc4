/**
 * `.env.example` is the operator's reference: it must name every variable the server reads (ours and
 * Probot's), and name none that nothing reads (a misspelt or renamed variable is silently ignored).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = join(import.meta.dirname, '..', '..');

/** The server's side of src/: the CLI, the engine and the remediation texts (which quote code) are not. */
const SERVER_SOURCES = ['src/server.ts', 'src/app.ts', 'src/queue', 'src/observability', 'src/github', 'src/config'];
const PROBOT = 'node_modules/probot/lib';

function files(path: string, ext: RegExp): string[] {
  const full = join(ROOT, path);
  if (ext.test(path)) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(path, entry.name), ext) : ext.test(entry.name) ? [join(full, entry.name)] : [],
  );
}

/** Variable names read as `env.NAME` or `env['NAME']` (process.env, or an env object passed along). */
function readIn(paths: string[], ext: RegExp): Set<string> {
  const names = new Set<string>();
  for (const file of paths.flatMap((p) => files(p, ext))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
  }
  return names;
}

/** Names in .env.example, set or commented out (`# NAME=...`). */
function documented(): Set<string> {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
}

describe('.env.example', () => {
  const ours = readIn(SERVER_SOURCES, /\.ts$/);
  const probots = readIn([PROBOT], /\.js$/);
  const listed = documented();

  it('documents every variable the server reads', () => {
    expect(ours.size).toBeGreaterThan(10);
    expect([...ours].filter((name) => !listed.has(name)).sort()).toEqual([]);
  });

  it("documents Probot's variables for running and registering the app", () => {
    const needed = ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'WEBHOOK_PATH', 'GHE_HOST', 'GHE_PROTOCOL', 'LOG_LEVEL', 'REDIS_URL', 'HOST', 'PORT'];
    for (const name of needed) expect(probots.has(name) || ours.has(name)).toBe(true);
    expect(needed.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('names no variable that nothing reads', () => {
    // Probot's setup flow also writes some into .env (GITHUB_CLIENT_ID ...): any name its code spells.
    const spelt = new Set(files(PROBOT, /\.js$/).flatMap((file) => readFileSync(file, 'utf8').match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? []));
    const read = new Set([...ours, ...spelt, 'NODE_ENV']);
    expect([...listed].filter((name) => !read.has(name)).sort()).toEqual([]);
  });
});
