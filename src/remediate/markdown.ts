/**
 * One remediation as a markdown block for review comments, check-run details and issues: why, the
 * checklist, the commands, the copyable snippets and the suggestion. Built only from the Remediation,
 * which never holds the secret.
 */
import type { Remediation } from './types.js';

const STRATEGY_WORD = { remove: 'Remove', replace: 'Replace', rotate: 'Rotate' } as const;

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fence(lines: readonly string[], info: string): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const ticks = '`'.repeat(longest + 1);
  return [`${ticks}${info}`, ...lines, ticks];
}

export interface MarkdownOptions {
  /** include the ```suggestion block (default true); off where suggestions are not rendered (issues) */
  readonly suggestion?: boolean;
}

export function renderRemediationMarkdown(remediation: Remediation, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  out.push(`**${STRATEGY_WORD[remediation.strategy]}: ${remediation.mechanism}**`, '', remediation.why, '');
  for (const step of remediation.steps) out.push(`- [ ] ${step}`);
  out.push('');
  const names: string[] = [];
  if (remediation.variable) names.push(`variable \`${remediation.variable}\``);
  if (remediation.secretName) names.push(`Secrets Manager secret \`${remediation.secretName}\``);
  if (names.length > 0) out.push(`Names used: ${names.join(', ')}.`, '');
  if (remediation.commands && remediation.commands.length > 0) out.push(...fence(remediation.commands, 'shell'), '');
  for (const snippet of remediation.snippets ?? []) {
    out.push('<details>', `<summary>${escapeHtml(snippet.title)}</summary>`, '', ...fence(snippet.code.split('\n'), snippet.language), '', '</details>', '');
  }
  if (remediation.suggestion && options.suggestion !== false) {
    out.push(...fence(remediation.suggestion.replacement, 'suggestion'), '');
  } else if (remediation.note) {
    out.push(`_${remediation.note}_`, '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
