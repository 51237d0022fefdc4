/**
 * What the queue holds: a task per webhook worth reviewing, built from the payload alone (no GitHub
 * calls, so the webhook is answered at once), plus the delivery id it came with. Whatever only GitHub
 * knows (is there an open pull request for this pushed commit? which one does a re-run mean?) is looked
 * up by the worker that runs the task.
 */
import { commitKey, type Job, type Rerun } from '../github/job.js';

export type Task =
  /** a pull request's review */
  | { readonly kind: 'review'; readonly job: Job }
  /** a push's review, unless the commit heads an open pull request (then that pull request's review covers it) */
  | { readonly kind: 'push'; readonly job: Job }
  /** a re-run of the check suite or check run; `appId` is the check run's app, compared with ours by the worker */
  | { readonly kind: 'rerun'; readonly rerun: Rerun; readonly appId?: number }
  /** "Open fix issue" on a failing check run */
  | { readonly kind: 'fix-issue'; readonly rerun: Rerun; readonly appId?: number };

export interface QueuedTask {
  /** the X-GitHub-Delivery id of the webhook that asked for it (the first one, when coalesced) */
  readonly deliveryId: string;
  readonly task: Task;
}

function subject(task: Task): { repository: Job['repository']; headSha: string; trigger: string } {
  return task.kind === 'review' || task.kind === 'push' ? task.job : task.rerun;
}

export function installationOf(task: Task): number {
  return subject(task).repository.installationId;
}

/** The commit a task works on: tasks on one commit run one at a time (they share its check run). */
export function commitOf(task: Task): string {
  return commitKey(subject(task));
}

/** Tasks with the same key, while one is still queued, are one task: the same commit, asked the same way. */
export function coalesceKey(task: Task): string {
  const s = subject(task);
  const range = task.kind === 'review' || task.kind === 'push' ? (task.job.range.type === 'pull' ? `pull:${task.job.range.number}` : `compare:${task.job.range.base}`) : '';
  return `${task.kind}|${commitKey(s)}|${s.trigger}|${range}`;
}

export function describe(task: Task): Record<string, unknown> {
  const s = subject(task);
  return { kind: task.kind, repository: `${s.repository.owner}/${s.repository.repo}`, sha: s.headSha, trigger: s.trigger };
}
