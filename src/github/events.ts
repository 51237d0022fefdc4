/**
 * Webhook events -> tasks on the job queue. A handler only turns its payload into a task (or a reason
 * to skip) and enqueues it with the delivery id, so the webhook is answered at once; what only GitHub
 * knows (the pull request a commit heads, whether a check run is this app's) is looked up by the worker
 * that runs the task (src/queue/run-task.ts).
 */
import type { Context } from 'probot';
import { CONFIG_PATH } from '../config/schema.js';
import type { JobQueue } from '../queue/queue.js';
import type { Task } from '../queue/task.js';
import { CHECK_NAME } from '../report/check-run.js';
import { FIX_ISSUE_ACTION } from '../report/fix-issue.js';
import { jobFromPullRequest, jobFromPush, rerunFromCheckRun, rerunFromCheckSuite } from './job.js';

/** The configuration file's name under `.github/`, as Probot's `context.config` takes it. */
export const CONFIG_FILE = CONFIG_PATH.slice('.github/'.length);

export interface HandlerOptions {
  /** key for finding fingerprints (SECRET_REVIEW_FINGERPRINT_KEY) */
  readonly fingerprintKey?: string;
  /** worker threads for large scans; 0 scans inline */
  readonly scanThreads?: number;
}

type AnyContext = Context<'pull_request' | 'push' | 'check_suite' | 'check_run'>;

export function createHandlers(queue: Pick<JobQueue, 'enqueue'>) {
  const enqueue = async (context: AnyContext, task: Task) => {
    const { id, coalesced } = await queue.enqueue(context.id, task);
    context.log.debug({ event: context.name, delivery: context.id, job: id, coalesced }, coalesced ? 'coalesced with a queued job' : 'queued');
  };

  const skip = (context: AnyContext, reason: string) => context.log.debug({ event: context.name, reason }, 'not reviewed');

  return {
    async pullRequest(context: Context<'pull_request'>) {
      const r = jobFromPullRequest(context.payload);
      if ('skip' in r) return skip(context, r.skip);
      await enqueue(context, { kind: 'review', job: r.job });
    },

    async push(context: Context<'push'>) {
      const r = jobFromPush(context.payload);
      if ('skip' in r) return skip(context, r.skip);
      await enqueue(context, { kind: 'push', job: r.job });
    },

    async checkSuite(context: Context<'check_suite'>) {
      const r = rerunFromCheckSuite(context.payload);
      if ('skip' in r) return skip(context, r.skip);
      await enqueue(context, { kind: 'rerun', rerun: r });
    },

    async checkRun(context: Context<'check_run'>) {
      // Whether the run is this app's is the worker's to check (the app's id costs a GitHub call).
      const appId = context.payload.check_run.app?.id;
      const r = rerunFromCheckRun(context.payload, CHECK_NAME, appId ?? 0);
      if ('skip' in r) return skip(context, r.skip);
      await enqueue(context, { kind: 'rerun', rerun: r, ...(appId !== undefined ? { appId } : {}) });
    },

    /** "Open fix issue" on a failing Secret review check run of a pull request. */
    async checkRunAction(context: Context<'check_run.requested_action'>) {
      const identifier = context.payload.requested_action?.identifier;
      if (identifier !== FIX_ISSUE_ACTION.identifier) return skip(context, `requested action "${identifier ?? ''}" is not ours`);
      const appId = context.payload.check_run.app?.id;
      const r = rerunFromCheckRun(context.payload, CHECK_NAME, appId ?? 0);
      if ('skip' in r) return skip(context, r.skip);
      await enqueue(context, { kind: 'fix-issue', rerun: { ...r, trigger: 'check_run.requested_action' }, ...(appId !== undefined ? { appId } : {}) });
    },

    /** Installation events need nothing: the next push or pull request is reviewed as usual. */
    async installation(context: Context<'installation' | 'installation_repositories'>) {
      context.log.debug({ event: context.name, action: context.payload.action }, 'installation event');
    },
  };
}
