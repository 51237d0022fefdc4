import { describe, expect, it } from '@jest/globals';
import {
  annotationBatches,
  blobUrl,
  codeSpan,
  escapeMarkdown,
  MAX_ANNOTATIONS,
  OUTPUT_LIMIT,
  renderCheckRun,
  renderConfigError,
  type ReviewScope,
} from '../../src/report/check-run.js';
import { finding, LOCATION } from './findings.js';

const scope: ReviewScope = { pullRequest: 7, head: 'a'.repeat(40), filesReviewed: 3, binarySkipped: 0, tooLargeSkipped: [] };

describe('check-run output', () => {
  it('says in the title and the first lines what was found and whether it blocks', () => {
    const findings = [
      finding(),
      finding({ kind: 'password', ruleId: 'generic-password', title: 'Password', severity: 'low', redacted: '************' }),
    ];
    const report = renderCheckRun({ findings, failOn: 'high', scope, location: LOCATION });
    expect(report.conclusion).toBe('failure');
    expect(report.output.title).toBe('2 secrets found (1 blocking)');
    expect(report.output.summary).toContain('Reviewed the added lines of 3 changed files in pull request #7.');
    expect(report.output.summary).toContain('**2 hard-coded credentials** found: 1 aws-access-key, 1 password; **1 at or above `high`** fail this check');
    expect(report.output.summary).toContain('| aws-access-key | 1 | replace |');
    expect(report.output.summary).toContain('By strategy: 1 replace, 1 rotate.');
    expect(report.output.summary).toContain('### What to do next');
    expect(report.annotations.map((a) => a.annotation_level)).toEqual(['failure', 'warning']);
    expect(report.output.text).toContain('### aws-access-key: replace');
    expect(report.output.text).toContain('allow.fingerprints');
  });

  it('passes with no findings, and with findings below the threshold', () => {
    expect(renderCheckRun({ findings: [], failOn: 'low', scope, location: LOCATION })).toMatchObject({
      conclusion: 'success',
      output: { title: 'No secrets found' },
      annotations: [],
    });
    const low = renderCheckRun({ findings: [finding({ severity: 'medium', kind: 'password' })], failOn: 'high', scope, location: LOCATION });
    expect(low.conclusion).toBe('success');
    expect(low.output.title).toBe('1 secret found (none at or above high)');
  });

  it('counts suppressed findings without listing them as reported', () => {
    const suppressed = finding({ suppression: { by: 'path', detail: 'test/**' } });
    const report = renderCheckRun({ findings: [suppressed], failOn: 'low', scope, location: LOCATION });
    expect(report.conclusion).toBe('success');
    expect(report.output.summary).toContain('1 finding suppressed (1 path)');
    expect(report.output.text).toContain('path ignored by "test/\\*\\*"');
    expect(report.annotations).toEqual([]);
  });

  it('links each finding to its lines at the head commit, escaping odd paths', () => {
    const odd = finding({ path: 'docs/my notes #1|ü.md', startLine: 3, endLine: 5 });
    const report = renderCheckRun({ findings: [odd], failOn: 'low', scope, location: LOCATION });
    expect(report.output.summary).toContain(
      `[docs/my notes #1\\|ü.md:3-5](https://github.com/octo/repo/blob/${'a'.repeat(40)}/docs/my%20notes%20%231%7C%C3%BC.md#L3-L5)`,
    );
    expect(report.annotations[0]).not.toHaveProperty('start_column');
    expect(blobUrl(LOCATION, 'a.ts', 4)).toBe(`https://github.com/octo/repo/blob/${'a'.repeat(40)}/a.ts#L4`);
  });

  it('stays within GitHub\'s size limits, with a note, and caps the annotations', () => {
    const many = Array.from({ length: 5000 }, (_, i) => finding({ path: `src/very/long/path/to/a/module/number-${i}.ts`, startLine: i + 1, endLine: i + 1 }));
    const report = renderCheckRun({ findings: many, failOn: 'low', scope, location: LOCATION });
    expect(report.output.summary.length).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(report.output.text!.length).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(report.output.summary).toMatch(/…and \d+ more findings: see the annotations/);
    expect(report.output.summary).toContain('### What to do next');
    expect(report.output.summary).toContain(`Annotations show the first ${MAX_ANNOTATIONS} of 5000 findings.`);
    expect(report.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(annotationBatches(report.annotations).map((b) => b.length)).toEqual(Array(10).fill(50));
  });

  it('notes skipped files and GitHub\'s listing limits', () => {
    const report = renderCheckRun({
      findings: [],
      failOn: 'low',
      scope: { head: 'b'.repeat(40), base: 'c'.repeat(40), filesReviewed: 300, binarySkipped: 2, tooLargeSkipped: ['huge.sql'], listLimit: { listed: 300 } },
      location: LOCATION,
    });
    expect(report.output.summary).toContain('pushed in `ccccccc...bbbbbbb`');
    expect(report.output.summary).toContain('2 binary files skipped.');
    expect(report.output.summary).toContain('1 file too large to review: `huge.sql`.');
    expect(report.output.summary).toContain('GitHub lists at most 300 files of a change and listed that many');
  });

  it('an invalid configuration: neutral, naming the key and the reason', () => {
    const report = renderConfigError({ key: 'rules.custom[0].pattern', reason: 'not a valid regular expression' }, '.github/secret-review.yml');
    expect(report.conclusion).toBe('neutral');
    expect(report.output.title).toBe('Invalid configuration');
    expect(report.output.summary).toContain('`.github/secret-review.yml` is invalid: `rules.custom[0].pattern`: not a valid regular expression.');
  });

  it('markdown helpers keep text inert', () => {
    expect(escapeMarkdown('a|b *c* [d](e) <img> ![x](y)')).toBe('a\\|b \\*c\\* \\[d\\](e) \\<img\\> !\\[x\\](y)');
    expect(codeSpan('has ` tick')).toBe('``has ` tick``');
    expect(codeSpan('a|b')).toBe('`a\\|b`');
  });
});
