/**
 * The queue's row group of `npm run bench`: webhook acknowledgement latency (p50/p99) under a burst of
 * 500 signed webhooks on loopback, and reviews per minute, for the SQLite store and (when REDIS_URL is
 * set) the Redis store. The same scenario as test/queue/burst.test.ts, outside jest: the app in its own
 * process (this file, run with SECRET_REVIEW_BENCH_QUEUE_CHILD=1; a copy of test/queue/child.ts), a
 * real Probot middleware on loopback, GitHub played by a minimal loopback fake (copied from
 * test/queue/fake-github.ts: that one is test-only), 8 deliveries in flight and 8 reviews at once.
 *
 * BENCH_QUEUE_WEBHOOKS sets the burst (500); BURST_SENDERS the deliveries in flight (8).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createNodeMiddleware, Probot } from 'probot';
import { createApp } from '../src/app.js';
import { createAppOctokit } from '../src/github/octokit.js';
import { runShutdownHooks } from '../src/observability/lifecycle.js';
import { createFake } from '../test/support/fake.js';

const require = createRequire(import.meta.url);
const SELF = fileURLToPath(import.meta.url);
const CHILD_FLAG = 'SECRET_REVIEW_BENCH_QUEUE_CHILD';
const SECRET = 'queue-bench-webhook-secret';
const BURST = Number(process.env.BENCH_QUEUE_WEBHOOKS) || 500;
const SENDERS = Number(process.env.BURST_SENDERS) || 8;
const BOT = 'secret-review[bot]';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------------------------------------------
// Child mode: the app as deployed, GitHub at FAKE_GITHUB, the queue from the environment.

async function runChild(): Promise<void> {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const log = pino({ level: process.env.CHILD_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const probot = new Probot({
    appId: 4242,
    privateKey,
    secret: process.env.WEBHOOK_SECRET!,
    baseUrl: process.env.FAKE_GITHUB!,
    log,
    Octokit: createAppOctokit({ throttle: false, retries: 1, baseDelayMs: 1 }),
  });
  const middleware = await createNodeMiddleware(createApp({ scanThreads: 0 }), { probot });
  const server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    void runShutdownHooks(log, 5000).then((clean) => process.exit(clean ? 0 : 1));
  });
}

// ---------------------------------------------------------------------------------------------------
// GitHub on loopback: identity, tokens, check runs, one file with one AWS key per pull request, reviews.

interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
}

interface FakeGitHub {
  readonly url: string;
  readonly checkRuns: CheckRun[];
  readonly comments: Map<number, { id: number; body: string; path: string; line: number; user: { login: string; type: string } }[]>;
  readonly unknown: string[];
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
};

async function bodyOf(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

async function startFakeGitHub(secretFor: (pr: number) => string): Promise<FakeGitHub> {
  let nextId = 1000;
  const checkRuns: CheckRun[] = [];
  const reviews: { pr: number; body: string }[] = [];
  const comments: FakeGitHub['comments'] = new Map();
  const unknown: string[] = [];
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = req.method ?? 'GET';
    const body = method === 'GET' ? undefined : await bodyOf(req);
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/app') return json(res, 200, { id: 4242, slug: 'secret-review', name: 'Secret review' });
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return json(res, 201, { token: 'fake-installation-token', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {} });
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/check-runs$/))) {
      const runs = checkRuns.filter((r) => r.head_sha === m![1]);
      return json(res, 200, { total_count: runs.length, check_runs: runs.map((r) => ({ ...r, app: { id: 4242 }, html_url: `https://github.com/x/runs/${r.id}` })) });
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(path)) {
      const run: CheckRun = { id: nextId++, name: body.name, head_sha: body.head_sha, status: body.status ?? 'queued', conclusion: null, external_id: body.external_id ?? null };
      checkRuns.push(run);
      return json(res, 201, run);
    }
    if (method === 'PATCH' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/))) {
      const run = checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return json(res, 404, { message: 'Not Found' });
      if (body.status) run.status = body.status;
      if (body.conclusion) run.conclusion = body.conclusion;
      if (body.status === 'in_progress') run.conclusion = null;
      if (body.external_id) run.external_id = body.external_id;
      return json(res, 200, run);
    }
    if (method === 'GET' && /\/contents\//.test(path)) return json(res, 404, { message: 'Not Found' });
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/))) {
      const pr = Number(m[1]);
      const lines = ['export const region = "eu-west-1";', `export const keyId = "${secretFor(pr)}";`];
      return json(res, 200, [
        { sha: 'a'.repeat(40), filename: `src/config-${pr}.ts`, status: 'added', additions: 2, deletions: 0, changes: 2, patch: `@@ -0,0 +1,2 @@\n${lines.map((l) => `+${l}`).join('\n')}` },
      ]);
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/))) return json(res, 200, comments.get(Number(m[1])) ?? []);
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/))) {
      const pr = Number(m[1]);
      return json(res, 200, reviews.filter((r) => r.pr === pr).map((r, i) => ({ id: i + 1, body: r.body, state: 'COMMENTED', user: { login: BOT, type: 'Bot' } })));
    }
    if (method === 'POST' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/))) {
      const pr = Number(m[1]);
      reviews.push({ pr, body: body.body ?? '' });
      const list = comments.get(pr) ?? [];
      for (const c of body.comments ?? []) list.push({ id: nextId++, body: c.body, path: c.path, line: c.line, user: { login: BOT, type: 'Bot' } });
      comments.set(pr, list);
      return json(res, 200, { id: nextId++, state: 'COMMENTED' });
    }
    unknown.push(`${method} ${path}`);
    return json(res, 404, { message: 'Not Found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { message: String(error) }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    checkRuns,
    comments,
    unknown,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------
// The app process, signed deliveries, events.

interface AppProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: string[];
}

async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, [SELF], {
    env: { ...process.env, ...env, [CHILD_FLAG]: '1', WEBHOOK_SECRET: SECRET, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening: ${stderr.join('')}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/api/github/webhooks`, stderr };
}

function kill(app: AppProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => app.child.kill('SIGKILL'), 10_000);
    app.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    app.child.kill(signal);
  });
}

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

interface Delivery {
  readonly id: string;
  readonly name: string;
  readonly payload: any;
}

async function deliver(url: string, event: Delivery): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify(event.payload);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event.name, 'x-github-delivery': event.id, 'x-hub-signature-256': sign(body) },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

let openedExample: Record<string, any> | undefined;
/** GitHub's own `pull_request.opened` example, as test/app/harness.ts's pullRequestEvent makes it. */
function pullRequestOpened(number: number, head: string): Delivery {
  if (!openedExample) {
    const definitions = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, any>[] }[];
    openedExample = definitions.find((d) => d.name === 'pull_request')?.examples.find((e) => e.action === 'opened');
    if (!openedExample) throw new Error('no pull_request.opened example');
  }
  const payload = structuredClone(openedExample);
  payload.installation = { id: 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.state = 'open';
  payload.pull_request.head.sha = head;
  payload.pull_request.base.sha = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
  payload.pull_request.changed_files = 1;
  return { id: `delivery-opened-${randomUUID()}`, name: 'pull_request', payload };
}

