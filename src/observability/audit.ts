/**
 * The audit trail: one structured line per decision the app makes, so an organisation can answer
 * "why did this pull request pass?" from its logs. Each line carries `audit: <decision>` plus the
 * repository, commit and actor, and for findings the rule, path, line and fingerprint: never the
 * value (the inputs here are findings, which hold only the redacted form, and the lines go through
 * the same redacting logger as everything else).
 *
 * Decisions: review.started, review.finished, finding.reported, finding.suppressed (by inline marker,
 * path, fingerprint or disabled rule, with the detail), comment.posted, check.concluded,
 * remediation_issue.opened.
 *
 * Use: `audit().reviewStarted(auditContext(job, actor))` anywhere; src/server.ts points the trail at
 * the app's logger with `setAuditSink(log)` (until then it is silent, as in unit tests).
 */
import type { Finding } from '../detect/finding.js';

export interface AuditSink {
  info(obj: object, msg: string): void;
}

export interface AuditContext {
  /** owner/repo */
  readonly repository: string;
  /** the commit reviewed */
  readonly commit: string;
  /** who caused the decision: the webhook's sender, or the app's bot login for its own actions */
  readonly actor?: string;
  /** pull_request.synchronize, push, check_run.rerequested... */
  readonly trigger?: string;
  readonly pullRequest?: number;
  readonly installationId?: number;
  /** the webhook delivery (X-GitHub-Delivery) or job id, to join with the other logs */
  readonly delivery?: string;
}

interface JobLike {
  readonly repository: { readonly owner: string; readonly repo: string; readonly installationId?: number };
  readonly headSha: string;
  readonly trigger?: string;
  readonly range?: { readonly type: string; readonly number?: number };
}

export function auditContext(job: JobLike, actor?: string, delivery?: string): AuditContext {
  return {
    repository: `${job.repository.owner}/${job.repository.repo}`,
    commit: job.headSha,
    ...(job.trigger ? { trigger: job.trigger } : {}),
    ...(job.range?.type === 'pull' && job.range.number !== undefined ? { pullRequest: job.range.number } : {}),
    ...(job.repository.installationId !== undefined ? { installationId: job.repository.installationId } : {}),
    ...(actor ? { actor } : {}),
    ...(delivery ? { delivery } : {}),
  };
}

/** What an audit line may say about a finding: where and which rule, never what. */
function findingFields(finding: Finding) {
  return {
    rule: finding.ruleId,
    kind: finding.kind,
    severity: finding.severity,
    path: finding.path,
    line: finding.startLine,
    fingerprint: finding.fingerprint,
  };
}

export class AuditLog {
  constructor(private readonly sink: AuditSink) {}

  private write(decision: string, context: AuditContext, fields: Record<string, unknown> = {}): void {
    this.sink.info({ audit: decision, ...context, ...fields }, `audit ${decision}`);
  }

  reviewStarted(context: AuditContext, fields: { checkRunId?: number } = {}): void {
    this.write('review.started', context, fields);
  }

  reviewFinished(
    context: AuditContext,
    fields: { conclusion?: string; reported: number; suppressed: number; durationMs?: number; filesReviewed?: number },
  ): void {
    this.write('review.finished', context, fields);
  }

  findingReported(context: AuditContext, finding: Finding): void {
    this.write('finding.reported', context, findingFields(finding));
  }

  findingSuppressed(context: AuditContext, finding: Finding): void {
    this.write('finding.suppressed', context, {
      ...findingFields(finding),
      suppressedBy: finding.suppression?.by,
      suppressionDetail: finding.suppression?.detail,
    });
  }

  /** finding.reported or finding.suppressed for each finding */
  findings(context: AuditContext, findings: readonly Finding[]): void {
    for (const finding of findings) {
      if (finding.suppression) this.findingSuppressed(context, finding);
      else this.findingReported(context, finding);
    }
  }

  commentPosted(
    context: AuditContext,
    fields: { inline?: number; listed?: number; replied?: number; resolved?: number; dismissed?: number; fingerprint?: string; rule?: string },
  ): void {
    this.write('comment.posted', context, fields);
  }

  checkConcluded(context: AuditContext, fields: { conclusion: string; checkRunId?: number; title?: string }): void {
    this.write('check.concluded', context, fields);
  }

  remediationIssueOpened(context: AuditContext, fields: { issue?: number; updated?: boolean; findings?: number }): void {
    this.write('remediation_issue.opened', context, fields);
  }
}

const silent: AuditSink = { info() {} };
let current = new AuditLog(silent);

/** The process's audit trail (silent until `setAuditSink`). */
export function audit(): AuditLog {
  return current;
}

/** Points the audit trail at a logger (src/server.ts: the app's redacting logger, child "audit"). */
export function setAuditSink(sink: AuditSink | undefined): void {
  current = new AuditLog(sink ?? silent);
}
