/**
 * The one `Secret review` check run per commit: found or created in progress at once, completed with
 * the report (first annotation batch included), further annotation batches as extra updates.
 *
 * Reuse: an existing run of this app for the commit (a re-run, a duplicate delivery, a racing event) is
 * put back in progress and completed again. GitHub may refuse to reopen a completed run (it then keeps
 * its old status); in that case a new run is created, which GitHub shows in place of the old one.
 */
import {
  annotationBatches,
  CHECK_NAME,
  renderInProgress,
  type CheckRunAnnotation,
  type CheckRunReport,
} from '../report/check-run.js';
import { FIX_ISSUE_ACTION } from '../report/fix-issue.js';
import type { Job } from './job.js';
import type { AppOctokit } from './octokit.js';

export interface CheckRunHandle {
  readonly id: number;
  readonly url?: string;
  /** whether an earlier run was reused */
  readonly reused: boolean;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What a check run reviewed, kept in its external_id: `pull_request:<number>` or `push`. */
export function externalIdOf(job: Job): string {
  return job.range.type === 'pull' ? `pull_request:${job.range.number}` : 'push';
}

/**
 * Finds or creates the commit's check run and puts it in progress. Returns undefined for a push review
 * when a pull-request review already owns the commit's run: the pull request's verdict covers more
 * (earlier pushes too) and must not be replaced by the verdict on one pushed range.
 */
export async function startCheckRun(octokit: AppOctokit, job: Job, appId: number, log: Log): Promise<CheckRunHandle | undefined> {
  const { owner, repo } = job.repository;
  const output = renderInProgress({ head: job.headSha, ...(job.range.type === 'pull' ? { pullRequest: job.range.number } : {}) });
  const externalId = externalIdOf(job);
  const { data } = await octokit.rest.checks.listForRef({
    owner,
    repo,
    ref: job.headSha,
    check_name: CHECK_NAME,
    app_id: appId,
    filter: 'latest',
    per_page: 100,
  });
  const existing = data.check_runs
    .filter((run) => run.name === CHECK_NAME && (run.app?.id === undefined || run.app.id === appId) && run.head_sha === job.headSha)
    .sort((a, b) => b.id - a.id)[0];
  if (existing && job.range.type === 'compare' && existing.external_id?.startsWith('pull_request:')) {
    log.info({ checkRunId: existing.id, owner: existing.external_id }, 'the commit is reviewed through its pull request');
    return undefined;
  }
  if (existing) {
    const { data: updated } = await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: existing.id,
      status: 'in_progress',
      started_at: new Date().toISOString(),
      external_id: externalId,
      output,
    });
    if (updated.status !== 'completed') {
      return { id: existing.id, ...(existing.html_url ? { url: existing.html_url } : {}), reused: true };
    }
    log.info({ checkRunId: existing.id }, 'GitHub kept the earlier check run completed; starting a new one');
  }
  const { data: created } = await octokit.rest.checks.create({
    owner,
    repo,
    name: CHECK_NAME,
    head_sha: job.headSha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    external_id: externalId,
    output,
  });
  return { id: created.id, ...(created.html_url ? { url: created.html_url } : {}), reused: false };
}

/**
 * Completes the check run with the report and the first batch of annotations; returns the remaining
 * batches, to be sent with `addAnnotations` once the more urgent writes (the review) are done.
 */
export async function completeCheckRun(
  octokit: AppOctokit,
  job: Job,
  check: CheckRunHandle,
  report: CheckRunReport,
): Promise<CheckRunAnnotation[][]> {
  const { owner, repo } = job.repository;
  const [first = [], ...rest] = annotationBatches(report.annotations);
  await octokit.rest.checks.update({
    owner,
    repo,
    check_run_id: check.id,
    status: 'completed',
    conclusion: report.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...report.output, ...(first.length > 0 ? { annotations: first } : {}) },
    // A failing pull-request review offers the fix issue; any other verdict clears an earlier button.
    actions: report.conclusion === 'failure' && job.range.type === 'pull' ? [{ ...FIX_ISSUE_ACTION }] : [],
  });
  return rest;
}

/** Further annotation batches, one update each (GitHub appends them). */
export async function addAnnotations(
  octokit: AppOctokit,
  job: Job,
  check: CheckRunHandle,
  report: CheckRunReport,
  batches: readonly CheckRunAnnotation[][],
): Promise<void> {
  const { owner, repo } = job.repository;
  for (const annotations of batches) {
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: check.id,
      output: { ...report.output, annotations },
    });
  }
}
