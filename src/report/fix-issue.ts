/**
 * The remediation issue a failing `Secret review` check run offers to open ("Open fix issue"): one
 * issue per pull request, found again by a hidden marker, with a checklist per blocking finding.
 * Pure functions; built from findings and remediations only, so no secret value can appear.
 */
import type { Finding } from '../detect/finding.js';
import { renderRemediationMarkdown, type Remediation } from '../remediate/index.js';
import { codeSpan, escapeMarkdown, findingLink, lineLabel, type BlobLocation } from './check-run.js';
import { plural } from './summary.js';

/** The check run's action button (GitHub: label ≤ 20, description ≤ 40, identifier ≤ 20 characters). */
export const FIX_ISSUE_ACTION = {
  label: 'Open fix issue',
  description: 'Issue with a fix checklist per secret',
  identifier: 'open-fix-issue',
} as const;

/** The label the app puts on its fix issues (and lists them by). */
export const FIX_ISSUE_LABEL = 'secret-review';

/** GitHub rejects an issue body over 65536 characters; stay below. */
const BODY_LIMIT = 60_000;

export function fixIssueMarker(pullRequest: number): string {
  return `<!-- secret-review:fix-issue pr=${pullRequest} -->`;
}

export function fixIssueTitle(pullRequest: number): string {
  return `Exposed credentials in pull request #${pullRequest}`;
}

export interface FixIssueItem {
  readonly finding: Finding;
  readonly remediation: Remediation;
}

export interface FixIssueInput {
  readonly pullRequest: number;
  /** the blocking findings, each with its remediation */
  readonly items: readonly FixIssueItem[];
  readonly location: BlobLocation;
}

function itemBlock(item: FixIssueItem, location: BlobLocation): string[] {
  const { finding: f, remediation } = item;
  const where = `${f.path}:${lineLabel(f)}`;
  return [
    `### ${escapeMarkdown(f.kind)} in ${codeSpan(where)}`,
    '',
    `${findingLink(f, location)}: ${escapeMarkdown(f.title)}, value ${codeSpan(f.redacted)} (rule ${codeSpan(f.ruleId)}).`,
    '',
    '- [ ] Revoke or rotate the exposed credential now (it is in git history)',
    `- [ ] Replace it as suggested below: ${escapeMarkdown(remediation.mechanism)}`,
    '- [ ] Verify: the app works with the replacement and the old credential is refused',
    '- [ ] Optionally purge it from history (git filter-repo / BFG) and force-push; coordinate with collaborators',
    '',
    '<details>',
    '<summary>How to replace it</summary>',
    '',
    // The checklist above is the one to tick; the remediation's own steps read as plain points here.
    renderRemediationMarkdown(remediation, { suggestion: false }).trimEnd().replace(/^- \[ \] /gm, '- '),
    '',
    '</details>',
    '',
  ];
}

/** The issue body: the marker, a short intro naming the pull request, a checklist per finding. */
export function renderFixIssue(input: FixIssueInput): { title: string; body: string } {
  const { pullRequest, items, location } = input;
  const head: string[] = [
    fixIssueMarker(pullRequest),
    `The \`Secret review\` check of pull request #${pullRequest} (commit ${codeSpan(location.sha.slice(0, 7))}) found ${plural(items.length, 'hard-coded credential')} that block it.`,
    '',
    'Removing the lines from the pull request is not enough: every pushed commit keeps the values. Work through each checklist below.',
    '',
  ];
  const blocks = items.map((item) => itemBlock(item, location).join('\n'));
  let body = head.join('\n');
  let omitted = 0;
  for (const [i, block] of blocks.entries()) {
    if (body.length + block.length + 200 > BODY_LIMIT) {
      omitted = blocks.length - i;
      break;
    }
    body += `\n${block}`;
  }
  if (omitted > 0) body += `\n…and ${plural(omitted, 'more finding')}: see the check run's annotations.\n`;
  return { title: fixIssueTitle(pullRequest), body };
}
