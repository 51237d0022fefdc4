/**
 * The queue's row group of `npm run bench`: webhook acknowledgement latency (p50/p99) under a burst of
 * 500 signed webhooks on loopback, and reviews per minute, for the SQLite store and (when REDIS_URL is
 * set) the Redis store. The scenario is test/queue/burst.ts, the one test/queue/burst.test.ts runs: the
 * app as `npm start` serves it in its own process, GitHub a fake on loopback, the senders in a process
 * of their own, 8 deliveries in flight and 8 reviews at once.
 *
 * BENCH_QUEUE_WEBHOOKS sets the burst (500); BURST_SENDERS the deliveries in flight (8).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { percentile, runBurst } from '../test/queue/burst.js';

const BURST = Number(process.env.BENCH_QUEUE_WEBHOOKS) || 500;
const SENDERS = Number(process.env.BURST_SENDERS) || 8;

interface Row {
  readonly store: string;
  readonly webhooks: number;
  readonly p50: number;
  readonly p99: number;
  readonly perMinute: number;
}

async function burst(store: string, env: Record<string, string>): Promise<Row> {
  const r = await runBurst({ env, webhooks: BURST, senders: SENDERS }).catch((error: unknown) => {
    throw new Error(`${store}: ${(error as Error).message}`);
  });
  await r.github.close();
  if (r.refused.length > 0) throw new Error(`${store}: ${r.refused.length} of ${BURST} deliveries were not acknowledged with 200`);
  if (r.github.unknown.length > 0) console.warn(`${store}: the fake GitHub did not know ${[...new Set(r.github.unknown)].join(', ')}`);
  return { store, webhooks: BURST, p50: percentile(r.times, 0.5), p99: percentile(r.times, 0.99), perMinute: r.perMinute };
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
  console.log(`\nwebhook burst (${BURST} signed webhooks on loopback, ${SENDERS} in flight, 8 reviews at once, app and senders in their own processes)`);
  console.log('store  webhooks  ack p50 ms  ack p99 ms  reviews/min');
  const print = (r: Row) =>
    console.log(`${r.store.padEnd(7)}${String(r.webhooks).padStart(8)}${r.p50.toFixed(1).padStart(12)}${r.p99.toFixed(1).padStart(12)}${Math.round(r.perMinute).toString().padStart(13)}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'sr-bench-burst-'));
  try {
    print(await burst('SQLite', { DATA_DIR: dataDir }));
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
