/**
 * "Open fix issue" on a failing `Secret review` check run: re-reads the pull request's changes at the
 * check run's commit the way the review does, then opens one issue per pull request with a checklist
 * per blocking finding, or updates the app's open issue for that pull request (found by its marker).
 */
import type { Finding } from '../detect/finding.js';
import { blocking } from '../detect/policy.js';
import { remediate } from '../remediate/index.js';
import { FIX_ISSUE_LABEL, fixIssueMarker, renderFixIssue } from '../report/fix-issue.js';
import { fetchHeadTexts } from './changes.js';
import type { Job } from './job.js';
import type { AppOctokit } from './octokit.js';
import { jobAuditContext, jobLog, reviewChanges, type ReviewDeps } from './run-review.js';
import { audit } from '../observability/audit.js';

export interface FixIssueOutcome {
  readonly action: 'created' | 'updated' | 'none';
  readonly issue?: number;
  readonly findings: number;
}

/** The app's open fix issue for a pull request: labelled, created by the app, with the marker. */
export async function findFixIssue(
  octokit: AppOctokit,
  job: Job,
  pullRequest: number,
  botLogin: string,
): Promise<{ number: number } | undefined> {
  const marker = fixIssueMarker(pullRequest);
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: job.repository.owner,
    repo: job.repository.repo,
    state: 'open',
    labels: FIX_ISSUE_LABEL,
    creator: botLogin,
    per_page: 100,
  });
  const found = issues
    .filter((i) => !i.pull_request && (i.body ?? '').includes(marker))
    .sort((a, b) => a.number - b.number)[0];
  return found ? { number: found.number } : undefined;
}

/** Reviews the job's changes again and opens or updates the pull request's fix issue. */
export async function openFixIssue(deps: ReviewDeps, job: Job): Promise<FixIssueOutcome> {
  if (job.range.type !== 'pull') return { action: 'none', findings: 0 };
  const number = job.range.number;
  const log = jobLog(deps.log, job);
  const { octokit } = deps;
  const { owner, repo } = job.repository;
  const { config, findings } = await reviewChanges(deps, job, log);
  const blockers: Finding[] = blocking(findings, config);
  if (blockers.length === 0) {
    log.info({ pullRequest: number }, 'no blocking findings: no fix issue');
    return { action: 'none', findings: 0 };
  }
  // The whole files, as for the review's comments: remediation then sees imports and YAML paths.
  const fileTexts = await fetchHeadTexts(octokit, job, blockers.map((f) => f.path), log);
  const remediationOf = (finding: Finding) => {
    const fileText = fileTexts.get(finding.path);
    return remediate(finding, { repo: `${owner}/${repo}`, path: finding.path, ...(fileText !== undefined ? { fileText } : {}) });
  };
  const { title, body } = renderFixIssue({
    pullRequest: number,
    items: blockers.map((finding) => ({ finding, remediation: remediationOf(finding) })),
    location: { repositoryUrl: job.repository.url, sha: job.headSha },
  });
  const audited = jobAuditContext(deps, job);
  const existing = await findFixIssue(octokit, job, number, deps.identity.botLogin);
  if (existing) {
    await octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title, body });
    log.info({ pullRequest: number, issue: existing.number, findings: blockers.length }, 'fix issue updated');
    audit().remediationIssueOpened(audited, { issue: existing.number, updated: true, findings: blockers.length });
    return { action: 'updated', issue: existing.number, findings: blockers.length };
  }
  const { data } = await octokit.rest.issues.create({ owner, repo, title, body, labels: [FIX_ISSUE_LABEL] });
  log.info({ pullRequest: number, issue: data.number, findings: blockers.length }, 'fix issue created');
  audit().remediationIssueOpened(audited, { issue: data.number, updated: false, findings: blockers.length });
  return { action: 'created', issue: data.number, findings: blockers.length };
}
