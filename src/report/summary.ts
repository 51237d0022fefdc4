/**
 * What every report shares: the order findings are listed in, which of them are listed, and the
 * counts the footers and summaries show. Pure functions of the findings; no I/O.
 */
import type { Finding, SuppressionSource } from '../detect/finding.js';
import { KINDS, type Kind } from '../detect/rule.js';
import { isBlocking, SEVERITIES, type Severity } from '../detect/severity.js';
import { strategyOf, type Strategy } from '../remediate/strategy.js';

export interface ReportOptions {
  /** findings at or above this severity (and not suppressed) count as blocking; default 'low' */
  readonly failOn?: Severity;
  /** list suppressed findings too; they are counted either way */
  readonly showSuppressed?: boolean;
  /** the tool's version, for machine-readable formats */
  readonly toolVersion?: string;
}

export const TOOL_NAME = 'secret-review';
export const STRATEGIES: readonly Strategy[] = ['remove', 'replace', 'rotate'];
export const SUPPRESSION_SOURCES: readonly SuppressionSource[] = ['inline', 'path', 'fingerprint', 'rule'];

export interface Summary {
  /** every finding, suppressed or not */
  readonly total: number;
  /** findings not suppressed */
  readonly reported: number;
  /** reported findings at or above the failOn threshold */
  readonly blocking: number;
  readonly failOn: Severity;
  /** reported findings per kind, strategy and severity (every key present, zeros included) */
  readonly byKind: Readonly<Record<Kind, number>>;
  readonly byStrategy: Readonly<Record<Strategy, number>>;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
  readonly suppressedBy: Readonly<Record<SuppressionSource, number>>;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function summarize(findings: readonly Finding[], options: ReportOptions = {}): Summary {
  const failOn = options.failOn ?? 'low';
  const byKind = zeros(KINDS);
  const byStrategy = zeros(STRATEGIES);
  const bySeverity = zeros(SEVERITIES);
  const suppressedBy = zeros(SUPPRESSION_SOURCES);
  let suppressed = 0;
  let blocking = 0;
  for (const f of findings) {
    if (f.suppression) {
      suppressed++;
      suppressedBy[f.suppression.by]++;
      continue;
    }
    byKind[f.kind]++;
    byStrategy[strategyOf(f.kind).strategy]++;
    bySeverity[f.severity]++;
    if (isBlocking(f, failOn)) blocking++;
  }
  return {
    total: findings.length,
    reported: findings.length - suppressed,
    blocking,
    failOn,
    byKind,
    byStrategy,
    bySeverity,
    suppressed,
    suppressedBy,
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 api-key, 1 password": the non-zero counts of `record`, in `order`. */
export function counts<K extends string>(record: Readonly<Record<K, number>>, order: readonly K[]): string {
  return order
    .filter((k) => record[k] > 0)
    .map((k) => `${record[k]} ${k}`)
    .join(', ');
}

/** Code-point order (not locale order), so the same findings always give the same bytes. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.path, b.path) ||
    a.startLine - b.startLine ||
    a.startColumn - b.startColumn ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** The findings a report lists, in report order. */
export function listed(findings: readonly Finding[], options: ReportOptions = {}): Finding[] {
  const shown = options.showSuppressed ? [...findings] : findings.filter((f) => !f.suppression);
  return shown.sort(compareFindings);
}

/** A suppression in words, for people and for SARIF justifications. */
export function describeSuppression(finding: Finding): string | undefined {
  const s = finding.suppression;
  if (!s) return undefined;
  switch (s.by) {
    case 'inline':
      return `inline marker "${s.detail}"`;
    case 'path':
      return `path ignored by "${s.detail}"`;
    case 'fingerprint':
      return s.detail === finding.fingerprint ? 'fingerprint allowed in the configuration' : `fingerprint allowed: ${s.detail}`;
    case 'rule':
      return `rule ${s.detail} disabled in the configuration`;
  }
}
