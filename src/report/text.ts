/**
 * The report for people: one line per finding, `path:line:col` first so terminals and editors can jump
 * to it, grouped by file; then counts and, once per kind present, what to do about it.
 */
import { createColors } from 'picocolors';
import type { Finding } from '../detect/finding.js';
import { KINDS, type Kind } from '../detect/rule.js';
import type { Severity } from '../detect/severity.js';
import { strategyOf } from '../remediate/strategy.js';
import {
  counts,
  describeSuppression,
  listed,
  plural,
  STRATEGIES,
  summarize,
  SUPPRESSION_SOURCES,
  type ReportOptions,
  type Summary,
} from './summary.js';

export interface TextOptions extends ReportOptions {
  /** ANSI colours (the CLI turns them on for a terminal only) */
  readonly color?: boolean;
}

type Colors = ReturnType<typeof createColors>;

/** Columns wider than this are not padded further, so one long value does not push every line out. */
const MAX_PAD = 48;

function severityColor(c: Colors, severity: Severity): (s: string) => string {
  return severity === 'critical' || severity === 'high' ? c.red : severity === 'medium' ? c.yellow : c.cyan;
}

export function renderText(findings: readonly Finding[], options: TextOptions = {}): string {
  const c = createColors(options.color ?? false);
  const shown = listed(findings, options);
  const rows = shown.map((f) => ({
    finding: f,
    cells: [`${f.path}:${f.startLine}:${f.startColumn}`, f.kind, f.ruleId, f.redacted],
  }));
  const widths = [0, 1, 2, 3].map((i) => Math.min(MAX_PAD, Math.max(0, ...rows.map((r) => r.cells[i]!.length))));
  const pad = (s: string, i: number) => s.padEnd(widths[i]!);

  const out: string[] = [];
  let previousPath: string | undefined;
  for (const { finding: f, cells } of rows) {
    if (previousPath !== undefined && f.path !== previousPath) out.push('');
    previousPath = f.path;
    const { strategy, replacement } = strategyOf(f.kind);
    const suppression = describeSuppression(f);
    const tone = suppression ? c.dim : severityColor(c, f.severity);
    const line = [
      c.bold(pad(cells[0]!, 0)),
      tone(pad(cells[1]!, 1)),
      c.dim(pad(cells[2]!, 2)),
      pad(cells[3]!, 3),
      `-> ${c.green(strategy)}: ${replacement}`,
    ].join('  ');
    out.push(suppression ? `${line}  ${c.dim(`(suppressed: ${suppression})`)}` : line);
  }
  if (out.length > 0) out.push('');
  out.push(...footer(summarize(findings, options), shown, c));
  return out.join('\n') + '\n';
}

function footer(summary: Summary, shown: readonly Finding[], c: Colors): string[] {
  const lines: string[] = [];
  if (summary.reported === 0) {
    lines.push(c.green('No hard-coded credentials found.'));
  } else {
    const files = new Set(shown.filter((f) => !f.suppression).map((f) => f.path)).size;
    const blocking =
      summary.blocking > 0
        ? c.red(`${summary.blocking} blocking`)
        : 'none blocking';
    lines.push(
      `${c.bold(plural(summary.reported, 'finding'))} in ${plural(files, 'file')}: ${counts(summary.byKind, KINDS)}`,
      `by strategy: ${counts(summary.byStrategy, STRATEGIES)}; ${blocking} (fail on ${summary.failOn} and above)`,
    );
  }
  if (summary.suppressed > 0) {
    lines.push(c.dim(`${summary.suppressed} suppressed: ${counts(summary.suppressedBy, SUPPRESSION_SOURCES)}`));
  }
  const kinds = KINDS.filter((k) => shown.some((f) => f.kind === k));
  if (kinds.length > 0) lines.push('', c.bold('What to do:'), ...kinds.map((k) => advice(k, c)));
  return lines;
}

function advice(kind: Kind, c: Colors): string {
  const { strategy, advice } = strategyOf(kind);
  return `  ${c.bold(kind)} (${c.green(strategy)}): ${advice}`;
}
