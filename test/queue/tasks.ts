/** Tasks and a recording handler for the queue tests. */
import type { Job } from '../../src/github/job.js';
import type { Attempt, TaskHandler } from '../../src/queue/queue.js';
import type { QueuedTask, Task } from '../../src/queue/task.js';

export function job(n: number, options: { installation?: number; sha?: string; trigger?: string; pr?: number } = {}): Job {
  const sha = options.sha ?? n.toString(16).padStart(40, 'a');
  return {
    repository: { owner: 'acme', repo: `repo-${n % 7}`, installationId: options.installation ?? 1, url: 'https://github.com/acme/repo', defaultBranch: 'main' },
    headSha: sha,
    range: { type: 'pull', number: options.pr ?? n, baseSha: 'b'.repeat(40) },
    trigger: options.trigger ?? 'pull_request.synchronize',
  };
}

export function task(n: number, options: Parameters<typeof job>[1] = {}): Task {
  return { kind: 'review', job: job(n, options) };
}

export interface Call {
  readonly deliveryId: string;
  readonly attempt: Attempt;
  readonly at: number;
}

/** A handler whose behaviour a test sets per call; records runs, overlaps and final failures. */
export class Recorder implements TaskHandler {
  readonly calls: Call[] = [];
  readonly failures: { deliveryId: string; error: unknown }[] = [];
  running = 0;
  maxRunning = 0;
  readonly runningBy = new Map<string, number>();
  maxPerKey = 0;
  constructor(
    private readonly behaviour: (queued: QueuedTask, attempt: Attempt) => Promise<void> = async () => {},
    private readonly keyOf: (queued: QueuedTask) => string = (q) => String(q.task.kind === 'review' ? q.task.job.repository.installationId : 0),
  ) {}

  async run(queued: QueuedTask, attempt: Attempt): Promise<void> {
    this.calls.push({ deliveryId: queued.deliveryId, attempt, at: Date.now() });
    const key = this.keyOf(queued);
    this.running++;
    this.runningBy.set(key, (this.runningBy.get(key) ?? 0) + 1);
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.maxPerKey = Math.max(this.maxPerKey, this.runningBy.get(key)!);
    try {
      await this.behaviour(queued, attempt);
    } finally {
      this.running--;
      this.runningBy.set(key, this.runningBy.get(key)! - 1);
    }
  }

  async failed(queued: QueuedTask, error: unknown): Promise<void> {
    this.failures.push({ deliveryId: queued.deliveryId, error });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export function httpError(status: number, message = `HTTP ${status}`): Error {
  return Object.assign(new Error(message), { status });
}
