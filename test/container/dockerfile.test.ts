/**
 * The Dockerfile, proven without Docker (which cannot run here):
 * - dockerfilelint finds nothing in it, and it states what the deployment relies on (multi-stage,
 *   slim maintained Node LTS runtime, production dependencies only, non-root, tini, HEALTHCHECK on
 *   /healthz, /data volume, HOST/NODE_ENV/DATA_DIR, EXPOSE 3000);
 * - its runtime stage, replayed: package files + dist in a clean folder, `npm ci --omit=dev
 *   --ignore-scripts`, better-sqlite3's addon copied in as the Dockerfile copies it from its build
 *   stage, the server started as an unprivileged user with a generated key: /healthz and /readyz
 *   answer 200, and SIGTERM stops it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const require = createRequire(import.meta.url);

interface Diagnostic {
  title: string;
  category?: string;
  line: number;
  rule: string;
}

/** Instructions with continuation lines joined, comments dropped. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** The instructions of the last stage (the image that runs). */
function runtimeStage(text: string): string[] {
  const all = instructions(text);
  const last = all.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0).pop()!;
  return all.slice(last);
}

describe('Dockerfile', () => {
  it('passes dockerfilelint with nothing to report', () => {
    const lint = require('dockerfilelint') as { run(configPath: string, content: string): Diagnostic[] };
    expect(lint.run(ROOT, DOCKERFILE)).toEqual([]);
  });

  it('builds in one stage and runs in a slim maintained Node LTS with production dependencies only', () => {
    const froms = instructions(DOCKERFILE).filter((l) => /^FROM\s/i.test(l));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms[0]).toMatch(/ AS build$/);
    const nodeVersion = /^ARG NODE_VERSION=(\d+)$/m.exec(DOCKERFILE)?.[1];
    expect(['22', '24']).toContain(nodeVersion);
    const runtime = runtimeStage(DOCKERFILE);
    expect(runtime[0]).toMatch(/^FROM node:\$\{NODE_VERSION\}-slim AS runtime$/);
    const run = runtime.filter((l) => l.startsWith('RUN ')).join('\n');
    expect(run).toMatch(/npm ci --omit=dev --ignore-scripts/);
    // Nothing from the build stage but the compiled code and the one native addon.
    const copiedFromBuild = runtime.filter((l) => l.startsWith('COPY --from=build'));
    expect(copiedFromBuild).toEqual([
      'COPY --from=build /app/node_modules/better-sqlite3/build ./node_modules/better-sqlite3/build',
      'COPY --from=build /app/dist/src ./dist/src',
    ]);
    const build = instructions(DOCKERFILE).slice(0, instructions(DOCKERFILE).indexOf(runtime[0]!));
    expect(build.join('\n')).toMatch(/npm ci/);
    expect(build.join('\n')).toMatch(/tsc -p tsconfig\.build\.json/);
  });

  it('runs as a non-root user under tini, with health check, data volume, port and environment', () => {
    const runtime = runtimeStage(DOCKERFILE);
    const user = runtime.filter((l) => l.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(runtime.join('\n')).toMatch(/apt-get install -y --no-install-recommends tini/);
    expect(runtime).toContain('CMD ["node", "dist/src/server.js"]');
    const health = runtime.find((l) => l.startsWith('HEALTHCHECK '));
    expect(health).toMatch(/\/healthz/);
    expect(runtime).toContain('VOLUME /data');
    expect(runtime).toContain('EXPOSE 3000');
    const env = runtime.filter((l) => l.startsWith('ENV ')).join(' ');
    for (const setting of ['NODE_ENV=production', 'HOST=0.0.0.0', 'PORT=3000', 'DATA_DIR=/data']) expect(env).toContain(setting);
    // /data exists and belongs to the unprivileged user before the volume is declared.
    expect(runtime.join('\n')).toMatch(/chown node:node \/data/);
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', '*.pem', 'node_modules', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, output: () => string, timeoutMs = 20_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) throw new Error(`no answer from ${url}:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('the runtime stage, replayed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-review-image-'));
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs production dependencies only, starts as an unprivileged user and answers its health checks', async () => {
    const dist = join(ROOT, 'dist', 'src', 'server.js');
    if (!existsSync(dist)) throw new Error('dist/src/server.js is missing: `npm test` builds it first (npx tsc -p tsconfig.build.json)');
    const app = join(dir, 'app');
    mkdirSync(app);
    // COPY package.json package-lock.json ./ ; RUN npm ci --omit=dev --ignore-scripts
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    cpSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
    const install = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    expect({ status: install.status, stderr: install.status === 0 ? '' : install.stderr }).toEqual({ status: 0, stderr: '' });
    // Production dependencies only: no test runner, compiler or linter in the image.
    for (const dev of ['jest', 'typescript', 'nock', 'dockerfilelint', '@swc/core']) expect(existsSync(join(app, 'node_modules', dev))).toBe(false);
    for (const prod of ['probot', 'prom-client', 'pino', 'better-sqlite3']) expect(existsSync(join(app, 'node_modules', prod))).toBe(true);
    // COPY --from=build .../better-sqlite3/build: --ignore-scripts leaves the native addon unbuilt; the
    // Dockerfile's build stage compiles it, here the dev tree's build stands in for it.
    cpSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build'), join(app, 'node_modules', 'better-sqlite3', 'build'), { recursive: true });
    // COPY --from=build /app/dist/src ./dist/src
    cpSync(join(ROOT, 'dist', 'src'), join(app, 'dist', 'src'), { recursive: true });

    // The addon loads in the replayed tree (the job store needs it).
    const sqlite = spawnSync(process.execPath, ['-e', "const D=require('better-sqlite3');new D(':memory:').prepare('select 1').get()"], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(sqlite.stderr).toBe('');

    // USER node / VOLUME /data: an unprivileged user that owns only the data directory.
    const data = join(dir, 'data');
    mkdirSync(data);
    const asRoot = process.getuid?.() === 0;
    const command: string[] = [process.execPath, 'dist/src/server.js'];
    if (asRoot) {
      chmodSync(dir, 0o755);
      chownSync(data, 65534, 65534);
      command.unshift('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--');
    }
    const port = await freePort();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: data,
      APP_ID: '12345',
      PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      WEBHOOK_SECRET: `replay-${Date.now()}-secret`,
      LOG_LEVEL: 'info',
    };
    let output = '';
    child = spawn(command[0]!, command.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const healthz = await waitFor(`http://127.0.0.1:${port}/healthz`, child, () => output);
    expect(healthz.status).toBe(200);
    const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect({ status: readyz.status, body: await readyz.json() }).toEqual({ status: 200, body: { status: 'ready', checks: { github: 'ok', queue: 'ok' } } });
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^# HELP secret_review_webhooks_received_total/m);

    if (asRoot) {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe('65534');
    }
    // Logs are JSON lines, and the private key never shows.
    const lines = output.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(output).not.toContain(env.WEBHOOK_SECRET);
    expect(output).not.toContain('PRIVATE KEY');

    // SIGTERM (what tini forwards in the image): the server stops and exits 0.
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
