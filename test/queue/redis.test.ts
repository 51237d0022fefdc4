/** The Redis (BullMQ) store: the shared contract, and a second replica taking over a dead one's job. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { RedisQueue } from '../../src/queue/redis.js';
import { RespClient } from '../../src/queue/resp.js';
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
    for (const client of ['client', 'queueClient', 'workerClient'] as const) (a as unknown as Record<string, RespClient>)[client]!.close();
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
});
