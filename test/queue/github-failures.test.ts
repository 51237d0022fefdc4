/**
 * GitHub failing on the first calls of a review: 500s, a secondary rate limit, requests that never
 * answer. Octokit's own retries are off here, so each failure ends an attempt: the job goes back to
 * the queue with its check run still in progress, and the next attempt completes the review. When
 * GitHub keeps failing, the last attempt concludes the check run `neutral` with the reason and the
 * job is kept as failed. The app runs in-process on the SQLite store, and on Redis when REDIS_URL is
 * set; GitHub is a fake on loopback.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import Bottleneck from 'bottleneck';
import nock from 'nock';
import { pino } from 'pino';
import { Probot } from 'probot';
import { createApp } from '../../src/app.js';
import { createAppOctokit } from '../../src/github/octokit.js';
import { registry } from '../../src/observability/metrics.js';
import type { QueueOptions } from '../../src/queue/queue.js';
import { RedisQueue } from '../../src/queue/redis.js';
import { SqliteQueue } from '../../src/queue/sqlite.js';
import { pullRequestEvent } from '../app/harness.js';
import { createFake } from '../support/fake.js';
import { startFakeGitHub, type Fault, type FakeGitHub } from './fake-github.js';
import { until } from './tasks.js';
import { testPrivateKey } from '../support/github-fixtures.js';

const fake = createFake(91);
const key = 'AKIA' + fake.chars('A', 16);
const privateKey = testPrivateKey();

const FILES = 'GET /repos/Codertocat/Hello-World/pulls/N/files';
const CREATE_CHECK = 'POST /repos/Codertocat/Hello-World/check-runs';
const TOKEN = 'POST /app/installations/N/access_tokens';

type Store = SqliteQueue | RedisQueue;

interface Running {
  readonly github: FakeGitHub;
  readonly queue: Store;
  readonly logs: string[];
}

const running: Running[] = [];
const dirs: string[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.queue.stop({ graceMs: 1000 });
    await r.github.close();
  }
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  nock.enableNetConnect();
});

const QUEUE: QueueOptions = { attempts: 4, backoffMs: 20, maxBackoffMs: 200, pollMs: 20, leaseMs: 10_000 };

const stores: [string, () => Store][] = [
  [
    'SQLite',
    () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sr-github-failures-'));
      dirs.push(dataDir);
      return new SqliteQueue({ ...QUEUE, dataDir });
    },
  ],
];
const redisUrl = process.env.REDIS_URL;
if (redisUrl) stores.push(['Redis', () => new RedisQueue({ ...QUEUE, url: redisUrl, prefix: `gh-failures-${randomUUID().slice(0, 8)}` })]);

/** The app on a queue (4 attempts, short backoff), Octokit retrying nothing itself, requests timing out after 300 ms. */
async function start(store: () => Store, fault: (key: string, n: number) => Fault | undefined): Promise<Running> {
  const github = await startFakeGitHub({ secretFor: () => key, fault });
  const queue = store();
  const logs: string[] = [];
  const group = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const probot = new Probot({
    appId: 4242,
    privateKey,
    secret: 'github-failures-test',
    baseUrl: github.url,
    log: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }),
    Octokit: createAppOctokit({
      retries: 0,
      rateLimitRetries: 0,
      baseDelayMs: 1,
      requestTimeoutMs: 300,
      throttleOptions: { write: group(), notifications: group() },
    }),
  });
  await probot.load(createApp({ scanThreads: 0, queue }));
  const r = { github, queue, logs };
  running.push(r);
  await probot.receive(pullRequestEvent('opened'));
  return r;
}

/** Waits for the job to end (done or failed for good); its record. */
async function settled(r: Running) {
  const job = async () => (await r.queue.jobs())[0];
  await until(async () => ['done', 'failed'].includes((await job())?.state ?? ''), 20_000, 'the job settled');
  return r.queue.jobs();
}

/** The review as one clean run would leave it: one check run, concluded once (failure), one comment. */
async function expectReviewed(r: Running, attempts: number): Promise<void> {
  const jobs = await settled(r);
  const g = r.github;
  expect(g.created).toHaveLength(1);
  expect(g.conclusions).toEqual(['failure']);
  expect(g.reviews).toHaveLength(1);
  expect(g.reviews[0]!.comments).toHaveLength(1);
  expect(g.unknown).toEqual([]);
  expect(jobs).toEqual([expect.objectContaining({ state: 'done', attempts })]);
  expect(r.logs.join('')).not.toContain(key);
}

const error = (status: number, message: string, headers?: Record<string, string>): Fault => ({ status, message, ...(headers ? { headers } : {}) });

describe.each(stores)('GitHub failing on the first calls (%s)', (_name, store) => {
  it('500 twice on the pull request files: retried by the queue, the check run kept in progress meanwhile', async () => {
    const r = await start(store, (k, n) => (k === FILES && n <= 2 ? error(500, 'Server Error') : undefined));
    await expectReviewed(r, 3);
    // Between attempts the check run stayed in progress: never concluded neutral, then re-opened.
    expect(r.github.count.get('PATCH /repos/Codertocat/Hello-World/check-runs/N')).toBeGreaterThanOrEqual(3);
    const warnings = r.logs.filter((l) => l.includes('review interrupted'));
    expect(warnings).toHaveLength(2);
  });

  it('a secondary rate limit on the first check-run write: retried after the backoff', async () => {
    const limited = error(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { 'retry-after': '1' });
    const r = await start(store, (k, n) => (k === CREATE_CHECK && n === 1 ? limited : undefined));
    await expectReviewed(r, 2);
  });

  it('requests that never answer (the installation token, then the files): timed out, retried, completed', async () => {
    const r = await start(store, (k, n) => ((k === TOKEN && n === 1) || (k === FILES && n === 1) ? 'hang' : undefined));
    await expectReviewed(r, 3);
  });

  it('a failure after the verdict (the review comments) is logged, not retried: the verdict stands', async () => {
    const r = await start(store, (k) => (k === 'POST /repos/Codertocat/Hello-World/pulls/N/reviews' ? error(502, 'Bad Gateway') : undefined));
    const jobs = await settled(r);
    expect(r.github.created).toHaveLength(1);
    expect(r.github.conclusions).toEqual(['failure']);
    expect(r.github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(jobs).toEqual([expect.objectContaining({ state: 'done', attempts: 1 })]);
    expect(r.logs.some((l) => l.includes('could not publish the review'))).toBe(true);
  });

  it('GitHub failing on every attempt: the last one concludes the check run neutral with the reason; the job is kept as failed', async () => {
    const r = await start(store, (k) => (k === FILES ? error(502, 'Bad Gateway') : undefined));
    const jobs = await settled(r);
    const g = r.github;
    expect(g.created).toHaveLength(1);
    expect(g.conclusions).toEqual(['neutral']);
    expect(g.count.get(FILES)).toBe(4);
    expect(g.reviews).toHaveLength(0);
    expect(jobs).toEqual([expect.objectContaining({ state: 'failed', attempts: 4, lastError: expect.stringContaining('502') })]);
  });

  it('feeds the queue-latency histogram once per job', async () => {
    const before = await latencyCount();
    const r = await start(store, () => undefined);
    await settled(r);
    expect(await latencyCount()).toBe(before + 1);
  });
});

async function latencyCount(): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'secret_review_queue_latency_seconds');
  const count = (metric?.values as { metricName?: string; value: number }[] | undefined)?.find((v) => v.metricName?.endsWith('_count'));
  return count?.value ?? 0;
}
