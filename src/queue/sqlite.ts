/**
 * The embedded job store: one SQLite file in DATA_DIR (WAL, synchronous=FULL, so an enqueued job is on
 * disk before the webhook is answered). Claiming a job, renewing its lease and settling it are single
 * statements; a lease that runs out (the process died) makes the job claimable again, so a restart, or
 * another process on the same file, picks it up. Jobs on one commit never run at once. Delivery ids
 * and done jobs are kept a day, failed jobs (for inspection) a month; then they are deleted.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { backoff, errorText, isTransient, KEEP_DONE_MS, KEEP_FAILED_MS, resolveOptions, type Attempt, type Enqueued, type JobQueue, type QueueCounts, type QueueOptions, type ResolvedOptions, type TaskHandler } from './queue.js';
import { coalesceKey, commitOf, describe, installationOf, type QueuedTask, type Task } from './task.js';

interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
}
type DatabaseConstructor = new (file: string) => Database;

const require = createRequire(import.meta.url);
const Sqlite = require('better-sqlite3') as DatabaseConstructor;

export const DB_FILE = 'jobs.sqlite';
const INTAKE_QUIET_MS = 50;


interface Row {
  id: number;
  delivery_id: string;
  payload: string;
  attempts: number;
  lease_token: string;
  created_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL,
  coalesce_key TEXT NOT NULL,
  commit_key TEXT NOT NULL,
  installation_id INTEGER NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_after INTEGER NOT NULL,
  lease_until INTEGER,
  lease_token TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_queued_key ON jobs (coalesce_key) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (state, run_after);
CREATE TABLE IF NOT EXISTS deliveries (
  delivery_id TEXT PRIMARY KEY,
  job_id INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
`;

export interface SqliteQueueOptions extends QueueOptions {
  /** the data directory (DATA_DIR, default ./data) */
  readonly dataDir?: string;
}

