import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { buildSarifLog, pathToUri, renderSarif } from '../../src/report/sarif.js';
import { leakedSecrets, sampleFindings } from './sample-findings.js';

const { findings, secrets } = sampleFindings();

/**
 * The SARIF 2.1.0 schema shipped by @microsoft/jest-sarif. It is draft-04; it uses none of the
 * keywords whose meaning changed since (exclusiveMinimum/Maximum), so ajv 8 can run it once its
 * draft-04 `$schema` and `id` are dropped. One of its patterns (`language`) is invalid under the `u`
 * flag, hence `unicodeRegExp: false`, as draft-04 validators ran them.
 */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
  const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = sarifValidator();

describe('SARIF report', () => {
  it.each([
    ['reported findings', {}],
    ['with suppressed findings', { showSuppressed: true }],
    ['with tool version and home page', { toolVersion: '0.1.0', informationUri: 'https://example.com/secret-review' }],
  ])('is valid SARIF 2.1.0 (%s)', (_name, options) => {
    const log = JSON.parse(renderSarif(findings, options));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });

  it('uses a validator that does reject invalid logs', () => {
    const log = JSON.parse(renderSarif(findings));
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('is valid SARIF when there is nothing to report', () => {
    const log = buildSarifLog([]);
    expect(validate(JSON.parse(JSON.stringify(log)))).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toEqual([]);
  });

  it('declares only the rules that have results, with GitHub security severity', () => {
    const log = buildSarifLog(findings);
    const run = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(run.tool.driver.name).toBe('secret-review');
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(['aws-access-key-id', 'test-passwd']);
    expect(rules[0]).toMatchObject({
      name: 'AwsAccessKeyId',
      shortDescription: { text: 'AWS access key ID' },
      defaultConfiguration: { level: 'error' },
      properties: { kind: 'aws-access-key', strategy: 'replace', 'security-severity': '9.5' },
    });
    expect(rules[0]!.help!.text).toMatch(/IAM role/);
    expect(rules[0]!.properties!.tags).toContain('security');
    expect(rules[1]).toMatchObject({
      defaultConfiguration: { level: 'warning' },
      properties: { kind: 'password', strategy: 'rotate', 'security-severity': '5.5' },
    });
    for (const r of run.results!) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
  });

  it('gives each result a location, a message without the secret and a partial fingerprint', () => {
    const run = buildSarifLog(findings).runs[0]!;
    const app = run.results!.find((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === 'src/app.ts')!;
    expect(app.level).toBe('error');
    expect(app.message.text).toMatch(/^Hard-coded aws-access-key AKIA\*{12}[A-Z]{4} \(AWS access key ID\)\. replace: an IAM role/);
    expect(app.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 13, endLine: 1, endColumn: 33 },
    });
    const fingerprint = findings.find((f) => f.path === 'src/app.ts' && f.startLine === 1)!.fingerprint;
    expect(app.partialFingerprints).toEqual({ 'secretReview/v1': fingerprint });
    expect(app.properties).toMatchObject({ kind: 'aws-access-key', strategy: 'replace' });
    expect(app.suppressions).toBeUndefined();
  });

  it('percent-encodes paths as relative URI references', () => {
    expect(pathToUri('docs/my notes #1 ü?.md')).toBe('docs/my%20notes%20%231%20%C3%BC%3F.md');
    expect(pathToUri('a:b/c%d.txt')).toBe('a%3Ab/c%25d.txt');
    const uris = buildSarifLog(findings).runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
    expect(uris).toContain('docs/my%20notes%20%231%20%C3%BC%3F.md');
  });

  it('marks suppressed findings: inline markers in source, configuration externally', () => {
    const results = buildSarifLog(findings, { showSuppressed: true }).runs[0]!.results!;
    expect(results).toHaveLength(7);
    const suppressions = results.filter((r) => r.suppressions).map((r) => r.suppressions);
    expect(suppressions).toEqual([
      [{ kind: 'external', justification: 'path ignored by "fixtures/**"' }],
      [{ kind: 'inSource', justification: 'inline marker "secret-review:allow"' }],
      [{ kind: 'inSource', justification: 'inline marker "gitleaks:allow"' }],
    ]);
  });

  it('never contains a secret', () => {
    expect(leakedSecrets(renderSarif(findings, { showSuppressed: true }), secrets)).toEqual([]);
  });
});
