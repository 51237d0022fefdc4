/**
 * The machine-readable report: a stable document (fixed key order, findings sorted) whose shape only
 * changes with `version`. It carries the redacted value and the fingerprint, never the secret.
 */
import type { Finding, Suppression } from '../detect/finding.js';
import type { Kind } from '../detect/rule.js';
import type { Severity } from '../detect/severity.js';
import { strategyOf, type Strategy } from '../remediate/strategy.js';
import { listed, summarize, TOOL_NAME, type ReportOptions, type Summary } from './summary.js';

/** Bumped when a field is removed or changes meaning; new fields may appear without a bump. */
export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  title: string;
  kind: Kind;
  severity: Severity;
  path: string;
  startLine: number;
  endLine: number;
  startColumn: number;
  endColumn: number;
  redacted: string;
  fingerprint: string;
  strategy: Strategy;
  replacement: string;
  suppression?: Suppression;
}

export interface JsonReport {
  version: number;
  tool: { name: string; version?: string };
  findings: JsonFinding[];
  summary: Summary;
}

/** Copies the listed fields one by one: whatever else a finding object may hold is not emitted. */
function toJson(f: Finding): JsonFinding {
  const { strategy, replacement } = strategyOf(f.kind);
  return {
    ruleId: f.ruleId,
    title: f.title,
    kind: f.kind,
    severity: f.severity,
    path: f.path,
    startLine: f.startLine,
    endLine: f.endLine,
    startColumn: f.startColumn,
    endColumn: f.endColumn,
    redacted: f.redacted,
    fingerprint: f.fingerprint,
    strategy,
    replacement,
    ...(f.suppression ? { suppression: { by: f.suppression.by, detail: f.suppression.detail } } : {}),
  };
}

export function buildJsonReport(findings: readonly Finding[], options: ReportOptions = {}): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: TOOL_NAME, ...(options.toolVersion ? { version: options.toolVersion } : {}) },
    findings: listed(findings, options).map(toJson),
    summary: summarize(findings, options),
  };
}

export function renderJson(findings: readonly Finding[], options: ReportOptions = {}): string {
  return JSON.stringify(buildJsonReport(findings, options), null, 2) + '\n';
}
