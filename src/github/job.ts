/**
 * Jobs: what one webhook asks the app to review. Pure functions of the payloads (structural types, so
 * tests and other callers need not build whole webhook objects); looking things up on GitHub (is there
 * an open pull request for this commit?) is the caller's part.
 */

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export interface Repository {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  /** web address, for links (github.com or a GitHub Enterprise Server host) */
  readonly url: string;
  readonly defaultBranch: string;
}

/** The change under review: a pull request's diff, or a compare of two commits (a push). */
export type Range =
  | {
      readonly type: 'pull';
      readonly number: number;
      /** the base branch's head when the event was sent */
      readonly baseSha: string;
      /** the pull request's changed_files when known (to tell when GitHub's list stops at 3000) */
      readonly changedFiles?: number;
    }
  | {
      readonly type: 'compare';
      /** a commit sha, or the default branch's name for a new branch */
      readonly base: string;
    };

export interface Job {
  readonly repository: Repository;
  readonly headSha: string;
  readonly range: Range;
  /** what started it, for logs: "pull_request.synchronize", "push", "check_run.rerequested" */
  readonly trigger: string;
  /** who sent the webhook (the pusher, who opened or updated the pull request, who asked for a re-run): the audit trail's actor */
  readonly sender?: string;
}

/** A job, or why there is none. */
export type JobOrSkip = { readonly job: Job } | { readonly skip: string };

interface RepositoryPayload {
  readonly name: string;
  readonly full_name: string;
  readonly owner: { readonly login: string } | null;
  readonly html_url: string;
  readonly default_branch: string;
}

interface InstallationPayload {
  readonly installation?: { readonly id: number } | null;
  readonly repository: RepositoryPayload;
  readonly sender?: { readonly login: string } | null;
}

const senderOf = (payload: InstallationPayload): { sender?: string } => (payload.sender?.login ? { sender: payload.sender.login } : {});

export function repositoryOf(payload: InstallationPayload): Repository | undefined {
  const installationId = payload.installation?.id;
  if (installationId === undefined) return undefined;
  const r = payload.repository;
  const owner = r.owner?.login ?? r.full_name.slice(0, r.full_name.indexOf('/'));
  return { owner, repo: r.name, installationId, url: r.html_url, defaultBranch: r.default_branch };
}

export interface PullRequestPayload extends InstallationPayload {
  readonly action: string;
  readonly pull_request: {
    readonly number: number;
    readonly state: string;
    readonly changed_files?: number;
    readonly head: { readonly sha: string };
    readonly base: { readonly sha: string };
  };
}

export function jobFromPullRequest(payload: PullRequestPayload): JobOrSkip {
  const repository = repositoryOf(payload);
  if (!repository) return { skip: 'no installation in the payload' };
  const pr = payload.pull_request;
  if (pr.state !== 'open') return { skip: `pull request #${pr.number} is ${pr.state}` };
  return {
    job: {
      repository,
      headSha: pr.head.sha,
      range: {
        type: 'pull',
        number: pr.number,
        baseSha: pr.base.sha,
        ...(pr.changed_files !== undefined ? { changedFiles: pr.changed_files } : {}),
      },
      trigger: `pull_request.${payload.action}`,
      ...senderOf(payload),
    },
  };
}

export interface PushPayload extends InstallationPayload {
  readonly ref: string;
  readonly before: string;
  readonly after: string;
  readonly created?: boolean;
  readonly deleted?: boolean;
}

/**
 * A push to a branch: the pushed range, or for a new branch the range from the default branch. Tag
 * pushes and branch deletions are not reviewed. Whether `after` heads an open pull request (then the
 * pull request's own event reviews it) is for the caller to find out.
 */
