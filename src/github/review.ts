/**
 * The pull-request review: one review per run with an inline comment for each finding not reported on
 * an earlier push (up to the configured maximum; the rest, and findings GitHub cannot anchor, are
 * listed in the body). Each commented file is read once at the head, so its remediation sees the
 * whole file. What was already reported is read back from the hidden fingerprint markers in the app's
 * own comments and review bodies. Threads whose secret is gone are marked fixed.
 */
import type { Finding } from '../detect/finding.js';
import { remediate } from '../remediate/index.js';
import type { BlobLocation } from '../report/check-run.js';
import { listed as reportOrder } from '../report/summary.js';
import {
  adviceFor,
  markedFingerprints,
  renderReviewBody,
  reviewCommentOf,
  type CommentAdvice,
  type NotInlineReason,
  type ReviewCommentDraft,
} from '../report/review.js';
import { fetchHeadTexts, listFiles, rightSideRanges, withinOneHunk, type Changes } from './changes.js';
import type { Job } from './job.js';
import type { AppOctokit } from './octokit.js';
import { markFixed } from './threads.js';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What the app reported on earlier pushes of this pull request. */
export interface PriorReports {
  /** fingerprints in the app's inline comments and review bodies */
  readonly reported: ReadonlySet<string>;
  /** the app's inline comments that open a thread, with the fingerprint they mark */
  readonly threads: readonly { readonly commentId: number; readonly fingerprint: string }[];
  /** the app's comments it has already replied to (the reply fallback for fixed secrets) */
  readonly replied: ReadonlySet<number>;
  /** the app's reviews that still request changes */
  readonly changesRequested: readonly number[];
}

interface ListedComment {
  readonly id: number;
  readonly body: string;
  readonly user: { readonly login: string } | null;
  readonly in_reply_to_id?: number;
}

interface ListedReview {
  readonly id: number;
  readonly state: string;
  readonly body: string | null;
  readonly user: { readonly login: string } | null;
}

export async function readPriorReports(octokit: AppOctokit, job: Job, number: number, botLogin: string): Promise<PriorReports> {
  const { owner, repo } = job.repository;
  const [comments, reviews] = await Promise.all([
    octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: number, per_page: 100 }) as Promise<ListedComment[]>,
    octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 }) as Promise<ListedReview[]>,
  ]);
  const reported = new Set<string>();
  const threads: { commentId: number; fingerprint: string }[] = [];
  const replied = new Set<number>();
  for (const c of comments) {
    if (c.user?.login !== botLogin) continue;
    if (c.in_reply_to_id !== undefined) {
      replied.add(c.in_reply_to_id);
      continue;
    }
    for (const fingerprint of markedFingerprints(c.body)) {
      reported.add(fingerprint);
      threads.push({ commentId: c.id, fingerprint });
    }
  }
  const changesRequested: number[] = [];
  for (const r of reviews) {
    if (r.user?.login !== botLogin) continue;
    for (const fingerprint of markedFingerprints(r.body)) reported.add(fingerprint);
    if (r.state === 'CHANGES_REQUESTED') changesRequested.push(r.id);
  }
  return { reported, threads, replied, changesRequested };
}

export interface PlannedComment {
  readonly finding: Finding;
  readonly draft: ReviewCommentDraft;
}

export interface ReviewPlan {
  readonly comments: PlannedComment[];
  readonly listed: { readonly finding: Finding; readonly reason: NotInlineReason }[];
}

/** Which new findings can be commented inline (inside one hunk, up to the maximum); the rest are listed. Pure. */
export function selectInline(
  fresh: readonly Finding[],
  commentable: Changes['commentable'],
  maxComments: number,
): { inline: Finding[]; listed: ReviewPlan['listed'] } {
  const inline: Finding[] = [];
  const listed: ReviewPlan['listed'] = [];
  for (const finding of fresh) {
    if (!withinOneHunk(commentable.get(finding.path), finding.startLine, finding.endLine)) {
      listed.push({ finding, reason: 'outside-diff' });
    } else if (inline.length >= maxComments) {
      listed.push({ finding, reason: 'limit' });
    } else {
      inline.push(finding);
    }
  }
  return { inline, listed };
}

