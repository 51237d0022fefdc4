/** The SQLite store: the shared contract, durability across reopening, and lease expiry. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { KEEP_DONE_MS, KEEP_FAILED_MS } from '../../src/queue/queue.js';
import { DB_FILE, SqliteQueue } from '../../src/queue/sqlite.js';
import { queueContract } from './contract.js';
import { Recorder, sleep, task, until } from './tasks.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { prepare(sql: string): { run(...a: unknown[]): unknown }; close(): void };
const openDb = (dataDir: string) => new Database(join(dataDir, DB_FILE));

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-queue-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite queue', () => {
  queueContract(() => {
    const dataDir = freshDir();
    return (options = {}) => new SqliteQueue({ ...options, dataDir });
  });

  it('keeps an enqueued task across closing and reopening the store', async () => {
    const dataDir = freshDir();
    const q = new SqliteQueue({ dataDir });
    await q.enqueue('d-1', task(1));
    await q.stop();
    const again = new SqliteQueue({ dataDir, pollMs: 20 });
    expect(await again.counts()).toMatchObject({ queued: 1 });
    expect(await again.enqueue('d-1', task(1))).toMatchObject({ coalesced: true });
    const r = new Recorder();
    again.start(r);
    await until(() => r.calls.length === 1);
    await again.stop();
  });

  it('takes a job again once the lease of the process that held it has run out, not before', async () => {
    const dataDir = freshDir();
    const q = new SqliteQueue({ dataDir, pollMs: 20, leaseMs: 300 });
    await q.enqueue('d-1', task(1));
    await q.stop();
    // A process that died mid-job: running, its lease about to run out.
    const db = openDb(dataDir);
    db.prepare(`UPDATE jobs SET state = 'running', attempts = 1, lease_token = 'dead', lease_until = ?`).run(Date.now() + 300);
    db.close();
    const again = new SqliteQueue({ dataDir, pollMs: 20, leaseMs: 300 });
    const r = new Recorder();
    again.start(r);
    await sleep(150);
    expect(r.calls).toHaveLength(0);
    await until(() => r.calls.length === 1, 5000, 'redelivery');
    expect(r.calls[0]!.attempt.number).toBe(2);
    await until(async () => (await again.counts()).done === 1);
    await again.stop();
  });

  it('renews the lease of a long job, so a second process on the file does not take it', async () => {
    const dataDir = freshDir();
    const a = new SqliteQueue({ dataDir, pollMs: 20, leaseMs: 150 });
    const b = new SqliteQueue({ dataDir, pollMs: 20, leaseMs: 150 });
    const ra = new Recorder(() => sleep(600));
    const rb = new Recorder();
    await a.enqueue('d-1', task(1));
    a.start(ra);
    await until(() => ra.calls.length === 1);
    b.start(rb);
    await until(async () => (await a.counts()).done === 1, 5000, 'done');
    expect(rb.calls).toHaveLength(0);
    await a.stop();
    await b.stop();
  });

  it('keeps a failed job for inspection with its last error', async () => {
    const dataDir = freshDir();
    const q = new SqliteQueue({ dataDir, pollMs: 20, attempts: 2, backoffMs: 10 });
    q.start(new Recorder(async () => {
      throw Object.assign(new Error('Server Error'), { status: 500 });
    }));
    await q.enqueue('d-1', task(1));
    await until(async () => (await q.counts()).failed === 1);
    expect(q.jobs()).toEqual([expect.objectContaining({ deliveryId: 'd-1', state: 'failed', attempts: 2, lastError: 'Error 500: Server Error' })]);
    await q.stop();
  });

  it('forgets done jobs and delivery ids after a day and failed jobs after a month, nothing sooner', async () => {
    const dataDir = freshDir();
    const q = new SqliteQueue({ dataDir, pollMs: 20, leaseMs: 300 });
    for (const n of [1, 2, 3, 4]) await q.enqueue(`d-${n}`, task(n));
    await q.stop();
    const now = Date.now();
    const db = openDb(dataDir);
    const age = (id: number, state: string, ms: number) => db.prepare(`UPDATE jobs SET state = ?, updated_at = ? WHERE id = ?`).run(state, now - ms, id);
    age(1, 'done', KEEP_DONE_MS + 60_000);
    age(2, 'done', KEEP_DONE_MS - 60_000);
    age(3, 'failed', KEEP_DONE_MS + 60_000);
    age(4, 'failed', KEEP_FAILED_MS + 60_000);
    db.prepare(`UPDATE deliveries SET received_at = ? WHERE job_id = 1`).run(now - KEEP_DONE_MS - 60_000);
    db.close();
    const again = new SqliteQueue({ dataDir, pollMs: 20, leaseMs: 300 });
    again.start(new Recorder());
    await until(() => again.jobs().length === 2, 5000, 'the pruning');
    expect(again.jobs().map((j) => [j.id, j.state])).toEqual([
      [2, 'done'],
      [3, 'failed'],
    ]);
    // The expired delivery id is new again; the others are still recognised.
    expect(await again.enqueue('d-2', task(2))).toMatchObject({ coalesced: true });
    expect(await again.enqueue('d-1', task(1))).toMatchObject({ coalesced: false });
    await again.stop();
  });
});