export function jobFromPush(payload: PushPayload): JobOrSkip {
  const repository = repositoryOf(payload);
  if (!repository) return { skip: 'no installation in the payload' };
  if (!payload.ref.startsWith('refs/heads/')) return { skip: `not a branch: ${payload.ref}` };
  if (payload.deleted || payload.after === ZERO_SHA) return { skip: `branch deleted: ${payload.ref}` };
  const branch = payload.ref.slice('refs/heads/'.length);
  const isNew = payload.created || payload.before === ZERO_SHA;
  if (isNew && branch === repository.defaultBranch) {
    // The first push of the default branch (a new repository) has nothing to compare with; scanning
    // the whole tree is the CLI's job, not a review's.
    return { skip: `first push of the default branch ${branch}: nothing to compare with` };
  }
  return {
    job: {
      repository,
      headSha: payload.after,
      range: { type: 'compare', base: isNew ? repository.defaultBranch : payload.before },
      trigger: 'push',
      ...senderOf(payload),
    },
  };
}

/** A pull request as check suites and check runs list them. */
export interface ListedPullRequest {
  readonly number: number;
  readonly head: { readonly sha: string };
  readonly base: { readonly sha: string };
}

/** What a "re-run" asks for; the caller finds the pull request if the payload lists none. */
export interface Rerun {
  readonly repository: Repository;
  readonly headSha: string;
  readonly pullRequests: readonly ListedPullRequest[];
  /** the commit before the pushed one, when GitHub knows it */
  readonly before?: string;
  /** the pull request the re-run check run reviewed (its external_id), for forks GitHub does not list */
  readonly pullRequestNumber?: number;
  readonly trigger: string;
  readonly sender?: string;
}

export interface CheckSuitePayload extends InstallationPayload {
  readonly check_suite: {
    readonly head_sha: string;
    readonly before?: string | null;
    readonly pull_requests: readonly ListedPullRequest[];
  };
}

export function rerunFromCheckSuite(payload: CheckSuitePayload): Rerun | { readonly skip: string } {
  const repository = repositoryOf(payload);
  if (!repository) return { skip: 'no installation in the payload' };
  const suite = payload.check_suite;
  return {
    repository,
    headSha: suite.head_sha,
    pullRequests: suite.pull_requests,
    ...(suite.before ? { before: suite.before } : {}),
    trigger: 'check_suite.rerequested',
    ...senderOf(payload),
  };
}

export interface CheckRunPayload extends InstallationPayload {
  readonly check_run: {
    readonly name: string;
    readonly head_sha: string;
    readonly app?: { readonly id: number } | null;
    readonly external_id?: string | null;
    readonly pull_requests: readonly ListedPullRequest[];
    readonly check_suite?: { readonly before?: string | null } | null;
  };
}

export function rerunFromCheckRun(payload: CheckRunPayload, checkName: string, appId: number): Rerun | { readonly skip: string } {
  const repository = repositoryOf(payload);
  if (!repository) return { skip: 'no installation in the payload' };
  const run = payload.check_run;
  if (run.name !== checkName) return { skip: `check run "${run.name}" is not ours` };
  if (run.app && run.app.id !== appId) return { skip: `check run of app ${run.app.id}` };
  const before = run.check_suite?.before;
  const reviewed = /^pull_request:(\d+)$/.exec(run.external_id ?? '');
  return {
    repository,
    headSha: run.head_sha,
    pullRequests: run.pull_requests,
    ...(before ? { before } : {}),
    ...(reviewed ? { pullRequestNumber: Number(reviewed[1]) } : {}),
    trigger: 'check_run.rerequested',
    ...senderOf(payload),
  };
}

/** The job for a re-run, once the pull request (if any) is known. */
export function jobFromRerun(rerun: Rerun, pullRequest: ListedPullRequest | undefined): Job {
  if (pullRequest) {
    return {
      repository: rerun.repository,
      headSha: rerun.headSha,
      range: { type: 'pull', number: pullRequest.number, baseSha: pullRequest.base.sha },
      trigger: rerun.trigger,
      ...(rerun.sender ? { sender: rerun.sender } : {}),
    };
  }
  const base = rerun.before && rerun.before !== ZERO_SHA ? rerun.before : rerun.repository.defaultBranch;
  return { repository: rerun.repository, headSha: rerun.headSha, range: { type: 'compare', base }, trigger: rerun.trigger, ...(rerun.sender ? { sender: rerun.sender } : {}) };
}

/** The key under which jobs on one commit are serialised. */
export function commitKey(job: Pick<Job, 'repository' | 'headSha'>): string {
  return `${job.repository.owner}/${job.repository.repo}@${job.headSha}`;
}
