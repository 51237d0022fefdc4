/** Findings built by hand for the renderer tests (no secret needed: renderers see redacted values only). */
import type { Finding } from '../../src/detect/finding.js';
import type { Kind } from '../../src/detect/rule.js';
import type { Severity } from '../../src/detect/severity.js';

let n = 0;

export function finding(overrides: Partial<Finding> & { kind?: Kind; severity?: Severity } = {}): Finding {
  n++;
  return {
    ruleId: 'aws-access-key-id',
    title: 'AWS access key ID',
    kind: 'aws-access-key',
    severity: 'critical',
    path: 'src/app.ts',
    startLine: n,
    endLine: n,
    startColumn: 5,
    endColumn: 25,
    redacted: 'AKIA************WXYZ',
    fingerprint: n.toString(16).padStart(32, '0'),
    ...overrides,
  };
}

export const LOCATION = { repositoryUrl: 'https://github.com/octo/repo', sha: 'a'.repeat(40) };
