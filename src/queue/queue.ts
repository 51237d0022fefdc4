/**
 * The job queue between the webhook and the review: durable enqueue (the webhook is answered once the
 * task is stored), coalescing of duplicates, at-least-once processing under leases, retries with
 * exponential backoff for transient failures, concurrency limits overall and per installation, and a
 * graceful stop. Two stores: SQLite in DATA_DIR (one container) and BullMQ on Redis (replicas).
 */
import type { QueuedTask, Task } from './task.js';

export interface Enqueued {
  /** the stored job's id */
  readonly id: string;
  /** true when the delivery or an equal queued task was already there: nothing new was stored */
  readonly coalesced: boolean;
}

export interface Attempt {
  /** 1 for the first run */
  readonly number: number;
  /** no retry follows this one if it fails */
  readonly final: boolean;
  /** when the job was stored (ms since the epoch): the queue latency is the wait from then to the first start */
  readonly queuedAt: number;
}

/** What the queue runs: the task, and what to do once it has failed for good. */
export interface TaskHandler {
  run(task: QueuedTask, attempt: Attempt): Promise<void>;
  /** after the last attempt (or a permanent error): complete the check run `neutral` with the reason */
  failed(task: QueuedTask, error: unknown): Promise<void>;
}

export interface QueueCounts {
  readonly queued: number;
  readonly running: number;
  readonly failed: number;
  readonly done: number;
}

export interface JobQueue {
  readonly store: 'sqlite' | 'redis' | 'inline';
  /** Stores the task durably (or coalesces it) before resolving. */
  enqueue(deliveryId: string, task: Task): Promise<Enqueued>;
  /** Starts taking jobs. */
  start(handler: TaskHandler): void;
  /** Stops taking jobs; waits up to `graceMs` for running ones, then hands the rest back; closes the store. */
  stop(options?: { graceMs?: number }): Promise<void>;
  counts(): Promise<QueueCounts>;
  /** whether the store answers (readiness) */
  ping(): Promise<boolean>;
}

export interface QueueOptions {
  /** jobs running at once in this process (default 8) */
  readonly concurrency?: number;
  /** jobs running at once per installation, across processes where the store allows (default 2) */
  readonly perInstallation?: number;
  /** attempts before a job is failed for good (default 5) */
  readonly attempts?: number;
  /** first retry delay in ms; doubled each attempt, with jitter (default 2000) */
  readonly backoffMs?: number;
  /** the longest retry delay (default 5 min) */
  readonly maxBackoffMs?: number;
  /** a running job's lease in ms, renewed at a third of it while it runs (default 60 s) */
  readonly leaseMs?: number;
  /** how often idle workers look for due jobs in ms (default 500) */
  readonly pollMs?: number;
  readonly log?: QueueLog;
}

export interface QueueLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const QUEUE_DEFAULTS = {
  concurrency: 8,
  perInstallation: 2,
  attempts: 5,
  backoffMs: 2000,
  maxBackoffMs: 5 * 60_000,
  leaseMs: 60_000,
  pollMs: 500,
} as const;

const DAY_MS = 24 * 3600_000;
/** GitHub redelivers within hours: a day of delivery ids and done jobs is plenty to recognise one. */
export const KEEP_DONE_MS = DAY_MS;
/** Failed jobs stay for inspection a month. */
export const KEEP_FAILED_MS = 30 * DAY_MS;

export type ResolvedOptions = Required<Omit<QueueOptions, 'log'>> & { readonly log: QueueLog };

const silent: QueueLog = { info() {}, warn() {}, error() {} };

export function resolveOptions(options: QueueOptions): ResolvedOptions {
  return { ...QUEUE_DEFAULTS, ...options, log: options.log ?? silent };
}

/** The delay before attempt `next` (2, 3, ...): base * 2^(next-2), capped, with up to 20% jitter. */
export function backoff(next: number, options: Pick<ResolvedOptions, 'backoffMs' | 'maxBackoffMs'>): number {
  const delay = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** Math.max(0, next - 2));
  return Math.round(delay * (1 + Math.random() * 0.2));
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/** Worth another attempt: GitHub's 5xx, rate limits (403/429), timeouts and network errors. */
export function isTransient(error: unknown): boolean {
  const e = error as { status?: unknown; code?: unknown; name?: unknown; cause?: unknown; message?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.status === 'number') {
    if (e.status === 403) return /rate limit|abuse/i.test(String(e.message ?? ''));
    return e.status >= 500 || e.status === 429 || e.status === 408;
  }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
  return e.cause !== undefined && e.cause !== error ? isTransient(e.cause) : false;
}

/** An error as the store keeps it: never a request body, never a token. */
export function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string; status?: number };
  return `${e?.name ?? 'Error'}${typeof e?.status === 'number' ? ` ${e.status}` : ''}: ${String(e?.message ?? error).slice(0, 500)}`;
}
