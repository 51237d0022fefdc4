import { describe, expect, it } from '@jest/globals';
import { renderText } from '../../src/report/text.js';
import { strategyOf } from '../../src/remediate/strategy.js';
import { leakedSecrets, sampleFindings } from './sample-findings.js';

const { findings, secrets } = sampleFindings();

describe('text report', () => {
  it('lists reported findings as path:line:col  kind  rule  redacted  -> strategy: replacement', () => {
    const out = renderText(findings);
    const lines = out.split('\n');
    const app = lines.filter((l) => l.startsWith('src/app.ts:'));
    expect(app).toHaveLength(2);
    expect(app[0]).toMatch(/^src\/app\.ts:1:13\s+aws-access-key\s+aws-access-key-id\s+AKIA\*+\w{4}\s+-> replace: an IAM role/);
    expect(app[1]).toMatch(/^src\/app\.ts:3:17 /);
    expect(out).toMatch(/config\/db\.ini:2:8\s+password\s+test-passwd\s+\w{2}\*{12}\w{2}\s+-> rotate: Secrets Manager/);
    // suppressed ones are counted, not listed
    expect(out).not.toContain('src/inline.ts:');
    expect(out).not.toContain('fixtures/keys.txt:');
  });

  it('groups lines by file, files in order, separated by a blank line', () => {
    const out = renderText(findings);
    const body = out.slice(0, out.indexOf('\n\n', out.lastIndexOf('src/app.ts:')));
    const paths = body.split('\n').map((l) => l.split(':')[0]);
    expect(paths).toEqual(['config/db.ini', '', 'docs/my notes #1 ü?.md', '', 'src/app.ts', 'src/app.ts']);
  });

  it('ends with counts per kind and strategy, suppressions by source, and the advice once per kind', () => {
    const out = renderText(findings, { failOn: 'high' });
    expect(out).toContain('4 findings in 3 files: 3 aws-access-key, 1 password');
    expect(out).toContain('by strategy: 3 replace, 1 rotate; 3 blocking (fail on high and above)');
    expect(out).toContain('3 suppressed: 2 inline, 1 path');
    const aws = strategyOf('aws-access-key').advice;
    expect(out.split(aws)).toHaveLength(2);
    expect(out).toContain(strategyOf('password').advice);
    expect(out).not.toContain(strategyOf('private-key').advice);
  });

  it('lists suppressed findings with the reason when asked', () => {
    const out = renderText(findings, { showSuppressed: true });
    expect(out).toMatch(/src\/inline\.ts:1:6 .*\(suppressed: inline marker "secret-review:allow"\)/);
    expect(out).toMatch(/fixtures\/keys\.txt:1:1 .*\(suppressed: path ignored by "fixtures\/\*\*"\)/);
  });

  it('says so when nothing was found, and still counts suppressions', () => {
    expect(renderText([])).toBe('No hard-coded credentials found.\n');
    const onlySuppressed = findings.filter((f) => f.suppression);
    expect(renderText(onlySuppressed)).toBe('No hard-coded credentials found.\n3 suppressed: 2 inline, 1 path\n');
  });

  it('colours only when asked', () => {
    expect(renderText(findings)).not.toContain('\x1b[');
    const coloured = renderText(findings, { color: true });
    expect(coloured).toContain('\x1b[');
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderText(findings));
  });

  it('never contains a secret', () => {
    for (const options of [{}, { showSuppressed: true }, { color: true, showSuppressed: true }]) {
      expect(leakedSecrets(renderText(findings, options), secrets)).toEqual([]);
    }
  });
});
