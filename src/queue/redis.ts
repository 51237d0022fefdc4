/**
 * The shared store: a BullMQ queue on Redis (REDIS_URL), so any number of replicas share the work.
 * BullMQ gives durable jobs, leases (job locks, renewed while the job runs) and stalled-job recovery (a
 * replica that dies leaves its job to another once the lock runs out), retries with exponential
 * backoff, and per-process concurrency. Added here: delivery ids remembered for a day, coalescing of
 * equal queued tasks (BullMQ deduplication, released once the task starts), and slots in Redis for the
 * per-installation limit and the one-job-per-commit rule across replicas, and a readiness ping that
 * fails fast. Connections are ioredis: one for the store's own commands, shared with the Queue; the
 * Worker opens (and closes) its own two.
 */
import { createHash } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import { backoff, errorText, isTransient, KEEP_DONE_MS, KEEP_FAILED_MS, resolveOptions, type Enqueued, type JobQueue, type QueueCounts, type QueueOptions, type ResolvedOptions, type TaskHandler } from './queue.js';
import { coalesceKey, commitOf, describe, installationOf, type QueuedTask, type Task } from './task.js';

export const QUEUE_NAME = 'secret-review';

export interface RedisQueueOptions extends QueueOptions {
  readonly url: string;
  /** key prefix (tests use one per store) */
  readonly prefix?: string;
}

