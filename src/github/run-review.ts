/**
 * One review of one commit: check run in progress -> configuration -> changes -> findings -> check run
 * completed -> review (pull requests) -> further annotations. The check run is completed whatever
 * happens after it was started: with the verdict, or `neutral` with the reason; except that an error
 * the caller will retry (`willRetry`) before the verdict leaves it in progress for the next attempt.
 * Once the verdict is published, nothing is retried: the verdict is what a required check reads.
 */
import { ConfigError, parseConfig } from '../config/load.js';
import { CONFIG_PATH, type RepositoryConfig } from '../config/schema.js';
import type { Finding } from '../detect/finding.js';
import { ScanPool } from '../detect/pool.js';
import type { Source } from '../detect/scanner.js';
import {
  renderCheckRun,
  renderConfigError,
  renderNeutral,
  type CheckRunAnnotation,
  type CheckRunReport,
  type NeutralReason,
} from '../report/check-run.js';
import { readChanges, type Changes } from './changes.js';
import { addAnnotations, completeCheckRun, startCheckRun, type CheckRunHandle } from './check-run.js';
import type { AppIdentity } from './identity.js';
import type { Job } from './job.js';
import type { AppOctokit } from './octokit.js';
import { publishReview, type ReviewOutcome } from './review.js';
import { audit, auditContext } from '../observability/audit.js';
import { observeReview } from '../observability/metrics.js';

export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface ReviewDeps {
  readonly octokit: AppOctokit;
  readonly log: Logger;
  readonly identity: AppIdentity;
  /** the raw configuration (Probot's `context.config`, `_extends` resolved), null when there is none */
  readonly loadConfig: () => Promise<unknown>;
  readonly fingerprintKey?: string;
  /** worker threads for large scans (default: the pool's choice; 0 scans inline) */
  readonly scanThreads?: number;
  /**
   * Whether the caller runs the job again after this error (a transient GitHub failure before the
   * last attempt). The error is then rethrown with the check run left in progress: the next attempt
   * finds it and completes it with the verdict, rather than this one concluding it neutral.
   */
  readonly willRetry?: (error: unknown) => boolean;
  /** the webhook delivery that asked for this work (audit lines carry it, to join them with the logs) */
  readonly delivery?: string;
}

/**
 * The review could not finish and its check run was concluded `neutral` with the reason: the job
 * has failed (it is kept as failed), and nobody needs to conclude the check run again.
 */
export class ReviewFailed extends Error {
  override readonly name = 'ReviewFailed';
  /** the cause's HTTP status, if any (kept with the job's error) */
  readonly status?: number;
  constructor(override readonly cause: unknown) {
    const e = cause as { status?: unknown; message?: unknown } | undefined;
    super(String(e?.message ?? cause));
    if (typeof e?.status === 'number') this.status = e.status;
  }
}

export interface RunResult {
  /** undefined when the run was left to the commit's pull-request review */
  readonly conclusion?: CheckRunReport['conclusion'];
  readonly findings: number;
  readonly review?: ReviewOutcome;
}

export async function readConfig(load: () => Promise<unknown>): Promise<RepositoryConfig> {
  let data: unknown;
  try {
    data = await load();
  } catch (error) {
    // GitHub failing to serve the file is not the file's fault.
    if (typeof (error as { status?: unknown }).status === 'number') throw error;
    // Probot's loader throws for a file that is not YAML, or an `_extends` loop.
    throw new ConfigError('', (error as Error).message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, ''));
  }
  return parseConfig(data ?? {});
}

export function sourcesOf(changes: Pick<Changes, 'files'>): Source[] {
  return changes.files.flatMap((file) =>
    file.blocks.map((block) => ({
      path: file.path,
      text: block.lines.join('\n'),
      firstLine: block.startLine,
      ...(block.precedingLine !== undefined ? { precedingLine: block.precedingLine } : {}),
    })),
  );
}

async function scan(changes: Changes, config: RepositoryConfig, deps: ReviewDeps): Promise<Finding[]> {
  const pool = new ScanPool({
    config,
    ...(deps.fingerprintKey ? { fingerprintKey: deps.fingerprintKey } : {}),
    ...(deps.scanThreads !== undefined ? { threads: deps.scanThreads } : {}),
  });
  try {
    return await pool.scan(sourcesOf(changes));
  } finally {
    await pool.close();
  }
}

export interface Reviewed {
  readonly config: RepositoryConfig;
  readonly changes: Changes;
  /** every finding, suppressed ones included */
  readonly findings: Finding[];
}

/** What a review reads and finds for a job: configuration -> changes -> findings. No writes. */
export async function reviewChanges(deps: ReviewDeps, job: Job, log: Logger): Promise<Reviewed> {
  const config = await readConfig(deps.loadConfig);
  const changes = await readChanges(deps.octokit, job, log);
  const findings = await scan(changes, config, deps);
  return { config, changes, findings };
}

/** Why a review could not finish, in words safe to publish (no file contents, no tokens). */
export function failureReason(error: unknown): NeutralReason {
  const e = error as { status?: number; request?: { method?: string; url?: string }; name?: string; cause?: { name?: string } };
  if (typeof e.status === 'number' && e.request?.url) {
    const url = e.request.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
    if (e.name === 'AbortError' || e.cause?.name === 'TimeoutError') {
      return { title: 'GitHub did not answer', detail: `GitHub did not answer \`${e.request.method ?? 'GET'} ${url}\` in time${e.name === 'AbortError' ? '' : ', nor when asked again'}.` };
    }
    const limited = e.status === 403 || e.status === 429;
    return {
      title: limited ? 'GitHub rate limit' : 'GitHub API error',
      detail: `GitHub answered ${e.status} to \`${e.request.method ?? 'GET'} ${url}\`${limited ? ' after the retries the app allows' : ''}.`,
    };
  }
  return { title: 'Review failed', detail: 'The review stopped on an internal error; the app\'s log has the details.' };
}

