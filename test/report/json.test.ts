import { describe, expect, it } from '@jest/globals';
import { buildJsonReport, JSON_REPORT_VERSION, renderJson } from '../../src/report/json.js';
import { leakedSecrets, sampleFindings } from './sample-findings.js';

const { findings, secrets } = sampleFindings();

describe('JSON report', () => {
  it('has a stable shape: version, tool, findings in order, summary', () => {
    const report = buildJsonReport(findings, { toolVersion: '1.2.3', failOn: 'critical' });
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'summary']);
    expect(report.version).toBe(JSON_REPORT_VERSION);
    expect(report.tool).toEqual({ name: 'secret-review', version: '1.2.3' });
    expect(report.findings.map((f) => `${f.path}:${f.startLine}`)).toEqual([
      'config/db.ini:2',
      'docs/my notes #1 ü?.md:1',
      'src/app.ts:1',
      'src/app.ts:3',
    ]);
    expect(report.findings[2]).toEqual({
      ruleId: 'aws-access-key-id',
      title: 'AWS access key ID',
      kind: 'aws-access-key',
      severity: 'critical',
      path: 'src/app.ts',
      startLine: 1,
      endLine: 1,
      startColumn: 13,
      endColumn: 33,
      redacted: expect.stringMatching(/^AKIA\*{12}[A-Z]{4}$/),
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      strategy: 'replace',
      replacement: 'an IAM role (short-term credentials)',
    });
    expect(report.summary).toMatchObject({
      total: 7,
      reported: 4,
      blocking: 3,
      failOn: 'critical',
      suppressed: 3,
      suppressedBy: { inline: 2, path: 1, fingerprint: 0, rule: 0 },
      byStrategy: { remove: 0, replace: 3, rotate: 1 },
      bySeverity: { critical: 3, medium: 1, high: 0, low: 0 },
    });
    expect(report.summary.byKind['aws-access-key']).toBe(3);
  });

  it('gives the same bytes whatever order the findings come in', () => {
    expect(renderJson([...findings].reverse())).toBe(renderJson(findings));
  });

  it('lists suppressed findings with their suppression when asked', () => {
    const report = buildJsonReport(findings, { showSuppressed: true });
    expect(report.findings).toHaveLength(7);
    expect(report.findings.filter((f) => f.suppression).map((f) => f.suppression)).toEqual([
      { by: 'path', detail: 'fixtures/**' },
      { by: 'inline', detail: 'secret-review:allow' },
      { by: 'inline', detail: 'gitleaks:allow' },
    ]);
  });

  it('is valid JSON ending in a newline, without tool version when none is given', () => {
    const text = renderJson(findings);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text).tool).toEqual({ name: 'secret-review' });
  });

  it('never contains a secret', () => {
    expect(leakedSecrets(renderJson(findings, { showSuppressed: true }), secrets)).toEqual([]);
  });
});