/** The inline comments for the selected findings, with the advice for each. Pure. */
function commentsOf(inline: readonly Finding[], commentable: Changes['commentable'], advice: (finding: Finding) => CommentAdvice): PlannedComment[] {
  return inline.map((finding) => {
    const ranges = commentable.get(finding.path);
    return { finding, draft: reviewCommentOf(finding, advice(finding), (start, end) => withinOneHunk(ranges, start, end)) };
  });
}

/** Which new findings get an inline comment and which are listed in the body. Pure. */
export function planReview(
  fresh: readonly Finding[],
  commentable: Changes['commentable'],
  maxComments: number,
  advice: (finding: Finding) => CommentAdvice = adviceFor,
): ReviewPlan {
  const { inline, listed } = selectInline(fresh, commentable, maxComments);
  return { comments: commentsOf(inline, commentable, advice), listed };
}

export interface ReviewContext {
  readonly octokit: AppOctokit;
  readonly job: Job;
  readonly number: number;
  readonly event: 'COMMENT' | 'REQUEST_CHANGES';
  readonly location: BlobLocation;
  readonly total: number;
  readonly checkRunUrl?: string;
  readonly log: Log;
}

function isUnprocessable(error: unknown): error is { status: number; message: string } {
  return (error as { status?: number }).status === 422;
}

/**
 * Posts the review. GitHub refuses the whole review (422) when one comment cannot be anchored and does
 * not say which; then the current diff is read again and the comments it no longer holds move to the
 * body; if GitHub still refuses, every finding goes to the body, so the review lands either way.
 */
export async function postReview(ctx: ReviewContext, plan: ReviewPlan): Promise<ReviewPlan> {
  let event = ctx.event;
  let current = plan;
  let narrowed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await createReview(ctx, current, event);
      return current;
    } catch (error) {
      if (!isUnprocessable(error)) throw error;
      ctx.log.warn({ attempt, reason: error.message, comments: current.comments.length }, 'GitHub refused the review');
      if (event === 'REQUEST_CHANGES' && /own pull request|request changes/i.test(error.message)) {
        event = 'COMMENT';
        continue;
      }
      // Each further attempt has fewer inline comments; with none left there is nothing to drop.
      if (current.comments.length === 0) throw error;
      const onCurrentDiff = narrowed ? undefined : await narrowToCurrentDiff(ctx, current);
      narrowed = true;
      current =
        onCurrentDiff && onCurrentDiff.comments.length > 0 && onCurrentDiff.comments.length < current.comments.length
          ? onCurrentDiff
          : allInBody(current);
    }
  }
}

async function createReview(ctx: ReviewContext, plan: ReviewPlan, event: 'COMMENT' | 'REQUEST_CHANGES'): Promise<void> {
  const { owner, repo } = ctx.job.repository;
  const body = renderReviewBody({
    inline: plan.comments.map((c) => c.finding),
    listed: plan.listed,
    location: ctx.location,
    total: ctx.total,
    ...(ctx.checkRunUrl ? { checkRunUrl: ctx.checkRunUrl } : {}),
  });
  await ctx.octokit.rest.pulls.createReview({
    owner,
    repo,
    pull_number: ctx.number,
    commit_id: ctx.job.headSha,
    event,
    body,
    comments: plan.comments.map((c) => c.draft),
  });
}

