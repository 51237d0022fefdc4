/**
 * What every JobQueue store promises, run against SQLite and Redis: enqueue and process, coalescing,
 * retries with backoff then failed (check run completed neutral by the handler's `failed`), permanent
 * errors failed at once, concurrency limits overall, per installation and per commit, and a stop that
 * hands unfinished jobs back to the next process.
 */
import { afterEach, expect, it } from '@jest/globals';
import type { JobQueue, QueueOptions } from '../../src/queue/queue.js';
import { httpError, Recorder, sleep, task, until } from './tasks.js';

/** Opens queues on one store; each call of `store()` gives a fresh, empty store. */
export type Store = () => (options?: QueueOptions) => JobQueue;

export function queueContract(store: Store): void {
  const open: JobQueue[] = [];
  const track = (q: JobQueue) => (open.push(q), q);
  afterEach(async () => {
    for (const q of open.splice(0)) await q.stop({ graceMs: 0 }).catch(() => undefined);
  });
  const fast = { pollMs: 20, backoffMs: 30, maxBackoffMs: 200, leaseMs: 2000 } as const;

  it('runs every enqueued task once, with its delivery id', async () => {
    const q = track(store()(fast));
    const r = new Recorder();
    for (let i = 0; i < 20; i++) expect((await q.enqueue(`d-${i}`, task(i))).coalesced).toBe(false);
    q.start(r);
    await until(async () => (await q.counts()).done === 20, 10_000, 'all done');
    expect(r.calls.map((c) => c.deliveryId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `d-${i}`).sort());
    expect(r.calls.every((c) => c.attempt.number === 1)).toBe(true);
  });

  it('coalesces a repeated delivery and an equal task while one is queued; not a different trigger', async () => {
    const q = track(store()(fast));
    const first = await q.enqueue('d-1', task(1));
    expect(await q.enqueue('d-1', task(1))).toEqual({ id: first.id, coalesced: true });
    expect(await q.enqueue('d-2', task(1))).toEqual({ id: first.id, coalesced: true });
    expect((await q.enqueue('d-3', task(1, { trigger: 'check_run.rerequested' }))).coalesced).toBe(false);
    expect((await q.enqueue('d-4', task(2))).coalesced).toBe(false);
    const r = new Recorder();
    q.start(r);
    await until(async () => (await q.counts()).done === 3, 10_000, '3 done');
    expect(r.calls).toHaveLength(3);
    // Once it has run, the same commit asked again is new work.
    expect((await q.enqueue('d-5', task(1))).coalesced).toBe(false);
    await until(async () => (await q.counts()).done === 4, 10_000, '4 done');
  });

  it('retries transient failures with growing delays, then fails the job and calls `failed` once', async () => {
    const q = track(store()({ ...fast, attempts: 4 }));
    const r = new Recorder(async () => {
      throw httpError(502);
    });
    await q.enqueue('d-1', task(1));
    q.start(r);
    await until(async () => (await q.counts()).failed === 1, 10_000, 'failed');
    expect(r.calls.map(({ attempt: { number, final } }) => ({ number, final }))).toEqual([
      { number: 1, final: false },
      { number: 2, final: false },
      { number: 3, final: false },
      { number: 4, final: true },
    ]);
    // Every attempt knows when the job was stored (the queue-latency metric starts there).
    const queuedAt = r.calls[0]!.attempt.queuedAt;
    expect(r.calls.every((c) => c.attempt.queuedAt === queuedAt)).toBe(true);
    expect(queuedAt).toBeLessThanOrEqual(r.calls[0]!.at);
    expect(queuedAt).toBeGreaterThan(r.calls[0]!.at - 5_000);
    const gaps = r.calls.slice(1).map((c, i) => c.at - r.calls[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    expect(r.failures).toHaveLength(1);
    expect((r.failures[0]!.error as { status: number }).status).toBe(502);
  });

  it('recovers when a transient failure passes: a later attempt completes the job', async () => {
    const q = track(store()(fast));
    let n = 0;
    const r = new Recorder(async () => {
      if (++n <= 2) throw Object.assign(new Error('secondary rate limit'), { status: 403 });
    });
    await q.enqueue('d-1', task(1));
    q.start(r);
    await until(async () => (await q.counts()).done === 1, 10_000, 'done');
    expect(r.calls).toHaveLength(3);
    expect(r.failures).toHaveLength(0);
  });

  it('fails a permanent error at once, without retries', async () => {
    const q = track(store()(fast));
    const r = new Recorder(async () => {
      throw httpError(404);
    });
    await q.enqueue('d-1', task(1));
    q.start(r);
    await until(async () => (await q.counts()).failed === 1, 10_000, 'failed');
    expect(r.calls).toHaveLength(1);
    expect(r.failures).toHaveLength(1);
  });

  it('keeps to the overall limit and the per-installation limit', async () => {
    const q = track(store()({ ...fast, concurrency: 4, perInstallation: 2 }));
    const r = new Recorder(() => sleep(40));
    for (let i = 0; i < 24; i++) await q.enqueue(`d-${i}`, task(i, { installation: 1 + (i % 3) }));
    q.start(r);
    await until(async () => (await q.counts()).done === 24, 20_000, 'all done');
    expect(r.maxRunning).toBeLessThanOrEqual(4);
    expect(r.maxRunning).toBeGreaterThanOrEqual(3);
    expect(r.maxPerKey).toBeLessThanOrEqual(2);
  });

  it('never runs two tasks on one commit at once', async () => {
    const q = track(store()({ ...fast, concurrency: 6, perInstallation: 6 }));
    const r = new Recorder(() => sleep(30), (queued) => (queued.task.kind === 'review' ? queued.task.job.headSha : ''));
    for (let i = 0; i < 6; i++) await q.enqueue(`d-${i}`, task(1, { trigger: `t-${i}` }));
    q.start(r);
    await until(async () => (await q.counts()).done === 6, 10_000, 'all done');
    expect(r.maxPerKey).toBe(1);
  });

  it('stops gracefully: finishes what ends within the grace time, hands back the rest to the next process', async () => {
    const open = store();
    const q = open({ ...fast, concurrency: 2 });
    let release: () => void = () => {};
    const r = new Recorder((queued) => (queued.deliveryId === 'quick' ? sleep(20) : new Promise<void>((resolve) => (release = resolve))));
    await q.enqueue('quick', task(1));
    await q.enqueue('slow', task(2));
    q.start(r);
    await until(() => r.calls.length === 2, 5000, 'both started');
    await q.stop({ graceMs: 200 });
    release();
    const again = track(open(fast));
    const r2 = new Recorder();
    again.start(r2);
    await until(() => r2.calls.length === 1, 10_000, 'handed-back job taken again');
    expect(r2.calls[0]!.deliveryId).toBe('slow');
    await sleep(100);
    expect(r2.calls).toHaveLength(1);
  });
}