export class SqliteQueue implements JobQueue {
  readonly store = 'sqlite' as const;
  private readonly db: Database;
  private readonly o: ResolvedOptions;
  private handler: TaskHandler | undefined;
  private stopping = false;
  private readonly inFlight = new Map<number, { token: string; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  /** when the last webhook was enqueued: while they keep coming, fewer jobs start (acknowledging comes first) */
  private lastEnqueue = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  private readonly sql: Record<'findDelivery' | 'addDelivery' | 'findQueued' | 'insert' | 'claim' | 'renew' | 'done' | 'retry' | 'fail' | 'handBack' | 'merged' | 'pruneDeliveries' | 'pruneJobs' | 'counts', Statement>;
  private readonly enqueueTx: (deliveryId: string, task: Task) => Enqueued;

  constructor(options: SqliteQueueOptions = {}) {
    this.o = resolveOptions(options);
    const dir = options.dataDir ?? './data';
    mkdirSync(dir, { recursive: true });
    this.db = new Sqlite(join(dir, DB_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const running = `state = 'running' AND lease_until >= @now`;
    this.sql = {
      findDelivery: this.db.prepare('SELECT job_id FROM deliveries WHERE delivery_id = ?'),
      addDelivery: this.db.prepare('INSERT INTO deliveries (delivery_id, job_id, received_at) VALUES (?, ?, ?)'),
      findQueued: this.db.prepare(`SELECT id FROM jobs WHERE coalesce_key = ? AND state = 'queued'`),
      insert: this.db.prepare(
        `INSERT INTO jobs (delivery_id, coalesce_key, commit_key, installation_id, payload, state, run_after, created_at, updated_at)
         VALUES (@delivery, @key, @commit, @installation, @payload, 'queued', @now, @now, @now)`,
      ),
      // The oldest due job whose commit is not running and whose installation is below its limit; a
      // running job whose lease ran out counts as due (its process died). The queued-key index allows
      // one queued job per key, so a re-claimed expired job whose key is queued again is merged away.
      claim: this.db.prepare(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = @lease, lease_token = @token, updated_at = @now
         WHERE id = (
           SELECT j.id FROM jobs j
           WHERE ((j.state = 'queued' AND j.run_after <= @now) OR (j.state = 'running' AND j.lease_until < @now))
             AND j.commit_key NOT IN (SELECT commit_key FROM jobs WHERE ${running} AND id != j.id)
             AND (SELECT count(*) FROM jobs r WHERE r.${running} AND r.installation_id = j.installation_id AND r.id != j.id) < @perInstallation
           ORDER BY j.run_after, j.id LIMIT 1)
         RETURNING id, delivery_id, payload, attempts, lease_token, created_at`,
      ),
      renew: this.db.prepare(`UPDATE jobs SET lease_until = ?, updated_at = ? WHERE id = ? AND lease_token = ? AND state = 'running'`),
      done: this.db.prepare(`UPDATE jobs SET state = 'done', lease_until = NULL, lease_token = NULL, updated_at = ? WHERE id = ? AND lease_token = ?`),
      retry: this.db.prepare(
        `UPDATE jobs SET state = 'queued', run_after = ?, lease_until = NULL, lease_token = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_token = ?`,
      ),
      fail: this.db.prepare(`UPDATE jobs SET state = 'failed', lease_until = NULL, lease_token = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_token = ?`),
      handBack: this.db.prepare(
        `UPDATE jobs SET state = 'queued', attempts = attempts - 1, run_after = ?, lease_until = NULL, lease_token = NULL, updated_at = ? WHERE id = ? AND lease_token = ?`,
      ),
      merged: this.db.prepare(
        `UPDATE jobs SET state = 'done', lease_until = NULL, lease_token = NULL, last_error = 'merged into an equal queued job', updated_at = ? WHERE id = ? AND lease_token = ?`,
      ),
      pruneDeliveries: this.db.prepare(`DELETE FROM deliveries WHERE received_at < ?`),
      pruneJobs: this.db.prepare(`DELETE FROM jobs WHERE (state = 'done' AND updated_at < ?) OR (state = 'failed' AND updated_at < ?)`),
      counts: this.db.prepare(`SELECT state, count(*) AS n FROM jobs GROUP BY state`),
    };
    this.enqueueTx = this.db.transaction((deliveryId: string, task: Task): Enqueued => {
      const now = Date.now();
      const seen = this.sql.findDelivery.get(deliveryId) as { job_id: number } | undefined;
      if (seen) return { id: String(seen.job_id), coalesced: true };
      const key = coalesceKey(task);
      const queued = this.sql.findQueued.get(key) as { id: number } | undefined;
      if (queued) {
        this.sql.addDelivery.run(deliveryId, queued.id, now);
        return { id: String(queued.id), coalesced: true };
      }
      const { lastInsertRowid } = this.sql.insert.run({
        delivery: deliveryId,
        key,
        commit: commitOf(task),
        installation: installationOf(task),
        payload: JSON.stringify(task),
        now,
      });
      this.sql.addDelivery.run(deliveryId, lastInsertRowid, now);
      return { id: String(lastInsertRowid), coalesced: false };
    });
  }

  async enqueue(deliveryId: string, task: Task): Promise<Enqueued> {
    if (this.stopping) throw new Error('the queue is stopping');
    const result = this.enqueueTx(deliveryId, task);
    this.lastEnqueue = Date.now();
    if (!result.coalesced && this.inFlight.size === 0) this.wake();
    return result;
  }

  start(handler: TaskHandler): void {
    this.handler = handler;
    this.renewTimer = setInterval(() => this.renew(), Math.max(50, Math.floor(this.o.leaseMs / 3)));
    this.renewTimer.unref();
    this.wake();
  }

  /** Fills free slots with due jobs; schedules the next look. */
  private wake(): void {
    if (!this.handler || this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // During a burst of webhooks a quarter of the slots take new jobs, so the answers stay fast; the
    // rest fill as soon as deliveries pause for a moment.
    const busy = Date.now() - this.lastEnqueue < INTAKE_QUIET_MS;
    const limit = busy ? Math.max(1, Math.floor(this.o.concurrency / 4)) : this.o.concurrency;
    while (this.inFlight.size < limit) {
      const row = this.claim();
      if (!row) break;
      this.runRow(row);
    }
    if (!this.stopping) {
      this.timer = setTimeout(() => this.wake(), busy ? INTAKE_QUIET_MS : this.o.pollMs);
      this.timer.unref();
    }
  }

  private claim(): Row | undefined {
    const now = Date.now();
    return this.sql.claim.get({ now, lease: now + this.o.leaseMs, token: randomUUID(), perInstallation: this.o.perInstallation }) as Row | undefined;
  }

  /** Puts a job back in the queue; if an equal job is queued meanwhile, that one does the work. */
  private requeue(statement: Statement, params: unknown[], id: number, token: string): void {
    try {
      statement.run(...params);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      this.sql.merged.run(Date.now(), id, token);
    }
  }

  private runRow(row: Row): void {
    const handler = this.handler!;
    const queued: QueuedTask = { deliveryId: row.delivery_id, task: JSON.parse(row.payload) as Task };
    const attempt: Attempt = { number: row.attempts, final: row.attempts >= this.o.attempts, queuedAt: row.created_at };
    const token = row.lease_token;
    const done = (async () => {
      try {
        await handler.run(queued, attempt);
        this.sql.done.run(Date.now(), row.id, token);
      } catch (error) {
        await this.settleFailure(row, queued, attempt, error);
      }
    })()
      .catch((error: unknown) => this.o.log.error({ err: errorText(error), job: row.id }, 'queue: could not settle a job'))
      .finally(() => {
        this.inFlight.delete(row.id);
        this.wake();
      });
    this.inFlight.set(row.id, { token, done });
  }

  private async settleFailure(row: Row, queued: QueuedTask, attempt: Attempt, error: unknown): Promise<void> {
    const now = Date.now();
    if (isTransient(error) && !attempt.final) {
      const delay = backoff(attempt.number + 1, this.o);
      this.o.log.warn({ job: row.id, ...describe(queued.task), attempt: attempt.number, retryInMs: delay, err: errorText(error) }, 'queue: job failed, will retry');
      this.requeue(this.sql.retry, [now + delay, errorText(error), now, row.id, row.lease_token], row.id, row.lease_token);
      return;
    }
    this.o.log.error({ job: row.id, ...describe(queued.task), attempt: attempt.number, err: errorText(error) }, 'queue: job failed for good');
    try {
      await this.handler!.failed(queued, error);
    } finally {
      this.sql.fail.run(errorText(error), Date.now(), row.id, row.lease_token);
    }
  }

  private renew(): void {
    const now = Date.now();
    this.sql.pruneDeliveries.run(now - KEEP_DONE_MS);
    this.sql.pruneJobs.run(now - KEEP_DONE_MS, now - KEEP_FAILED_MS);
    for (const [id, { token }] of this.inFlight) this.sql.renew.run(now + this.o.leaseMs, now, id, token);
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const running = [...this.inFlight.values()].map((r) => r.done);
    if (running.length > 0) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(running),
        new Promise((resolve) => {
          timeout = setTimeout(resolve, options.graceMs ?? 10_000);
        }),
      ]);
      clearTimeout(timeout);
    }
    // What is still running is handed back: queued again at once, this attempt not counted.
    const now = Date.now();
    for (const [id, { token }] of this.inFlight) {
      this.requeue(this.sql.handBack, [now, now, id, token], id, token);
      this.o.log.warn({ job: id }, 'queue: handed back a running job at shutdown');
    }
    this.inFlight.clear();
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.db.close();
  }

  async counts(): Promise<QueueCounts> {
    const counts = { queued: 0, running: 0, failed: 0, done: 0 };
    for (const { state, n } of this.sql.counts.all() as { state: keyof QueueCounts; n: number }[]) counts[state] = n;
    return counts;
  }

  async ping(): Promise<boolean> {
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  /** Inspection (tests, operators): every job with its state, attempts and last error. */
  jobs(): { id: number; deliveryId: string; state: string; attempts: number; lastError: string | null; task: Task }[] {
    return (this.db.prepare('SELECT id, delivery_id, state, attempts, last_error, payload FROM jobs ORDER BY id').all() as {
      id: number;
      delivery_id: string;
      state: string;
      attempts: number;
      last_error: string | null;
      payload: string;
    }[]).map((r) => ({ id: r.id, deliveryId: r.delivery_id, state: r.state, attempts: r.attempts, lastError: r.last_error, task: JSON.parse(r.payload) as Task }));
  }
}