/** The audit context of a job: its actor is who sent the webhook (the app itself when unknown). */
export function jobAuditContext(deps: Pick<ReviewDeps, 'identity' | 'delivery'>, job: Job) {
  return auditContext(job, job.sender ?? deps.identity.botLogin, deps.delivery);
}

/** The log of one job: repository, commit, trigger and pull request on every line. */
export function jobLog(log: Logger, job: Job): Logger {
  return log.child({
    repository: `${job.repository.owner}/${job.repository.repo}`,
    sha: job.headSha,
    trigger: job.trigger,
    ...(job.range.type === 'pull' ? { pullRequest: job.range.number } : {}),
  });
}

export async function runReview(deps: ReviewDeps, job: Job): Promise<RunResult> {
  const { octokit, identity } = deps;
  const log = jobLog(deps.log, job);
  const check = await startCheckRun(octokit, job, identity.id, log);
  if (!check) return { findings: 0 };
  const startedAt = performance.now();
  const audited = jobAuditContext(deps, job);
  audit().reviewStarted(audited, { checkRunId: check.id });
  let report: CheckRunReport = renderNeutral({ title: 'Review failed', detail: 'The review stopped before it finished.' });
  let findings: Finding[] = [];
  let changes: Changes | undefined;
  let config: RepositoryConfig | undefined;
  let failure: { error: unknown } | undefined;
  try {
    ({ config, changes, findings } = await reviewChanges(deps, job, log));
    report = renderCheckRun({
      findings,
      failOn: config.failOn,
      location: { repositoryUrl: job.repository.url, sha: job.headSha },
      scope: {
        head: job.headSha,
        ...(job.range.type === 'pull' ? { pullRequest: job.range.number } : { base: job.range.base }),
        filesReviewed: changes.files.length,
        binarySkipped: changes.binarySkipped,
        tooLargeSkipped: changes.tooLargeSkipped,
        ...(changes.listLimit ? { listLimit: changes.listLimit } : {}),
      },
    });
  } catch (error) {
    changes = undefined;
    if (error instanceof ConfigError) {
      report = renderConfigError(error, CONFIG_PATH);
      log.info({ key: error.key, reason: error.reason }, 'invalid configuration');
    } else if (deps.willRetry?.(error)) {
      log.warn({ err: safeError(error) }, 'review interrupted: the check run stays in progress for the retry');
      throw error;
    } else {
      report = renderNeutral(failureReason(error));
      log.error({ err: safeError(error) }, 'review failed');
      failure = { error };
    }
  }
  // Completed: with the verdict, or neutral with the reason.
  const more = await complete(octokit, job, check, report, log, deps.willRetry);
  audit().findings(audited, findings);
  audit().checkConcluded(audited, { conclusion: report.conclusion, checkRunId: check.id });
  const reported = findings.filter((f) => !f.suppression).length;

  let review: ReviewOutcome | undefined;
  if (job.range.type === 'pull' && changes && config) {
    try {
      review = await publishReview({
        octokit,
        job,
        number: job.range.number,
        event: config.review.event,
        ...(check.url ? { checkRunUrl: check.url } : {}),
        log,
        botLogin: identity.botLogin,
        findings,
        changes,
        maxComments: config.review.maxComments,
      });
    } catch (error) {
      // Not handed back: the check run holds its verdict now, and a retry would reopen it (and could
      // end it neutral, which passes a required check) for the sake of the comments.
      log.error({ err: safeError(error) }, 'could not publish the review');
    }
    if (review) audit().commentPosted(audited, review);
  }
  if (more.length > 0) {
    try {
      await addAnnotations(octokit, job, check, report, more);
    } catch (error) {
      log.warn({ err: safeError(error) }, 'could not add the remaining annotations');
    }
  }
  log.info(
    { conclusion: report.conclusion, findings: findings.length, reported, ...(review ?? {}) },
    'review done',
  );
  audit().reviewFinished(audited, { conclusion: report.conclusion, reported, suppressed: findings.length - reported, durationMs: Math.round(performance.now() - startedAt) });
  observeReview(startedAt, report.conclusion, findings);
  if (failure) throw new ReviewFailed(failure.error);
  return { conclusion: report.conclusion, findings: findings.length, ...(review ? { review } : {}) };
}

/**
 * Completes the check run; if GitHub refuses the report, completes it neutral with a short one. A
 * failure the caller retries is left to the next attempt (which completes it with the report).
 */
async function complete(
  octokit: AppOctokit,
  job: Job,
  check: CheckRunHandle,
  report: CheckRunReport,
  log: Logger,
  willRetry: ReviewDeps['willRetry'],
): Promise<CheckRunAnnotation[][]> {
  try {
    return await completeCheckRun(octokit, job, check, report);
  } catch (error) {
    if (willRetry?.(error)) throw error;
    log.error({ err: safeError(error) }, 'could not complete the check run with the report');
    await completeCheckRun(octokit, job, check, renderNeutral(failureReason(error)));
    return [];
  }
}

/** An error as logs may show it: name, status, message and request line; never a request body. */
export function safeError(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; message?: string; status?: number; request?: { method?: string; url?: string } };
  return {
    name: e?.name,
    message: e?.message,
    ...(typeof e?.status === 'number' ? { status: e.status } : {}),
    ...(e?.request?.url ? { request: `${e.request.method ?? ''} ${e.request.url}` } : {}),
  };
}
