/**
 * The worker's side of a task: an Octokit for the task's installation (`app.auth(installationId)`),
 * the app's identity, the configuration as Probot reads it, and then the existing review code. A re-run
 * after a crash goes through the same steps: the check run is found and completed again, comments
 * carry fingerprint markers, so effects are not duplicated.
 */
import { posix } from 'node:path';
import type { Probot } from 'probot';
import { renderNeutral } from '../report/check-run.js';
import { completeCheckRun, startCheckRun } from '../github/check-run.js';
import { CONFIG_FILE, type HandlerOptions } from '../github/events.js';
import { openFixIssue } from '../github/fix-issue.js';
import { identityLoader, type AppIdentity } from '../github/identity.js';
import { jobFromRerun, type Job, type ListedPullRequest, type Rerun } from '../github/job.js';
import type { AppOctokit } from '../github/octokit.js';
import { openPullRequestByNumber, openPullRequestFor } from '../github/pull-requests.js';
import { failureReason, ReviewFailed, runReview, type Logger, type ReviewDeps } from '../github/run-review.js';
import { isTransient, type Attempt, type TaskHandler } from './queue.js';
import { describe, type QueuedTask, type Task } from './task.js';

interface ConfigPlugin {
  config: { get(params: { owner: string; repo: string; path: string }): Promise<{ config: unknown; files: { config: unknown }[] }> };
}

/** Probot's `context.config(CONFIG_FILE)` without a context: null when no file has any configuration. */
export function configLoader(octokit: AppOctokit, job: Pick<Job, 'repository'>): () => Promise<unknown> {
  return async () => {
    const { config, files } = await (octokit as unknown as ConfigPlugin).config.get({
      owner: job.repository.owner,
      repo: job.repository.repo,
      path: posix.join('.github', CONFIG_FILE),
    });
    return files.some((file) => file.config !== null) ? config : null;
  };
}

/**
 * The open pull request a re-run's commit heads: listed in the payload, else the one the check run
 * kept (a fork's pull request is listed nowhere else), else one listed for the commit.
 */
async function pullRequestOf(octokit: AppOctokit, found: Rerun): Promise<ListedPullRequest | undefined> {
  let pr = found.pullRequests.find((p) => p.head.sha === found.headSha);
  if (!pr && found.pullRequestNumber !== undefined) {
    pr = await openPullRequestByNumber(octokit, found.repository, found.pullRequestNumber, found.headSha);
  }
  return pr ?? (await openPullRequestFor(octokit, found.repository, found.headSha));
}

/** The pull request a re-run names without asking GitHub (enough to address its check run). */
function knownPullRequest(rerun: Rerun): ListedPullRequest | undefined {
  const listed = rerun.pullRequests.find((p) => p.head.sha === rerun.headSha);
  if (listed) return listed;
  if (rerun.pullRequestNumber === undefined) return undefined;
  return { number: rerun.pullRequestNumber, head: { sha: rerun.headSha }, base: { sha: '' } };
}

export function createTaskHandler(app: Pick<Probot, 'auth' | 'log'>, options: HandlerOptions = {}): TaskHandler {
  const identity = identityLoader(app);
  const baseLog = app.log as unknown as Logger;

  const octokitFor = async (job: Pick<Job, 'repository'>) => (await app.auth(job.repository.installationId)) as unknown as AppOctokit;

  const depsFor = async (task: Task, job: Pick<Job, 'repository'>, deliveryId: string, attempt?: Attempt, given?: AppOctokit): Promise<ReviewDeps> => {
    const octokit = given ?? (await octokitFor(job));
    return {
      octokit,
      log: baseLog.child({ delivery: deliveryId, task: task.kind, ...(attempt && attempt.number > 1 ? { attempt: attempt.number } : {}) }),
      identity: await identity(),
      loadConfig: configLoader(octokit, job),
      delivery: deliveryId,
      // A transient failure before the last attempt goes back to the queue with the check run in progress.
      ...(attempt && !attempt.final ? { willRetry: isTransient } : {}),
      ...options,
    };
  };

  const skip = (queued: QueuedTask, reason: string) => baseLog.debug({ ...describe(queued.task), delivery: queued.deliveryId, reason }, 'not reviewed');

  const ours = (self: AppIdentity, appId: number | undefined) => appId === undefined || appId === self.id;

  return {
    async run(queued, attempt) {
      const { task, deliveryId } = queued;
      switch (task.kind) {
        case 'review':
          await runReview(await depsFor(task, task.job, deliveryId, attempt), task.job);
          return;
        case 'push': {
          const octokit = await octokitFor(task.job);
          const pr = await openPullRequestFor(octokit, task.job.repository, task.job.headSha);
          if (pr) return skip(queued, `${task.job.headSha} heads pull request #${pr.number}, reviewed through it`);
          await runReview(await depsFor(task, task.job, deliveryId, attempt, octokit), task.job);
          return;
        }
        case 'rerun': {
          const deps = await depsFor(task, task.rerun, deliveryId, attempt);
          if (!ours(deps.identity, task.appId)) return skip(queued, `check run of app ${task.appId}`);
          await runReview(deps, jobFromRerun(task.rerun, await pullRequestOf(deps.octokit, task.rerun)));
          return;
        }
        case 'fix-issue': {
          const deps = await depsFor(task, task.rerun, deliveryId);
          if (!ours(deps.identity, task.appId)) return skip(queued, `check run of app ${task.appId}`);
          const pr = await pullRequestOf(deps.octokit, task.rerun);
          if (!pr) return skip(queued, `${task.rerun.headSha} heads no open pull request: no fix issue`);
          await openFixIssue(deps, jobFromRerun(task.rerun, pr));
          return;
        }
      }
    },

    /** The last attempt failed: the commit's check run is completed `neutral` with the reason (once). */
    async failed(queued, error) {
      const { task } = queued;
      if (task.kind === 'fix-issue' || error instanceof ReviewFailed) return;
      const subject = task.kind === 'rerun' ? task.rerun : task.job;
      const deps = await depsFor(task, subject, queued.deliveryId);
      const job: Job = task.kind === 'rerun' ? jobFromRerun(task.rerun, knownPullRequest(task.rerun)) : task.job;
      const check = await startCheckRun(deps.octokit, job, deps.identity.id, deps.log);
      if (!check) return;
      await completeCheckRun(deps.octokit, job, check, renderNeutral(failureReason(error)));
    },
  };
}