// ---------------------------------------------------------------------------------------------------
// The burst.

interface Row {
  readonly store: string;
  readonly webhooks: number;
  readonly p50: number;
  readonly p99: number;
  readonly perMinute: number;
}

async function burst(store: string, env: Record<string, string>): Promise<Row> {
  const fake = createFake(91);
  const keys = new Map<number, string>();
  const secretFor = (pr: number) => {
    if (!keys.has(pr)) keys.set(pr, 'AKIA' + fake.chars('A', 16));
    return keys.get(pr)!;
  };
  const github = await startFakeGitHub(secretFor);
  const app = await startApp({ ...env, FAKE_GITHUB: github.url, QUEUE_CONCURRENCY: '8', QUEUE_PER_INSTALLATION: '8' }).catch(async (error: unknown) => {
    await github.close();
    throw error;
  });
  try {
    const events = Array.from({ length: BURST }, (_, i) => pullRequestOpened(100 + i, (100 + i).toString(16).padStart(40, 'c')));
    // A warm-up delivery first (the first one loads the engine), then the burst.
    const warm = await deliver(app.url, pullRequestOpened(99, 'e'.repeat(40)));
    if (warm.status !== 200) throw new Error(`${store}: the warm-up delivery got ${warm.status}`);
    const started = performance.now();
    const times: number[] = [];
    let next = 0;
    let rejected = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < events.length) {
          const event = events[next++]!;
          const { status, ms } = await deliver(app.url, event);
          if (status !== 200) rejected++;
          times.push(ms);
        }
      }),
    );
    if (rejected > 0) throw new Error(`${store}: ${rejected} of ${BURST} deliveries were not acknowledged with 200`);
    const shas = new Set(events.map((e) => e.payload.pull_request.head.sha as string));
    const completed = () => github.checkRuns.filter((r) => shas.has(r.head_sha) && r.status === 'completed').length;
    try {
      await until(() => completed() === BURST && events.every((e) => (github.comments.get(e.payload.number as number)?.length ?? 0) > 0), 150_000, 'all reviewed');
    } catch (error) {
      throw new Error(`${store}: ${(error as Error).message}: ${completed()} of ${BURST} completed; the app said: ${app.stderr.join('').slice(-2000)}`);
    }
    const elapsedMin = (performance.now() - started) / 60_000;
    if (github.unknown.length > 0) console.warn(`${store}: the fake GitHub did not know ${[...new Set(github.unknown)].join(', ')}`);
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { store, webhooks: BURST, p50: at(0.5), p99: at(0.99), perMinute: BURST / elapsedMin };
  } finally {
    await kill(app, 'SIGTERM');
    await github.close();
  }
}

/** Deletes the bench's keys (under its own prefix) from Redis. */
async function dropPrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await client.del(...keys);
    }
  } finally {
    await client.quit().catch(() => client.disconnect());
  }
}

export async function queueRows(): Promise<void> {
  console.log(`\nwebhook burst (${BURST} signed webhooks on loopback, ${SENDERS} in flight, 8 reviews at once, app in its own process)`);
  console.log('store  webhooks  ack p50 ms  ack p99 ms  reviews/min');
  const print = (r: Row) =>
    console.log(`${r.store.padEnd(7)}${String(r.webhooks).padStart(8)}${r.p50.toFixed(1).padStart(12)}${r.p99.toFixed(1).padStart(12)}${Math.round(r.perMinute).toString().padStart(13)}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'sr-bench-burst-'));
  try {
    print(await burst('SQLite', { DATA_DIR: dataDir, REDIS_URL: '' }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    console.log('Redis: REDIS_URL not set');
    return;
  }
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  // DATA_DIR too, so nothing lands in ./data should the store fall back to SQLite.
  const redisDataDir = mkdtempSync(join(tmpdir(), 'sr-bench-burst-redis-'));
  try {
    print(await burst('Redis', { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, DATA_DIR: redisDataDir }));
  } finally {
    rmSync(redisDataDir, { recursive: true, force: true });
    await dropPrefix(redisUrl, prefix).catch((error: unknown) => console.warn(`Redis: could not remove the bench's keys (${prefix}:*): ${String(error)}`));
  }
}

if (process.env[CHILD_FLAG] === '1') await runChild();
