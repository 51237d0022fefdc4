/**
 * A finding is one credential at one place. Everything that leaves the process uses `redacted` and
 * `fingerprint`; the raw secret and the line it sits on live only in a WeakMap beside the finding, so
 * JSON.stringify, structured clone, util.inspect and every renderer see a finding without them.
 */
import { createHmac } from 'node:crypto';
import type { Kind } from './rule.js';
import type { Severity } from './severity.js';

export type SuppressionSource = 'inline' | 'path' | 'fingerprint' | 'rule';

export interface Suppression {
  readonly by: SuppressionSource;
  /** what suppressed it: the marker, the glob, the fingerprint entry or the rule id */
  readonly detail: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly kind: Kind;
  readonly severity: Severity;
  /** repository-relative path with forward slashes */
  readonly path: string;
  /** 1-based, inclusive */
  readonly startLine: number;
  readonly endLine: number;
  /** 1-based column of the secret's first character */
  readonly startColumn: number;
  /** 1-based column just past the secret's last character (on endLine), as SARIF counts it */
  readonly endColumn: number;
  readonly redacted: string;
  /** keyed hash of rule, path and secret: the same secret at the same place across pushes */
  readonly fingerprint: string;
  readonly suppression?: Suppression;
}

/** What the finding was made from. Never serialised: read it only to build a fix in memory. */
export interface Evidence {
  readonly secret: string;
  /** the full text of the finding's first line */
  readonly line: string;
}

const evidence = new WeakMap<Finding, Evidence>();

export function attachEvidence<F extends Finding>(finding: F, value: Evidence): F {
  evidence.set(finding, value);
  return finding;
}

export function evidenceOf(finding: Finding): Evidence | undefined {
  return evidence.get(finding);
}

/** A copy of the finding marked as suppressed; it keeps its evidence. */
export function suppress(finding: Finding, suppression: Suppression): Finding {
  const copy = { ...finding, suppression };
  const ev = evidence.get(finding);
  return ev ? attachEvidence(copy, ev) : copy;
}

/**
 * The default key makes fingerprints stable between the CLI and the app, so an allow-list entry works
 * in both; a deployment sets SECRET_REVIEW_FINGERPRINT_KEY to make them unguessable offline.
 */
export const DEFAULT_FINGERPRINT_KEY = 'secret-review/fingerprint/v1';

export function fingerprint(key: string, ruleId: string, path: string, secret: string): string {
  return createHmac('sha256', key).update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32);
}

const PEM_BEGIN = /^-----BEGIN ([A-Z0-9 ]{1,40})-----/;

/**
 * The shown form of a secret: a few edge characters and stars, never enough to use it. Short values
 * show nothing but their length; PEM blocks show their (public) header only.
 */
export function redact(secret: string): string {
  const pem = PEM_BEGIN.exec(secret);
  if (pem) return detached(`-----BEGIN ${pem[1]}----- …(${secret.length} chars)`);
  const n = secret.length;
  const reveal = n >= 20 ? 4 : n >= 14 ? 2 : 0;
  const hidden = n - 2 * reveal;
  const stars = '*'.repeat(Math.min(hidden, 16)) + (hidden > 16 ? '…' : '');
  return detached(secret.slice(0, reveal) + stars + (reveal > 0 ? secret.slice(n - reveal) : ''));
}

/**
 * A flat copy of a short string. V8 keeps slices and concatenations as views of their source: a
 * redacted value built from slices of the secret would hold the whole scanned file in memory for as
 * long as the finding lives (a directory scan keeps every finding).
 */
export function detached(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}