async function narrowToCurrentDiff(ctx: ReviewContext, plan: ReviewPlan): Promise<ReviewPlan> {
  const { files } = await listFiles(ctx.octokit, ctx.job);
  const ranges = new Map(files.filter((f) => f.patch !== undefined).map((f) => [f.filename, rightSideRanges(f.patch!)]));
  const keep: PlannedComment[] = [];
  const listed = [...plan.listed];
  for (const c of plan.comments) {
    const start = c.draft.start_line ?? c.draft.line;
    if (withinOneHunk(ranges.get(c.draft.path), start, c.draft.line)) keep.push(c);
    else listed.push({ finding: c.finding, reason: 'rejected' });
  }
  return { comments: keep, listed };
}

function allInBody(plan: ReviewPlan): ReviewPlan {
  return { comments: [], listed: [...plan.listed, ...plan.comments.map((c) => ({ finding: c.finding, reason: 'rejected' as const }))] };
}

export interface ReviewOutcome {
  readonly inline: number;
  readonly listed: number;
  readonly resolved: number;
  readonly replied: number;
  readonly dismissed: number;
}

/**
 * The file-specific remediation for a finding (mechanism, checklist, suggested edit), or the kind's
 * generic advice if remediation cannot place it. `fileTexts` holds head-side files by path, when read.
 */
export function remediationAdvice(job: Job, log: Log, fileTexts: ReadonlyMap<string, string> = new Map()): (finding: Finding) => CommentAdvice {
  const repo = `${job.repository.owner}/${job.repository.repo}`;
  return (finding) => {
    const fileText = fileTexts.get(finding.path);
    try {
      return { ...adviceFor(finding), remediation: remediate(finding, { repo, path: finding.path, ...(fileText !== undefined ? { fileText } : {}) }) };
    } catch (error) {
      log.warn({ path: finding.path, rule: finding.ruleId, error: (error as Error).name }, 'no remediation; generic advice');
      return adviceFor(finding);
    }
  };
}

/** The whole review step of a pull-request run. */
export async function publishReview(
  input: Omit<ReviewContext, 'location' | 'total'> & {
    readonly botLogin: string;
    /** every finding, suppressed ones included */
    readonly findings: readonly Finding[];
    readonly changes: Changes;
    readonly maxComments: number;
  },
): Promise<ReviewOutcome> {
  const reported = reportOrder(input.findings);
  const ctx = { ...input, location: { repositoryUrl: input.job.repository.url, sha: input.job.headSha }, total: reported.length };
  const prior = await readPriorReports(ctx.octokit, ctx.job, ctx.number, ctx.botLogin);
  const fresh = reported.filter((f) => !prior.reported.has(f.fingerprint));
  let posted: ReviewPlan | undefined;
  if (fresh.length > 0) {
    const { commentable } = ctx.changes;
    const { inline, listed } = selectInline(fresh, commentable, ctx.maxComments);
    // One read per file commented inline, so that its edits can see the whole file.
    const fileTexts = await fetchHeadTexts(ctx.octokit, ctx.job, inline.map((f) => f.path), ctx.log);
    posted = await postReview(ctx, { comments: commentsOf(inline, commentable, remediationAdvice(ctx.job, ctx.log, fileTexts)), listed });
  }
  const present = new Set(reported.map((f) => f.fingerprint));
  const fixed = prior.threads.filter((t) => !present.has(t.fingerprint)).map((t) => t.commentId);
  const marked = await markFixed(ctx.octokit, ctx.job, ctx.number, fixed, prior.replied, ctx.log);
  // Nothing left to fix: an earlier "changes requested" of the app must not keep blocking the merge.
  let dismissed = 0;
  if (reported.length === 0) {
    for (const reviewId of prior.changesRequested) {
      await ctx.octokit.rest.pulls.dismissReview({
        owner: ctx.job.repository.owner,
        repo: ctx.job.repository.repo,
        pull_number: ctx.number,
        review_id: reviewId,
        message: `No hard-coded credentials remain as of ${ctx.job.headSha.slice(0, 12)}.`,
        event: 'DISMISS',
      });
      dismissed++;
    }
  }
  return { inline: posted?.comments.length ?? 0, listed: posted?.listed.length ?? 0, ...marked, dismissed };
}
