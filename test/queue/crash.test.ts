/**
 * Kill the app mid-review (SIGKILL, no goodbye), start it again: the job is taken again once its lease
 * runs out and completes with exactly one check run and no duplicate comment. With Redis: two replicas,
 * the one holding the job killed, the other takes it over. GitHub is a fake on loopback.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createFake } from '../support/fake.js';
import { pullRequestEvent } from '../app/harness.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { deliver, kill, startApp, type AppProcess } from './processes.js';
import { until } from './tasks.js';

const fake = createFake(77);
const keys = new Map<number, string>();
const secretFor = (pr: number) => {
  if (!keys.has(pr)) keys.set(pr, 'AKIA' + fake.chars('A', 16));
  return keys.get(pr)!;
};

const running: AppProcess[] = [];
let github: FakeGitHub | undefined;
const dirs: string[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(async () => {
  for (const app of running.splice(0)) await kill(app);
  await github?.close();
  github = undefined;
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  nock.enableNetConnect();
});

/** Exactly one check run, completed `failure`; one review with one comment; the key never sent. */
function expectOneReview(g: FakeGitHub): void {
  expect(g.created).toHaveLength(1);
  expect(g.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure', external_id: 'pull_request:2' })]);
  expect(g.reviews).toHaveLength(1);
  expect(g.reviews[0]!.comments).toHaveLength(1);
  expect(g.comments.get(2)).toHaveLength(1);
  expect(g.unknown).toEqual([]);
}

/** Waits for the second run: the prior comments read again and the check run completed again. */
async function rerun(g: FakeGitHub, apps: AppProcess[]): Promise<void> {
  const n = (key: string) => g.count.get(key) ?? 0;
  try {
    await until(() => n('GET /repos/Codertocat/Hello-World/pulls/N/comments') >= 2 && n('PATCH /repos/Codertocat/Hello-World/check-runs/N') >= 3 && g.checkRuns[0]?.status === 'completed', 30_000, 'the re-run');
  } catch (error) {
    throw new Error(`${(error as Error).message}; GitHub saw ${JSON.stringify([...g.count])}; the apps said: ${apps.map((a) => a.stderr.join('')).join('\n---\n').slice(-3000)}`);
  }
}

/** Held at the review's POST: the comment is on GitHub, the process dies before it hears so. */
const holdReview = (method: string, path: string) => method === 'POST' && /\/pulls\/2\/reviews$/.test(path);

describe('crash mid-review', () => {
  it('SQLite: killed, restarted, the job completes once in effect', async () => {
    const g = (github = await startFakeGitHub({ secretFor, hold: holdReview }));
    const dataDir = mkdtempSync(join(tmpdir(), 'sr-crash-'));
    dirs.push(dataDir);
    const env = { FAKE_GITHUB: g.url, DATA_DIR: dataDir, QUEUE_LEASE_MS: '1500' };
    const first = await startApp(env);
    running.push(first);
    const ack = await deliver(first.url, pullRequestEvent('opened'));
    expect(ack.status).toBe(200);
    await g.held;
    await kill(first);
    expect(g.checkRuns[0]).toMatchObject({ status: 'completed' });

    const second = await startApp(env);
    running.push(second);
    await rerun(g, [first, second]);
    expectOneReview(g);
  }, 60_000);

  const redis = process.env.REDIS_URL;
  (redis ? it : it.skip)('Redis: two replicas, the one running the job killed, the other completes it once in effect', async () => {
    const g = (github = await startFakeGitHub({ secretFor, hold: holdReview }));
    const env = { FAKE_GITHUB: g.url, REDIS_URL: redis!, REDIS_PREFIX: `crash-${randomUUID().slice(0, 8)}`, QUEUE_LEASE_MS: '1500' };
    const a = await startApp(env);
    running.push(a);
    expect((await deliver(a.url, pullRequestEvent('opened'))).status).toBe(200);
    await g.held;
    const b = await startApp(env);
    running.push(b);
    await kill(a);
    await rerun(g, [a, b]);
    expectOneReview(g);
  }, 60_000);
});
