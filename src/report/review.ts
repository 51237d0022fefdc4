/**
 * The pull-request review: one inline comment per new finding (what was found, why it matters, what
 * to use instead, a hidden fingerprint marker), and a body that lists what could not be commented
 * inline. Pure functions; the GitHub side (src/github/review.ts) decides which findings go where.
 *
 * The seam for richer remediation: a comment takes a `CommentAdvice`, the kind's strategy plus, when
 * src/remediate/ could work one out for the file, a `Remediation` (mechanism, checklist, commands and
 * a `suggestion` block the author can commit from the pull request page). Without one, the comment
 * gives the kind's generic advice.
 */
import type { Finding } from '../detect/finding.js';
import type { Kind } from '../detect/rule.js';
import { fence, renderRemediationMarkdown, type Remediation } from '../remediate/index.js';
import { strategyOf, type KindStrategy } from '../remediate/strategy.js';
import {
  codeSpan,
  escapeMarkdown,
  findingLink,
  fitLines,
  OUTPUT_LIMIT,
  type BlobLocation,
} from './check-run.js';
import { plural } from './summary.js';

/** What a comment says to do: the kind's strategy, and the file-specific remediation when there is one. */
export interface CommentAdvice extends KindStrategy {
  /** replaces the generic advice; its `suggestion` becomes a ```suggestion block */
  readonly remediation?: Remediation;
  /** replacement text for the finding's lines (start..end), when there is no remediation */
  readonly suggestion?: string;
}

/** Rendering choices the caller makes from the diff. */
export interface CommentOptions {
  /** include the remediation's suggestion block (only when its lines can take the comment) */
  readonly suggestion?: boolean;
}

export function adviceFor(finding: Pick<Finding, 'kind'>): CommentAdvice {
  return strategyOf(finding.kind);
}

const FINGERPRINT_MARKER = /<!-- secret-review:fingerprint=([0-9a-f]{16,64}) -->/g;

/** The hidden marker that ties a comment (or a body entry) to a finding across pushes. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- secret-review:fingerprint=${fingerprint} -->`;
}

/** Fingerprints marked in a comment or review body written by this app. */
export function markedFingerprints(body: string | null | undefined): string[] {
  if (!body) return [];
  return [...body.matchAll(FINGERPRINT_MARKER)].map((m) => m[1]!);
}

/** Marks the app's own review bodies. */
export const REVIEW_MARKER = '<!-- secret-review:review -->';

const WHY: Readonly<Record<Kind, string>> = {
  'aws-access-key':
    'An AWS access key works from anywhere until it is deactivated: anyone who can read this repository, a fork, a clone or a CI log can call AWS as its IAM user.',
  'private-key':
    'Anyone holding a private key can impersonate its owner: log in where its public key is trusted, decrypt its traffic or sign as it.',
  'database-credential':
    'A database credential in code reaches everybody who can read the repository, and the database usually holds the data that matters most.',
  password: 'A password in code is shared with everybody who can read the repository, now and in its history.',
  'oauth-token': 'A token acts as the user or app it was issued to, without a second factor, until it is revoked.',
  'api-key': 'An API key lets anyone who reads it use the provider account it belongs to, and bill it.',
  'cloud-credential': 'A cloud credential opens the cloud account it belongs to to anyone who reads it.',
};

export function whyItMatters(kind: Kind): string {
  return WHY[kind];
}