/** Takes an installation slot and the commit's lock for a job, or neither. */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[4] then return 0 end
if not redis.call('ZSCORE', KEYS[1], ARGV[4]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
return 1`;

const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`;

/** ACQUIRE and RELEASE as client commands (ioredis runs them by EVALSHA, loading them when needed). */
interface SlotCommands {
  acquireSlots(installationKey: string, commitKey: string, now: number, leaseMs: number, limit: number, member: string): Promise<number>;
  releaseSlots(installationKey: string, commitKey: string, member: string): Promise<number>;
}

/** A readiness probe must answer while the first connection is pending or Redis hangs without closing it. */
const PING_TIMEOUT_MS = 1000;

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
/** BullMQ job ids must not contain ':' nor be plain integers. */
const jobIdOf = (deliveryId: string) => `d-${deliveryId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export class RedisQueue implements JobQueue {
  readonly store = 'redis' as const;
  private readonly o: ResolvedOptions;
  private readonly prefix: string;
  private readonly client: Redis & SlotCommands;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private stopping = false;
  private readonly active = new Map<string, { job: BullJob<QueuedTask>; token: string | undefined; handBack: () => void }>();
  /** jobs this worker ran, until BullMQ reports how they ended (completed, or failed: retried or for good) */
  private readonly ran = new Set<string>();

  constructor(private readonly options: RedisQueueOptions) {
    this.o = resolveOptions(options);
    this.prefix = options.prefix ?? 'sr';
    // No offline queue: while Redis is down, enqueue (a webhook waiting for its answer) and ping fail at
    // once instead of waiting for a reconnect (BullMQ's advice for producers).
    this.client = new Redis(options.url, { enableOfflineQueue: false }) as Redis & SlotCommands;
    this.client.defineCommand('acquireSlots', { numberOfKeys: 2, lua: ACQUIRE });
    this.client.defineCommand('releaseSlots', { numberOfKeys: 2, lua: RELEASE });
    this.queue = new Queue(QUEUE_NAME, { connection: this.client, prefix: this.prefix });
    this.queue.on('error', (error) => this.o.log.warn({ err: errorText(error) }, 'queue: Redis error'));
  }

  /** The command client, once its first connection, if under way, is made (the Queue's waits for it too). */
  private async redis(): Promise<Redis & SlotCommands> {
    if (this.client.status === 'connecting' || this.client.status === 'connect') await this.queue.waitUntilReady();
    return this.client;
  }

  private key(...parts: string[]): string {
    return [this.prefix, 'secret-review', ...parts].join(':');
  }

  async enqueue(deliveryId: string, task: Task): Promise<Enqueued> {
    if (this.stopping) throw new Error('the queue is stopping');
    const deliveryKey = this.key('delivery', hash(deliveryId));
    const redis = await this.redis();
    const seen = await redis.get(deliveryKey);
    if (seen) return { id: seen, coalesced: true };
    const jobId = jobIdOf(deliveryId);
    const queued: QueuedTask = { deliveryId, task };
    const job = await this.queue.add(task.kind, queued, {
      jobId,
      deduplication: { id: hash(coalesceKey(task)) },
      attempts: this.o.attempts,
      backoff: { type: 'custom' },
      removeOnComplete: { age: KEEP_DONE_MS / 1000, count: 10_000 },
      removeOnFail: { age: KEEP_FAILED_MS / 1000 },
    });
    const id = job.id ?? jobId;
    await redis.set(deliveryKey, id, 'PX', KEEP_DONE_MS);
    return { id, coalesced: id !== jobId };
  }

  start(handler: TaskHandler): void {
    this.worker = new Worker<QueuedTask>(QUEUE_NAME, (job, token) => this.process(handler, job, token), {
      // BullMQ opens the Worker's connections from these options (a blocking one among them, which must
      // wait out a reconnect rather than fail: maxRetriesPerRequest null) and closes them in close().
      connection: { url: this.options.url, maxRetriesPerRequest: null },
      prefix: this.prefix,
      concurrency: this.o.concurrency,
      lockDuration: this.o.leaseMs,
      stalledInterval: Math.max(200, Math.floor(this.o.leaseMs / 2)),
      maxStalledCount: this.o.attempts,
      drainDelay: Math.max(1, Math.ceil(this.o.pollMs / 1000)),
      settings: { backoffStrategy: (attemptsMade: number) => backoff(attemptsMade + 1, this.o) },
    });
    this.worker.on('error', (error) => this.o.log.error({ err: errorText(error) }, 'queue: worker error'));
    this.worker.on('completed', (job) => void this.ran.delete(job.id ?? ''));
    // A failure of a job this worker did not run: BullMQ failed it for stalling too often (its
    // processes kept dying). Its check run is concluded here, as after a last attempt.
    this.worker.on('failed', (job, error) => {
      if (!job?.id || this.ran.delete(job.id)) return;
      this.o.log.error({ job: job.id, ...describe(job.data.task), err: errorText(error) }, 'queue: job failed for good');
      handler.failed(job.data, error).catch((e: unknown) => this.o.log.error({ job: job.id, err: errorText(e) }, 'queue: could not conclude a failed job'));
    });
  }

  private async process(handler: TaskHandler, job: BullJob<QueuedTask>, token: string | undefined): Promise<void> {
    const queued = job.data;
    const member = job.id!;
    const slots: [string, string] = [this.key('installation', String(installationOf(queued.task))), this.key('commit', hash(commitOf(queued.task)))];
    const redis = await this.redis();
    const acquire = () => redis.acquireSlots(...slots, Date.now(), this.o.leaseMs, this.o.perInstallation, member);
    if ((await acquire()) !== 1) {
      // The installation is at its limit, or the commit is being reviewed: look again shortly.
      await job.moveToDelayed(Date.now() + Math.min(this.o.pollMs, 200) * (1 + Math.random()), token);
      throw new DelayedError();
    }
    // From now on an equal task is new work, not a duplicate of this one.
    await job.removeDeduplicationKey().catch(() => undefined);
    const renew = setInterval(() => void acquire().catch(() => undefined), Math.max(50, Math.floor(this.o.leaseMs / 3)));
    let handBack = () => {};
    const handedBack = new Promise<never>((_, reject) => {
      handBack = () => reject(new DelayedError('handed back at shutdown'));
    });
    this.active.set(member, { job, token, handBack });
    // The attempts stored with the job decide whether BullMQ retries it, not this replica's setting.
    const attempts = job.opts.attempts ?? this.o.attempts;
    const attempt = { number: job.attemptsMade + 1, final: job.attemptsMade + 1 >= attempts, queuedAt: job.timestamp };
    this.ran.add(member);
    try {
      await Promise.race([handler.run(queued, attempt), handedBack]);
    } catch (error) {
      if (error instanceof DelayedError) {
        this.ran.delete(member);
        throw error;
      }
      if (isTransient(error) && !attempt.final) {
        this.o.log.warn({ job: member, ...describe(queued.task), attempt: attempt.number, err: errorText(error) }, 'queue: job failed, will retry');
        // BullMQ keeps the message and stack: ours, as the SQLite store keeps it (no request body).
        throw new Error(errorText(error));
      }
      this.o.log.error({ job: member, ...describe(queued.task), attempt: attempt.number, err: errorText(error) }, 'queue: job failed for good');
      // Failed for good even when concluding the check run fails too (GitHub down): no retry.
      await handler.failed(queued, error).catch((e: unknown) => this.o.log.error({ job: member, err: errorText(e) }, 'queue: could not conclude a failed job'));
      throw new UnrecoverableError(errorText(error));
    } finally {
      clearInterval(renew);
      this.active.delete(member);
      await redis.releaseSlots(...slots, member).catch(() => undefined);
    }
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    if (this.worker) {
      const closing = this.worker.close();
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        closing.then(() => false),
        new Promise<boolean>((resolve) => {
          timeout = setTimeout(() => resolve(true), options.graceMs ?? 10_000);
        }),
      ]);
      clearTimeout(timeout);
      if (timedOut) {
        // Hand back what is still running: waiting again at once, for this or another replica.
        // The task goes on in this process until it exits; its effects are idempotent.
        for (const [id, { job, token, handBack }] of this.active) {
          await job.moveToDelayed(Date.now(), token).catch(() => undefined);
          handBack();
          this.o.log.warn({ job: id }, 'queue: handed back a running job at shutdown');
        }
        await closing.catch(() => undefined);
      }
    }
    await this.queue.close().catch(() => undefined);
    // The Queue leaves a client it was given open. quit() lets pending replies arrive; a client that
    // is not connected cannot send it, and disconnect() ends its reconnecting.
    await this.client.quit().catch(() => this.client.disconnect());
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts('wait', 'delayed', 'prioritized', 'active', 'failed', 'completed');
    return {
      queued: (c.wait ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0),
      running: c.active ?? 0,
      failed: c.failed ?? 0,
      done: c.completed ?? 0,
    };
  }

  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
    });
    try {
      return (await Promise.race([this.redis().then((redis) => redis.ping()), timeout])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Inspection (tests, operators), as the SQLite store's: every job kept, with its state, attempts and last error. */
  async jobs(): Promise<{ id: string; deliveryId: string; state: string; attempts: number; lastError: string | null; task: Task }[]> {
    const states = { completed: 'done', failed: 'failed', active: 'running', wait: 'queued', delayed: 'queued', prioritized: 'queued' } as const;
    const listed = await Promise.all(
      Object.entries(states).map(async ([type, state]) => (await this.queue.getJobs([type as keyof typeof states])).map((job) => ({ job, state }))),
    );
    return listed
      .flat()
      .sort((a, b) => a.job.timestamp - b.job.timestamp)
      .map(({ job, state }) => {
        const queued = job.data as QueuedTask;
        return { id: job.id ?? '', deliveryId: queued.deliveryId, state, attempts: job.attemptsMade, lastError: job.failedReason || null, task: queued.task };
      });
  }
}
