import { describe, expect, it } from '@jest/globals';
import { Scanner } from '../../src/detect/scanner.js';
import { evidenceOf, redact } from '../../src/detect/finding.js';
import { KeywordIndex } from '../../src/detect/keywords.js';
import { createFake } from '../support/fake.js';
import { inspect } from 'node:util';

const fake = createFake(11);
const scanner = new Scanner();
const keyId = () => `AKIA${fake.chars('A', 16)}`;

describe('keyword prefilter', () => {
  it('finds every occurrence case-insensitively, overlapping ones included', () => {
    const index = new KeywordIndex(['akia', 'kia', 'password']);
    const hits = index.find('xAKIA PassWord akia');
    expect(hits.map((h) => [h.keyword, h.start])).toEqual([
      [0, 1],
      [1, 2],
      [2, 6],
      [0, 15],
      [1, 16],
    ]);
  });

  it('ignores non-ASCII text around keywords', () => {
    expect(new KeywordIndex(['token']).find('ünïcödé token ✓').map((h) => h.start)).toEqual([8]);
  });
});

describe('Scanner', () => {
  it('reports 1-based line and column of the secret, offset by the source first line', () => {
    const key = keyId();
    const [f] = scanner.scan({ path: 'a.py', text: `x = 1\n  key = "${key}"\n`, firstLine: 10 });
    expect(f).toMatchObject({ ruleId: 'aws-access-key-id', kind: 'aws-access-key', path: 'a.py', startLine: 11, endLine: 11, startColumn: 10, endColumn: 30 });
  });

  it('keeps the secret out of every serialised form of a finding', () => {
    const key = keyId();
    const [f] = scanner.scan({ path: 'a.txt', text: key });
    expect(evidenceOf(f!)?.secret).toBe(key);
    expect(JSON.stringify(f)).not.toContain(key);
    expect(inspect(f, { depth: 5 })).not.toContain(key);
    expect(structuredClone(f)).not.toHaveProperty('secret');
    expect(f!.redacted).toBe(`${key.slice(0, 4)}${'*'.repeat(12)}${key.slice(-4)}`);
  });

  it('redacts short values to stars and PEM blocks to their header', () => {
    expect(redact('hunter2hunter')).toBe('*************');
    expect(redact(`-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(64)}\n-----END RSA PRIVATE KEY-----`)).toBe(
      '-----BEGIN RSA PRIVATE KEY----- …(126 chars)',
    );
  });

  it('gives the same fingerprint to the same secret at the same path, another one elsewhere', () => {
    const key = keyId();
    const a = scanner.scan({ path: 'a.txt', text: `k=${key}` })[0]!;
    const b = scanner.scan({ path: 'a.txt', text: `\n\nother=${key}`, firstLine: 40 })[0]!;
    const c = scanner.scan({ path: 'b.txt', text: `k=${key}` })[0]!;
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
    const keyed = new Scanner({ fingerprintKey: 'deployment-key' }).scan({ path: 'a.txt', text: `k=${key}` })[0]!;
    expect(keyed.fingerprint).not.toBe(a.fingerprint);
  });

  it.each([
    ['same-line secret-review:allow', (k: string) => `id = "${k}" # secret-review:allow`],
    ['gitleaks:allow', (k: string) => `id = "${k}" // gitleaks:allow`],
    ['detect-secrets pragma', (k: string) => `id = "${k}"  # pragma: allowlist secret`],
    ['secretlint-disable-line', (k: string) => `id = "${k}" // secretlint-disable-line`],
    ['comment line before', (k: string) => `# secret-review:allow test fixture\nid = "${k}"`],
    ['detect-secrets nextline pragma', (k: string) => `# pragma: allowlist nextline secret\nid = "${k}"`],
    ['secretlint-disable-next-line', (k: string) => `// secretlint-disable-next-line\nconst id = "${k}";`],
    ['bare nosec', (k: string) => `id = "${k}"  # nosec`],
    ['gosec G101', (k: string) => `id := "${k}" // #nosec G101`],
    ['bandit B105', (k: string) => `id = "${k}"  # nosec B105`],
  ])('suppresses and counts a finding marked with %s', (_name, make) => {
    const findings = scanner.scan({ path: 'x', text: make(keyId()) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.suppression?.by).toBe('inline');
  });

  it('does not take a marker from code on the previous line, nor nosec for other checks', () => {
    const text = `a = "x" # secret-review:allow\nid = "${keyId()}"\nb = "${keyId()}"  # nosec B603`;
    expect(scanner.scan({ path: 'x', text }).map((f) => f.suppression)).toEqual([undefined, undefined]);
  });

  it('uses the preceding line a diff shows above an added block', () => {
    const [f] = scanner.scan({ path: 'x', text: `id = "${keyId()}"`, firstLine: 5, precedingLine: '  // gitleaks:allow' });
    expect(f!.suppression?.by).toBe('inline');
  });

  it('marks findings of disabled rules as suppressed by the rule, not dropped', () => {
    const [f] = new Scanner({ disabledRules: ['aws-access-key-id'] }).scan({ path: 'x', text: keyId() });
    expect(f!.suppression).toEqual({ by: 'rule', detail: 'aws-access-key-id' });
  });

  it('finds each secret once on a minified line full of keywords', () => {
    const keys = Array.from({ length: 50 }, keyId);
    const text = keys.map((k) => `{"akia":"${'akia'.repeat(30)}","id":"${k}"}`).join(',');
    const found = scanner.scan({ path: 'bundle.min.js', text }).filter((f) => f.ruleId === 'aws-access-key-id');
    expect(found.map((f) => evidenceOf(f)!.secret)).toEqual(keys);
  });

  it('skips documented examples and placeholders', () => {
    const text = ['AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id = <your-access-key-id>', 'key: ${AWS_ACCESS_KEY_ID}'].join('\n');
    expect(scanner.scan({ path: 'README.md', text })).toEqual([]);
  });
});
