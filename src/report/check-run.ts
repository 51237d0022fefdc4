/**
 * The check run's output: a title, a summary a reviewer reads in ten seconds (counts, a table of
 * findings, what to do next), a text with the advice per kind, and one annotation per finding.
 * Pure functions of the findings; GitHub's size limits are enforced here so no caller can exceed them.
 */
import type { Finding } from '../detect/finding.js';
import { KINDS, type Kind } from '../detect/rule.js';
import { isBlocking, type Severity } from '../detect/severity.js';
import { strategyOf } from '../remediate/strategy.js';
import { counts, describeSuppression, listed, plural, STRATEGIES, summarize, SUPPRESSION_SOURCES, type Summary } from './summary.js';

export const CHECK_NAME = 'Secret review';

/** GitHub rejects a check-run summary or text over 65535 characters; stay a little below. */
export const OUTPUT_LIMIT = 65_000;
/** Annotations per request (GitHub's limit). */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotations sent per run at most: each further batch is one more (throttled) write. */
export const MAX_ANNOTATIONS = 500;
const TITLE_LIMIT = 255;

export type Conclusion = 'success' | 'failure' | 'neutral';

/** What was reviewed, for the opening line and the notes under the table. */
export interface ReviewScope {
  /** a pull request number, or undefined for a push */
  readonly pullRequest?: number;
  /** base and head of the reviewed range */
  readonly base?: string;
  readonly head: string;
  /** files whose added lines were scanned */
  readonly filesReviewed: number;
  /** binary files skipped */
  readonly binarySkipped: number;
  /** files skipped because they are too large to fetch and diff */
  readonly tooLargeSkipped: readonly string[];
  /** GitHub listed fewer files than the change has (3000 for a pull request, 300 for a compare) */
  readonly listLimit?: { readonly listed: number; readonly total?: number };
}

/** Where the findings live, for links: the repository's web address and the head commit. */
export interface BlobLocation {
  /** e.g. https://github.com/octo/repo (GitHub Enterprise Server hosts work the same) */
  readonly repositoryUrl: string;
  readonly sha: string;
}

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRunReport {
  readonly conclusion: Conclusion;
  readonly output: CheckRunOutput;
  /** one per reported finding, at most MAX_ANNOTATIONS; send them in batches (annotationBatches) */
  readonly annotations: CheckRunAnnotation[];
}

