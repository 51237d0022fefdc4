/**
 * The Redis (BullMQ) store: the shared contract, and a second replica taking over a dead one's job.
 * And Probot's throttling through the same Redis (REDIS_URL), so replicas share GitHub's rate limits.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import nock from 'nock';
import { Probot } from 'probot';
import { createAppOctokit } from '../../src/github/octokit.js';
import { RedisQueue } from '../../src/queue/redis.js';
import { testPrivateKey } from '../support/github-fixtures.js';
import { queueContract } from './contract.js';
import { Recorder, sleep, task, until } from './tasks.js';

const url = process.env.REDIS_URL;
if (!url) {
  // CI (.ci/run) always starts a Redis and sets REDIS_URL; only a bare local run skips.
  console.warn('test/queue/redis.test.ts: REDIS_URL is not set, skipping the Redis store tests (start redis-server and set REDIS_URL to run them)');
}
const suite = url ? describe : describe.skip;

suite('Redis queue (BullMQ)', () => {
  queueContract(() => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    return (options = {}) => new RedisQueue({ ...options, url: url!, prefix });
  });

  it('answers a ping; a job whose replica stopped renewing its lock is taken by another replica', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const a = new RedisQueue({ url: url!, prefix, leaseMs: 600, pollMs: 20 });
    expect(await a.ping()).toBe(true);
    await a.enqueue('d-1', task(1));
    // Replica A takes the job and hangs; then dies without a word: its connections cut, nothing handed back.
    const ra = new Recorder(() => new Promise<void>(() => {}));
    a.start(ra);
    await until(() => ra.calls.length === 1, 5000, 'A started');
    const dead = a as unknown as { client: Redis; worker: Worker };
    await dead.worker.disconnect();
    dead.client.disconnect();
    const b = new RedisQueue({ url: url!, prefix, leaseMs: 600, pollMs: 20 });
    const rb = new Recorder();
    b.start(rb);
    await until(async () => (await b.counts()).done === 1, 15_000, 'B took over');
    expect(rb.calls).toHaveLength(1);
    expect(rb.calls[0]!.deliveryId).toBe('d-1');
    await sleep(50);
    await b.stop({ graceMs: 0 });
    await a.stop({ graceMs: 0 }).catch(() => undefined);
  });

  it('Probot with redisConfig throttles GitHub requests through Redis, with our Octokit layered over it', async () => {
    // A throttle id of its own, so the keys this test finds are its own (app processes share the default).
    const id = `t-${randomUUID().slice(0, 8)}`;
    let throttle: { Bottleneck?: unknown; connection?: { disconnect(flush?: boolean): Promise<unknown> } } | undefined;
    // Sees the options the throttling plugin gets, after Probot's layer and ours.
    const Octokit = createAppOctokit({ baseDelayMs: 1, throttleOptions: { id } }).plugin((_octokit, options) => {
      throttle ??= (options as { throttle?: typeof throttle }).throttle;
    });
    const probot = new Probot({ appId: 4242, privateKey: testPrivateKey(), redisConfig: url!, Octokit, logLevel: 'fatal' });
    const redis = new Redis(url!);
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    try {
      const github = nock('https://api.github.com')
        .post('/app/installations/1/access_tokens')
        .reply(201, { token: 'ghs_test', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: 'all' })
        .get('/repos/o/r')
        .reply(200, { id: 1, full_name: 'o/r' });
      const octokit = await probot.auth(1);
      const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
      expect(data).toMatchObject({ full_name: 'o/r' });
      expect(github.isDone()).toBe(true);
      expect(throttle?.connection).toBeDefined();
      // The request went through Bottleneck's global group, whose limiter state lives in Redis.
      const keys = await redis.keys(`b_octokit-global-${id}_*`);
      expect(keys).toEqual(expect.arrayContaining([`b_octokit-global-${id}_settings`]));
      expect(await redis.hget(`b_octokit-global-${id}_settings`, 'maxConcurrent')).toBe('10');
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
      await throttle?.connection?.disconnect();
      const keys = await redis.keys(`b_*-${id}_*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });
});
