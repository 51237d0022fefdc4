/**
 * How bad a finding is, for the failure threshold: what the credential unlocks (its kind), lowered one
 * step when only a name and an entropy point at it (a generic rule) rather than a known format. A rule
 * may set its own (test-mode keys are less urgent than live ones).
 */
import type { Kind, Rule } from './rule.js';
import type { Finding } from './finding.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const BY_KIND: Readonly<Record<Kind, Severity>> = {
  'aws-access-key': 'critical',
  'private-key': 'critical',
  'cloud-credential': 'critical',
  'database-credential': 'high',
  'oauth-token': 'high',
  'api-key': 'high',
  password: 'medium',
};

export function severityOf(rule: Pick<Rule, 'kind' | 'minEntropy' | 'severity'>): Severity {
  if (rule.severity) return rule.severity;
  const base = SEVERITIES.indexOf(BY_KIND[rule.kind]);
  return SEVERITIES[rule.minEntropy !== undefined ? Math.max(0, base - 1) : base]!;
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/** A finding counts against the check (and the CLI's exit code): reported, at or above the threshold. */
export function isBlocking(finding: Pick<Finding, 'severity' | 'suppression'>, failOn: Severity): boolean {
  return !finding.suppression && atLeast(finding.severity, failOn);
}