export interface CheckRunInput {
  /** every finding, suppressed ones included (they are counted) */
  readonly findings: readonly Finding[];
  readonly failOn: Severity;
  readonly scope: ReviewScope;
  readonly location: BlobLocation;
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers, shared with the review renderer.

/**
 * Escapes text for a markdown paragraph or table cell: no HTML, no links or images (their brackets are
 * escaped, so parentheses are harmless), no emphasis, no code, no cell breaks.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A code span that holds `text` whatever backticks it contains; safe inside a table cell. */
export function codeSpan(text: string): string {
  const value = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  let longest = 0;
  for (const run of value.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** The web address of a file at the head commit, with the finding's lines as the anchor. */
export function blobUrl(location: BlobLocation, path: string, startLine: number, endLine = startLine): string {
  const base = location.repositoryUrl.replace(/\/+$/, '');
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const anchor = endLine > startLine ? `#L${startLine}-L${endLine}` : `#L${startLine}`;
  return `${base}/blob/${location.sha}/${encoded}${anchor}`;
}

export function lineLabel(finding: Pick<Finding, 'startLine' | 'endLine'>): string {
  return finding.endLine > finding.startLine ? `${finding.startLine}-${finding.endLine}` : String(finding.startLine);
}

/** A link to the finding's place: `path:line` as text. */
export function findingLink(finding: Finding, location: BlobLocation): string {
  const label = escapeMarkdown(`${finding.path}:${lineLabel(finding)}`);
  return `[${label}](${blobUrl(location, finding.path, finding.startLine, finding.endLine)})`;
}

/**
 * Lines joined until `limit` characters; what does not fit is replaced by `note(omitted)`.
 * The cut is always at a line boundary so tables and code spans stay whole.
 */
export function fitLines(lines: readonly string[], limit: number, note: (omitted: number) => string): string {
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const next = size + lines[i]!.length + 1;
    const rest = lines.length - i - 1;
    // Keep room for the note when something might still be cut.
    const reserve = rest > 0 ? note(lines.length).length + 2 : 0;
    if (next + reserve > limit) {
      const kept = lines.slice(0, i);
      return [...kept, '', note(lines.length - i)].join('\n');
    }
    size = next;
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

export function checkTitle(summary: Summary): string {
  if (summary.reported === 0) return 'No secrets found';
  const found = `${plural(summary.reported, 'secret')} found`;
  if (summary.blocking === summary.reported) return found;
  if (summary.blocking === 0) return `${found} (none at or above ${summary.failOn})`;
  return `${found} (${summary.blocking} blocking)`;
}

function scopeLine(scope: ReviewScope): string {
  const files = plural(scope.filesReviewed, 'changed file');
  if (scope.pullRequest !== undefined) return `Reviewed the added lines of ${files} in pull request #${scope.pullRequest}.`;
  const range = scope.base ? `${scope.base.slice(0, 7)}...${scope.head.slice(0, 7)}` : scope.head.slice(0, 7);
  return `Reviewed the added lines of ${files} pushed in ${codeSpan(range)}.`;
}

function notes(scope: ReviewScope, summary: Summary, annotated: number): string[] {
  const out: string[] = [];
  if (summary.suppressed > 0) {
    out.push(`${plural(summary.suppressed, 'finding')} suppressed (${counts(summary.suppressedBy, SUPPRESSION_SOURCES)}); listed in the details below.`);
  }
  if (scope.binarySkipped > 0) out.push(`${plural(scope.binarySkipped, 'binary file')} skipped.`);
  if (scope.tooLargeSkipped.length > 0) {
    const names = scope.tooLargeSkipped.slice(0, 5).map((p) => codeSpan(p)).join(', ');
    const more = scope.tooLargeSkipped.length > 5 ? ` and ${scope.tooLargeSkipped.length - 5} more` : '';
    out.push(`${plural(scope.tooLargeSkipped.length, 'file')} too large to review: ${names}${more}.`);
  }
  if (scope.listLimit) {
    const { listed, total } = scope.listLimit;
    out.push(
      total !== undefined && total > listed
        ? `**Not every file was reviewed:** GitHub lists at most ${listed} files of a change and this one has ${total}; the other ${total - listed} were not reviewed. Run \`secret-review\` locally on the full diff.`
        : `**Not every file may have been reviewed:** GitHub lists at most ${listed} files of a change and listed that many. Run \`secret-review\` locally on the full diff.`,
    );
  }
  if (summary.reported > annotated) {
    out.push(`Annotations show the first ${annotated} of ${summary.reported} findings.`);
  }
  return out;
}

function kindTable(summary: Summary): string[] {
  const kinds = KINDS.filter((k) => summary.byKind[k] > 0);
  if (kinds.length === 0) return [];
  return [
    '| Kind | Found | Strategy | Use instead |',
    '| --- | ---: | --- | --- |',
    ...kinds.map((k) => {
      const s = strategyOf(k);
      return `| ${k} | ${summary.byKind[k]} | ${s.strategy} | ${escapeMarkdown(s.replacement)} |`;
    }),
    '',
    `By strategy: ${counts(summary.byStrategy, STRATEGIES)}.`,
  ];
}

function findingRow(f: Finding, location: BlobLocation, blocking: ReadonlySet<Finding>): string {
  const mark = blocking.has(f) ? ' ⛔' : '';
  return `| ${findingLink(f, location)}${mark} | ${f.kind} | ${codeSpan(f.ruleId)} | ${codeSpan(f.redacted)} | ${strategyOf(f.kind).strategy} |`;
}

function nextSteps(kinds: readonly Kind[]): string[] {
  if (kinds.length === 0) return [];
  return [
    '### What to do next',
    ...kinds.map((k) => {
      const s = strategyOf(k);
      return `- **${k}** (${s.strategy}): ${escapeMarkdown(s.replacement)}.`;
    }),
    '',
    'Removing the line is not enough: the value stays in the history. Revoke or rotate it first. Details per kind below.',
  ];
}

/** The complete check-run report for a finished review. */
export function renderCheckRun(input: CheckRunInput): CheckRunReport {
  const { findings, failOn, scope, location } = input;
  const summary = summarize(findings, { failOn });
  const reported = listed(findings);
  const blockingSet = new Set(reported.filter((f) => isBlocking(f, failOn)));
  const conclusion: Conclusion = summary.blocking > 0 ? 'failure' : 'success';
  const annotations = reported.slice(0, MAX_ANNOTATIONS).map((f) => annotationOf(f, blockingSet.has(f)));

  const head: string[] = [scopeLine(scope), ''];
  if (summary.reported === 0) {
    head.push('**No hard-coded credentials found** in the added lines.');
  } else {
    const blockingText =
      summary.blocking > 0
        ? `**${summary.blocking} at or above \`${failOn}\`** fail this check (⛔)`
        : `none at or above \`${failOn}\`, so this check passes`;
    head.push(`**${plural(summary.reported, 'hard-coded credential')}** found: ${counts(summary.byKind, KINDS)}; ${blockingText}.`, '');
    head.push(...kindTable(summary));
  }
  const tail: string[] = [];
  const kinds = KINDS.filter((k) => summary.byKind[k] > 0);
  if (kinds.length > 0) tail.push('', ...nextSteps(kinds));
  const noteLines = notes(scope, summary, annotations.length);
  if (noteLines.length > 0) tail.push('', ...noteLines.map((n) => `> ${n}`));

  const table =
    reported.length === 0
      ? []
      : ['', '| Where | Kind | Rule | Value | Strategy |', '| --- | --- | --- | --- | --- |', ...reported.map((f) => findingRow(f, location, blockingSet))];
  // The head and the tail always fit; the table takes what is left.
  const fixed = [...head, ...tail].join('\n').length + 200;
  const tableText = fitLines(table, Math.max(1000, OUTPUT_LIMIT - fixed), (n) => `…and ${plural(n, 'more finding')}: see the annotations and the details below.`);
  const summaryText = fitLines([...head, tableText, ...tail].join('\n').split('\n'), OUTPUT_LIMIT, (n) => `…output truncated (${plural(n, 'line')} omitted).`);

  return {
    conclusion,
    output: { title: checkTitle(summary).slice(0, TITLE_LIMIT), summary: summaryText, text: renderDetails(findings, location) },
    annotations,
  };
}

function annotationOf(f: Finding, blocking: boolean): CheckRunAnnotation {
  const s = strategyOf(f.kind);
  const annotation: CheckRunAnnotation = {
    path: f.path,
    start_line: f.startLine,
    end_line: f.endLine,
    annotation_level: blocking ? 'failure' : 'warning',
    title: `${f.title} (${f.kind})`.slice(0, TITLE_LIMIT),
    message: `Rule ${f.ruleId} found ${f.redacted}. Strategy: ${s.strategy}, use ${s.replacement} instead. ${s.advice}`,
  };
  // GitHub takes columns only on single-line annotations.
  if (f.startLine === f.endLine) {
    annotation.start_column = f.startColumn;
    annotation.end_column = Math.max(f.startColumn, f.endColumn - 1);
  }
  return annotation;
}

/** The check run's `text`: what to do per kind, then the fingerprints and the suppressed findings. */
export function renderDetails(findings: readonly Finding[], location: BlobLocation): string {
  const reported = listed(findings);
  const suppressed = listed(findings, { showSuppressed: true }).filter((f) => f.suppression);
  const kinds = KINDS.filter((k) => reported.some((f) => f.kind === k));
  const lines: string[] = [];
  for (const k of kinds) {
    const s = strategyOf(k);
    lines.push(`### ${k}: ${s.strategy}`, '', `**Use instead:** ${escapeMarkdown(s.replacement)}.`, '', escapeMarkdown(s.advice), '');
  }
  if (reported.length > 0) {
    lines.push(
      '### Fingerprints',
      '',
      'A finding that is not a secret (a test fixture, a documented example) can be accepted by adding its fingerprint to `allow.fingerprints` in `.github/secret-review.yml`, or with a `secret-review:allow` comment on its line.',
      '',
      '| Where | Rule | Fingerprint |',
      '| --- | --- | --- |',
      ...reported.map((f) => `| ${findingLink(f, location)} | ${codeSpan(f.ruleId)} | ${codeSpan(f.fingerprint)} |`),
      '',
    );
  }
  if (suppressed.length > 0) {
    lines.push(
      '### Suppressed',
      '',
      '| Where | Rule | Value | Why |',
      '| --- | --- | --- | --- |',
      ...suppressed.map((f) => `| ${findingLink(f, location)} | ${codeSpan(f.ruleId)} | ${codeSpan(f.redacted)} | ${escapeMarkdown(describeSuppression(f) ?? '')} |`),
    );
  }
  return fitLines(lines, OUTPUT_LIMIT, (n) => `…details truncated (${plural(n, 'line')} omitted).`);
}

/** Annotations in request-sized batches. */
export function annotationBatches<T>(annotations: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < annotations.length; i += size) batches.push(annotations.slice(i, i + size));
  return batches;
}

/** The first output while the review runs. */
export function renderInProgress(scope: { readonly pullRequest?: number; readonly head: string }): CheckRunOutput {
  const what = scope.pullRequest !== undefined ? `pull request #${scope.pullRequest}` : `commit ${codeSpan(scope.head.slice(0, 7))}`;
  return { title: 'Reviewing…', summary: `Looking for hard-coded credentials in the added lines of ${what}.` };
}

/** Why the app could not review: a neutral check with the reason. */
export interface NeutralReason {
  readonly title: string;
  readonly detail: string;
}

export function renderNeutral(reason: NeutralReason): CheckRunReport {
  return {
    conclusion: 'neutral',
    output: {
      title: reason.title.slice(0, TITLE_LIMIT),
      summary: fitLines(
        [
          `**${escapeMarkdown(reason.title)}**`,
          '',
          reason.detail,
          '',
          'Nothing was reviewed, so this check neither passes nor fails. Re-run it from the Checks tab once the cause is fixed.',
        ],
        OUTPUT_LIMIT,
        () => '…truncated.',
      ),
    },
    annotations: [],
  };
}

/** A configuration file that does not validate: the key and the reason, and where the file is. */
export function renderConfigError(error: { readonly key: string; readonly reason: string }, path: string): CheckRunReport {
  const where = error.key ? `${codeSpan(error.key)}: ${escapeMarkdown(error.reason)}` : escapeMarkdown(error.reason);
  return renderNeutral({
    title: 'Invalid configuration',
    detail: `${codeSpan(path)} is invalid: ${where}.\n\nThe configuration is read from the default branch (and the organization's \`.github\` repository through \`_extends\`); fix it there.`,
  });
}
