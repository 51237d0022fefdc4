/**
 * The webhook endpoint under load and abuse, with GitHub as a fake on loopback. 500 signed webhooks in
 * a burst (test/queue/burst.ts: the app in its own process, the senders in another) are each answered
 * under 100 ms at p99 while the reviews run, and every one is reviewed exactly once. Malformed JSON, a
 * wrong content type, missing headers, an oversized body and a bad signature get a 4xx and queue
 * nothing (a real Probot middleware with the SQLite queue, in-process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { pino } from 'pino';
import { createNodeMiddleware, Probot } from 'probot';
import { createApp } from '../../src/app.js';
import { createAppOctokit } from '../../src/github/octokit.js';
import { SqliteQueue } from '../../src/queue/sqlite.js';
import { createFake } from '../support/fake.js';
import { pullRequestEvent, testPrivateKey } from '../app/harness.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { percentile, runBurst } from './burst.js';
import { deliver, SECRET, sign } from './processes.js';
import { until } from './tasks.js';

const BURST = 500;
const SENDERS = Number(process.env.BURST_SENDERS) || 8;
const fake = createFake(91);
const keys = new Map<number, string>();
const secretFor = (pr: number) => {
  if (!keys.has(pr)) keys.set(pr, 'AKIA' + fake.chars('A', 16));
  return keys.get(pr)!;
};

let github: FakeGitHub;
let server: Server;
let url: string;
let queue: SqliteQueue;
let dataDir: string;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  github = await startFakeGitHub({ secretFor });
  dataDir = mkdtempSync(join(tmpdir(), 'sr-burst-'));
  queue = new SqliteQueue({ dataDir, pollMs: 50, concurrency: 8, perInstallation: 8 });
  const probot = new Probot({
    appId: 4242,
    privateKey: testPrivateKey(),
    secret: SECRET,
    baseUrl: github.url,
    log: pino({ level: 'silent' }),
    Octokit: createAppOctokit({ throttle: false, retries: 1, baseDelayMs: 1 }),
  });
  const middleware = await createNodeMiddleware(createApp({ scanThreads: 0, queue }), { probot });
  server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await queue.stop({ graceMs: 2000 });
  await new Promise((resolve) => server.close(resolve));
  await github.close();
  rmSync(dataDir, { recursive: true, force: true });
  nock.enableNetConnect();
});

const total = async () => Object.values(await queue.counts()).reduce((a, b) => a + b, 0);

describe('webhook endpoint', () => {
  it('answers malformed, mistyped, incomplete, oversized and unsigned deliveries with a 4xx and queues nothing', async () => {
    const event = pullRequestEvent('opened', { number: 9000, head: 'f'.repeat(40) });
    const body = JSON.stringify(event.payload);
    const headers = { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'bad-1', 'x-hub-signature-256': sign(body) };
    const post = async (b: string | Buffer, h: Record<string, string>) => {
      const res = await fetch(url, { method: 'POST', headers: h, body: b });
      await res.arrayBuffer();
      return res.status;
    };
    const malformed = '{"action": "opened", ';
    expect(await post(malformed, { ...headers, 'x-hub-signature-256': sign(malformed) })).toBe(400);
    expect(await post(body, { ...headers, 'content-type': 'text/plain' })).toBe(415);
    expect(await post(body, { ...headers, 'content-type': 'application/x-www-form-urlencoded' })).toBe(415);
    for (const missing of ['x-github-event', 'x-github-delivery', 'x-hub-signature-256']) {
      const h: Record<string, string> = { ...headers };
      delete h[missing];
      expect(await post(body, h)).toBe(400);
    }
    const huge = Buffer.alloc(26 * 1024 * 1024, 0x20);
    expect(await post(huge, { ...headers, 'x-hub-signature-256': sign(huge.toString()) })).toBe(413);
    expect(await post(body, { ...headers, 'x-hub-signature-256': sign(body, 'not-the-secret') })).toBe(400);
    expect(await total()).toBe(0);
    // ...and the endpoint still serves.
    expect((await deliver(url, { ...event, id: 'good-1' })).status).toBe(200);
    expect(await total()).toBe(1);
    await until(async () => (await queue.counts()).done === 1, 10_000, 'the good one reviewed');
  });

  it(`acknowledges a burst of ${BURST} webhooks under 100 ms at p99 and reviews each exactly once`, async () => {
    const burstDir = mkdtempSync(join(tmpdir(), 'sr-burst-child-'));
    try {
      // A redelivery of each of the first 50 changes nothing.
      const r = await runBurst({ env: { DATA_DIR: burstDir }, webhooks: BURST, senders: SENDERS, redeliver: 50 });
      const g = r.github;
      try {
        const [p50, p99] = [percentile(r.times, 0.5), percentile(r.times, 0.99)];
        console.log(`burst: ${BURST} webhooks, ack p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${r.times.at(-1)!.toFixed(1)} ms; ${Math.round(r.perMinute)} reviews/min (SQLite, ${SENDERS} deliveries in flight, 8 reviews at once)`);
        expect(r.refused).toEqual([]);
        expect(p99).toBeLessThan(100);
        // One review per pull request (the warm-up's included): each read its files once, redelivered or not.
        expect(g.count.get('GET /repos/Codertocat/Hello-World/pulls/N/files')).toBe(BURST + 1);
        // One check run per commit, each concluded, one comment per pull request.
        expect(g.created).toHaveLength(BURST + 1);
        const shas = new Set(r.events.map((e) => e.payload.pull_request.head.sha as string));
        expect(g.checkRuns.filter((run) => shas.has(run.head_sha)).every((run) => run.conclusion === 'failure')).toBe(true);
        expect(new Set(g.checkRuns.map((run) => run.head_sha)).size).toBe(g.checkRuns.length);
        for (let i = 0; i < BURST; i++) expect(g.comments.get(100 + i)).toHaveLength(1);
        expect(g.unknown).toEqual([]);
      } finally {
        await g.close();
      }
    } finally {
      rmSync(burstDir, { recursive: true, force: true });
    }
  }, 240_000);
});
