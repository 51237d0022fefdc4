/**
 * No queue: each task runs while the webhook waits, one at a time per commit, with one attempt
 * (Octokit's retries only). A failure is handled as the stores handle a last attempt's (the check run
 * concluded neutral, the failure counted) and goes no further. For tests that drive the app with
 * `probot.receive` and check GitHub's side right after, and for embedding without a data directory.
 * Not durable.
 */
import { CommitLock } from '../github/commit-lock.js';
import { errorText, type Enqueued, type JobQueue, type QueueCounts, type QueueLog, type TaskHandler } from './queue.js';
import { commitOf, describe, type Task } from './task.js';

export class InlineQueue implements JobQueue {
  readonly store = 'inline' as const;
  private handler: TaskHandler | undefined;
  private readonly lock = new CommitLock();
  private readonly seen = new Set<string>();
  private readonly tally = { queued: 0, running: 0, failed: 0, done: 0 };

  constructor(private readonly log?: QueueLog) {}

  async enqueue(deliveryId: string, task: Task): Promise<Enqueued> {
    if (!this.handler) throw new Error('the inline queue runs tasks only once started');
    if (this.seen.has(deliveryId)) return { id: deliveryId, coalesced: true };
    this.seen.add(deliveryId);
    const handler = this.handler;
    const queuedAt = Date.now();
    await this.lock.run(commitOf(task), async () => {
      this.tally.running++;
      try {
        await handler.run({ deliveryId, task }, { number: 1, final: true, queuedAt });
        this.tally.done++;
      } catch (error) {
        this.tally.failed++;
        this.log?.error({ delivery: deliveryId, ...describe(task), err: errorText(error) }, 'queue: job failed for good');
        await handler.failed({ deliveryId, task }, error).catch((e: unknown) => this.log?.error({ delivery: deliveryId, err: errorText(e) }, 'queue: could not conclude a failed job'));
      } finally {
        this.tally.running--;
      }
    });
    return { id: deliveryId, coalesced: false };
  }

  start(handler: TaskHandler): void {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  async counts(): Promise<QueueCounts> {
    return { ...this.tally };
  }

  async ping(): Promise<boolean> {
    return true;
  }
}
