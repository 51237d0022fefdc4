/**
 * The queue the app runs on, from the environment: BullMQ on Redis when REDIS_URL is set, else SQLite
 * in DATA_DIR (default ./data). Started with the worker's task handler, counted in the metrics, checked
 * by /readyz, and stopped by the server's shutdown hooks (finish or hand back what runs).
 */
import type { Probot } from 'probot';
import type { HandlerOptions } from '../github/events.js';
import { registerReadinessCheck } from '../observability/health.js';
import { onShutdown } from '../observability/lifecycle.js';
import { jobsFailed, jobsQueued, jobsRetried, jobsRunning, queueLatency } from '../observability/metrics.js';
import { isTransient, type JobQueue, type QueueLog, type QueueOptions, type TaskHandler } from './queue.js';
import { RedisQueue } from './redis.js';
import { createTaskHandler } from './run-task.js';
import { SqliteQueue } from './sqlite.js';

export type { JobQueue } from './queue.js';
export { InlineQueue } from './inline.js';

const number = (value: string | undefined): number | undefined => (value && Number.isFinite(Number(value)) && Number(value) > 0 ? Number(value) : undefined);

/** QUEUE_CONCURRENCY, QUEUE_CONCURRENCY_PER_INSTALLATION, QUEUE_ATTEMPTS, QUEUE_LEASE_MS, QUEUE_BACKOFF_MS (REDIS_PREFIX: the Redis key prefix). */
export function queueOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueOptions {
  const pick = {
    concurrency: number(env.QUEUE_CONCURRENCY),
    perInstallation: number(env.QUEUE_CONCURRENCY_PER_INSTALLATION),
    attempts: number(env.QUEUE_ATTEMPTS),
    leaseMs: number(env.QUEUE_LEASE_MS),
    backoffMs: number(env.QUEUE_BACKOFF_MS),
  };
  return Object.fromEntries(Object.entries(pick).filter(([, v]) => v !== undefined)) as QueueOptions;
}

export function createQueue(env: NodeJS.ProcessEnv = process.env, options: QueueOptions = {}): JobQueue {
  const o = { ...queueOptionsFromEnv(env), ...options };
  if (env.REDIS_URL) return new RedisQueue({ ...o, url: env.REDIS_URL, ...(env.REDIS_PREFIX ? { prefix: env.REDIS_PREFIX } : {}) });
  return new SqliteQueue({ ...o, ...(env.DATA_DIR ? { dataDir: env.DATA_DIR } : {}) });
}

/** The task handler with the queue's metrics around it. */
function counted(handler: TaskHandler): TaskHandler {
  return {
    async run(queued, attempt) {
      if (attempt.number === 1) queueLatency.observe(Math.max(0, Date.now() - attempt.queuedAt) / 1000);
      try {
        await handler.run(queued, attempt);
      } catch (error) {
        if (isTransient(error) && !attempt.final) jobsRetried.inc();
        throw error;
      }
    },
    async failed(queued, error) {
      jobsFailed.inc();
      await handler.failed(queued, error);
    },
  };
}

/** Starts the queue's workers for the app; registers the readiness check, metrics and shutdown hook. */
export function startQueue(app: Pick<Probot, 'auth' | 'log'>, queue: JobQueue, options: HandlerOptions = {}, env: NodeJS.ProcessEnv = process.env): void {
  queue.start(counted(createTaskHandler(app, options)));
  if (queue.store === 'inline') return;
  registerReadinessCheck(`queue`, () => queue.ping());
  const gauges = setInterval(() => {
    queue.counts().then(
      (c) => {
        jobsQueued.set(c.queued);
        jobsRunning.set(c.running);
      },
      () => undefined,
    );
  }, 5000);
  gauges.unref();
  onShutdown('queue', async () => {
    clearInterval(gauges);
    await queue.stop({ graceMs: Number(env.QUEUE_GRACE_MS) || 6000 });
  });
}

export function queueLog(app: Pick<Probot, 'log'>): QueueLog {
  return app.log.child({ name: 'queue' }) as unknown as QueueLog;
}