/** A review comment as GitHub's "create a review" takes it, on the head side of the diff. */
export interface ReviewCommentDraft {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

/** The markdown of one inline comment. */
export function renderReviewComment(finding: Finding, advice: CommentAdvice = adviceFor(finding), options: CommentOptions = {}): string {
  const lines = [
    `**${escapeMarkdown(finding.title)}** (${finding.kind}, rule ${codeSpan(finding.ruleId)}): ${codeSpan(finding.redacted)}`,
    '',
    `**Why it matters:** ${escapeMarkdown(whyItMatters(finding.kind))} Removing it in a later commit does not take it out of the history, so treat it as exposed.`,
    '',
  ];
  if (advice.remediation) {
    lines.push(renderRemediationMarkdown(advice.remediation, { suggestion: options.suggestion !== false }).trimEnd());
  } else {
    lines.push(`**What to do (${advice.strategy}):** use ${escapeMarkdown(advice.replacement)} instead. ${escapeMarkdown(advice.advice)}`);
  }
  if (!advice.remediation && advice.suggestion !== undefined && options.suggestion !== false) {
    lines.push('', 'Suggested change (revoke the credential first):', '', ...fence(advice.suggestion.split('\n'), 'suggestion'));
  }
  lines.push(
    '',
    `<sub>Not a secret? Add ${codeSpan(finding.fingerprint)} to \`allow.fingerprints\` in \`.github/secret-review.yml\`, or a \`secret-review:allow\` comment on the line.</sub>`,
    fingerprintMarker(finding.fingerprint),
  );
  return lines.join('\n');
}

/**
 * The inline comment for a finding: at its line, or its line range for a multi-line secret. With a
 * suggested edit, the comment spans the lines the edit replaces, if `canSpan` says the diff shows
 * them together (else the edit is left out and the comment stays on the finding's lines).
 */
export function reviewCommentOf(
  finding: Finding,
  advice: CommentAdvice = adviceFor(finding),
  canSpan: (startLine: number, endLine: number) => boolean = () => true,
): ReviewCommentDraft {
  const edit = advice.remediation?.suggestion;
  const withEdit = !!edit && canSpan(edit.startLine, edit.endLine);
  const start = withEdit ? edit.startLine : finding.startLine;
  const end = withEdit ? edit.endLine : finding.endLine;
  const comment: ReviewCommentDraft = { path: finding.path, line: end, side: 'RIGHT', body: renderReviewComment(finding, advice, { suggestion: withEdit }) };
  if (end > start) {
    comment.start_line = start;
    comment.start_side = 'RIGHT';
  }
  return comment;
}

/** Why a finding is listed in the review body rather than commented inline. */
export type NotInlineReason = 'limit' | 'outside-diff' | 'rejected';

const NOT_INLINE: Readonly<Record<NotInlineReason, string>> = {
  limit: 'over the inline comment limit',
  'outside-diff': 'not on a line of the diff GitHub shows',
  rejected: 'GitHub refused the inline comment',
};

export interface ReviewBodyInput {
  /** findings commented inline in this review */
  readonly inline: readonly Finding[];
  /** findings listed in the body, with the reason */
  readonly listed: readonly { readonly finding: Finding; readonly reason: NotInlineReason }[];
  readonly location: BlobLocation;
  /** how many reported findings the pull request has in all (earlier ones included) */
  readonly total: number;
  /** the check run's page, when known */
  readonly checkRunUrl?: string;
}

export function renderReviewBody(input: ReviewBodyInput): string {
  const fresh = input.inline.length + input.listed.length;
  const head = [
    `### Secret review: ${plural(fresh, 'new hard-coded credential')}`,
    '',
    input.inline.length === 0
      ? 'They are listed below.'
      : input.inline.length === fresh
        ? 'Each is commented inline below.'
        : `${input.inline.length === 1 ? 'One is' : `${input.inline.length} are`} commented inline below; the others are listed here.`,
  ];
  if (input.total > fresh) head.push(`The pull request has ${input.total} in all; the others were reported on earlier pushes.`);
  head.push(
    '',
    'Rotate or revoke each credential before removing it: once pushed, it is in the history and in every clone.',
  );
  const table: string[] = [];
  if (input.listed.length > 0) {
    table.push('', '| Where | Kind | Rule | Value | Listed here because |', '| --- | --- | --- | --- | --- |');
    for (const { finding, reason } of input.listed) {
      table.push(
        `| ${findingLink(finding, input.location)} | ${finding.kind} | ${codeSpan(finding.ruleId)} | ${codeSpan(finding.redacted)} | ${NOT_INLINE[reason]} | ${fingerprintMarker(finding.fingerprint)}`,
      );
    }
  }
  const tail = ['', input.checkRunUrl ? `Details and what to do per kind: [the ${codeSpan('Secret review')} check](${input.checkRunUrl}).` : 'Details and what to do per kind: the `Secret review` check.', REVIEW_MARKER];
  const fixed = [...head, ...tail].join('\n').length + 200;
  const tableText = fitLines(table, OUTPUT_LIMIT - fixed, (n) => `…and ${plural(n, 'more finding')}: see the check run.`);
  return [...head, tableText, ...tail].join('\n');
}

/** The reply on a thread whose secret a later push removed (when the thread cannot be resolved). */
export function renderFixedReply(sha: string): string {
  return `Fixed in ${sha.slice(0, 12)}: this secret is no longer in the pull request. If it was ever pushed, make sure it has been revoked or rotated.`;
}
