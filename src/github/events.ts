/**
 * Webhook events -> jobs -> reviews. Each handler turns its payload into a job (or a reason to skip),
 * looks up what only GitHub knows (the pull request a commit heads), and runs the review under the
 * commit's lock so racing events and duplicate deliveries share one check run.
 */
import type { Context, Probot } from 'probot';
import { CONFIG_PATH } from '../config/schema.js';
import { CHECK_NAME } from '../report/check-run.js';
import { FIX_ISSUE_ACTION } from '../report/fix-issue.js';
import { CommitLock } from './commit-lock.js';
import { openFixIssue } from './fix-issue.js';
import { identityLoader } from './identity.js';
import {
  commitKey,
  jobFromPullRequest,
  jobFromPush,
  jobFromRerun,
  rerunFromCheckRun,
  rerunFromCheckSuite,
  type Job,
  type ListedPullRequest,
  type Rerun,
} from './job.js';
import type { AppOctokit } from './octokit.js';
import { openPullRequestByNumber, openPullRequestFor } from './pull-requests.js';
import { runReview, type Logger, type ReviewDeps } from './run-review.js';

/** The configuration file's name under `.github/`, as Probot's `context.config` takes it. */
export const CONFIG_FILE = CONFIG_PATH.slice('.github/'.length);

export interface HandlerOptions {
  /** key for finding fingerprints (SECRET_REVIEW_FINGERPRINT_KEY) */
  readonly fingerprintKey?: string;
  /** worker threads for large scans; 0 scans inline */
  readonly scanThreads?: number;
}

type AnyContext = Context<'pull_request' | 'push' | 'check_suite' | 'check_run'>;

export function createHandlers(app: Probot, options: HandlerOptions = {}) {
  const identity = identityLoader(app);
  const lock = new CommitLock();

  const depsOf = async (context: AnyContext): Promise<ReviewDeps> => ({
    octokit: context.octokit as unknown as AppOctokit,
    log: context.log as unknown as Logger,
    identity: await identity(),
    loadConfig: () => context.config(CONFIG_FILE),
    ...options,
  });

  const review = async (context: AnyContext, job: Job) => {
    const deps = await depsOf(context);
    await lock.run(commitKey(job), async () => void (await runReview(deps, job)));
  };

  /**
   * The open pull request a re-run's commit heads: listed in the payload, else the one the check run
   * kept (a fork's pull request is listed nowhere else), else one listed for the commit.
   */
  const pullRequestOf = async (context: AnyContext, found: Rerun): Promise<ListedPullRequest | undefined> => {
    const octokit = context.octokit as unknown as AppOctokit;
    let pr = found.pullRequests.find((p) => p.head.sha === found.headSha);
    if (!pr && found.pullRequestNumber !== undefined) {
      pr = await openPullRequestByNumber(octokit, found.repository, found.pullRequestNumber, found.headSha);
    }
    return pr ?? (await openPullRequestFor(octokit, found.repository, found.headSha));
  };

  const rerun = async (context: AnyContext, found: Rerun) => {
    await review(context, jobFromRerun(found, await pullRequestOf(context, found)));
  };

  const skip = (context: AnyContext, reason: string) => context.log.debug({ event: context.name, reason }, 'not reviewed');

  return {
    async pullRequest(context: Context<'pull_request'>) {
      const r = jobFromPullRequest(context.payload);
      if ('skip' in r) return skip(context, r.skip);
      await review(context, r.job);
    },

    async push(context: Context<'push'>) {
      const r = jobFromPush(context.payload);
      if ('skip' in r) return skip(context, r.skip);
      const pr = await openPullRequestFor(context.octokit as unknown as AppOctokit, r.job.repository, r.job.headSha);
      if (pr) return skip(context, `${r.job.headSha} heads pull request #${pr.number}, reviewed through it`);
      await review(context, r.job);
    },

    async checkSuite(context: Context<'check_suite'>) {
      const r = rerunFromCheckSuite(context.payload);
      if ('skip' in r) return skip(context, r.skip);
      await rerun(context, r);
    },

    async checkRun(context: Context<'check_run'>) {
      const self = await identity();
      const r = rerunFromCheckRun(context.payload, CHECK_NAME, self.id);
      if ('skip' in r) return skip(context, r.skip);
      await rerun(context, r);
    },

    /** "Open fix issue" on a failing Secret review check run of a pull request. */
    async checkRunAction(context: Context<'check_run.requested_action'>) {
      const identifier = context.payload.requested_action?.identifier;
      if (identifier !== FIX_ISSUE_ACTION.identifier) return skip(context, `requested action "${identifier ?? ''}" is not ours`);
      const r = rerunFromCheckRun(context.payload, CHECK_NAME, (await identity()).id);
      if ('skip' in r) return skip(context, r.skip);
      const pr = await pullRequestOf(context, r);
      if (!pr) return skip(context, `${r.headSha} heads no open pull request: no fix issue`);
      const job = jobFromRerun({ ...r, trigger: 'check_run.requested_action' }, pr);
      const deps = await depsOf(context);
      await lock.run(commitKey(job), async () => void (await openFixIssue(deps, job)));
    },

    /** Installation events need nothing: the next push or pull request is reviewed as usual. */
    async installation(context: Context<'installation' | 'installation_repositories'>) {
      context.log.debug({ event: context.name, action: context.payload.action }, 'installation event');
    },
  };
}
