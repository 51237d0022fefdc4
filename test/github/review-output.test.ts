import { describe, expect, it } from '@jest/globals';
import { planReview } from '../../src/github/review.js';
import {
  adviceFor,
  fingerprintMarker,
  markedFingerprints,
  renderReviewBody,
  renderReviewComment,
  reviewCommentOf,
} from '../../src/report/review.js';
import { finding, LOCATION } from './findings.js';

describe('review comments', () => {
  it('say what was found, why it matters and what to use instead, with the hidden marker', () => {
    const f = finding({ startLine: 12, endLine: 12 });
    const body = renderReviewComment(f);
    expect(body).toContain('**AWS access key ID** (aws-access-key, rule `aws-access-key-id`): `AKIA************WXYZ`');
    expect(body).toContain('**Why it matters:**');
    expect(body).toContain('**What to do (replace):** use an IAM role');
    expect(body.endsWith(fingerprintMarker(f.fingerprint))).toBe(true);
    expect(markedFingerprints(body)).toEqual([f.fingerprint]);
    expect(reviewCommentOf(f)).toEqual({ path: 'src/app.ts', line: 12, side: 'RIGHT', body });
  });

  it('span the lines of a multi-line secret', () => {
    const f = finding({ kind: 'private-key', startLine: 3, endLine: 30 });
    expect(reviewCommentOf(f)).toMatchObject({ start_line: 3, start_side: 'RIGHT', line: 30, side: 'RIGHT' });
  });

  it('take a suggested replacement as a suggestion block (the remediation seam)', () => {
    const f = finding();
    const body = renderReviewComment(f, { ...adviceFor(f), suggestion: 'const keyId = process.env.AWS_ACCESS_KEY_ID; // ```' });
    expect(renderReviewComment(f, { ...adviceFor(f), suggestion: 'x' }, { suggestion: false })).not.toContain('suggestion');
    expect(body).toContain('````suggestion\nconst keyId = process.env.AWS_ACCESS_KEY_ID; // ```\n````');
  });

  it('span the lines a remediation edit replaces, or leave the edit out when the diff cannot show them', () => {
    const f = finding({ startLine: 8, endLine: 8 });
    const remediation = {
      strategy: 'replace' as const,
      mechanismId: 'test',
      mechanism: 'An IAM role',
      why: 'Because.',
      steps: ['Revoke it.'],
      suggestion: { startLine: 7, endLine: 8, replacement: ['const client = new S3Client({});'] },
    };
    const spanned = reviewCommentOf(f, { ...adviceFor(f), remediation });
    expect(spanned).toMatchObject({ start_line: 7, line: 8 });
    expect(spanned.body).toContain('```suggestion\nconst client = new S3Client({});\n```');
    expect(spanned.body).toContain('**Replace: An IAM role**');
    const single = reviewCommentOf(f, { ...adviceFor(f), remediation }, () => false);
    expect(single).not.toHaveProperty('start_line');
    expect(single.line).toBe(8);
    expect(single.body).not.toContain('```suggestion');
  });

  it('markers are read back only in their exact form', () => {
    expect(markedFingerprints(`x ${fingerprintMarker('ab'.repeat(16))} y ${fingerprintMarker('cd'.repeat(16))}`)).toEqual([
      'ab'.repeat(16),
      'cd'.repeat(16),
    ]);
    expect(markedFingerprints('<!-- secret-review:fingerprint=NOTHEX -->')).toEqual([]);
    expect(markedFingerprints(null)).toEqual([]);
  });
});

describe('review plan and body', () => {
  const commentable = new Map([['src/app.ts', [[1, 100] as const]]]);

  it('comments inline up to the limit, lists the rest and those outside the diff in the body', () => {
    const inDiff = [1, 2, 3].map((line) => finding({ startLine: line, endLine: line }));
    const outside = finding({ path: 'big.json', startLine: 5, endLine: 5 });
    const plan = planReview([...inDiff, outside], commentable, 2);
    expect(plan.comments.map((c) => c.finding)).toEqual(inDiff.slice(0, 2));
    expect(plan.listed.map((l) => l.reason)).toEqual(['limit', 'outside-diff']);

    const body = renderReviewBody({ inline: inDiff.slice(0, 2), listed: plan.listed, location: LOCATION, total: 6, checkRunUrl: 'https://github.com/octo/repo/runs/1' });
    expect(body).toContain('### Secret review: 4 new hard-coded credentials');
    expect(body).toContain('2 are commented inline below; the others are listed here.');
    expect(body).toContain('The pull request has 6 in all');
    expect(body).toContain('over the inline comment limit');
    expect(body).toContain('not on a line of the diff GitHub shows');
    expect(markedFingerprints(body)).toEqual(plan.listed.map((l) => l.finding.fingerprint));
    expect(body).toContain('[the `Secret review` check](https://github.com/octo/repo/runs/1)');
  });

  it('never comments inline with a zero limit', () => {
    const plan = planReview([finding({ startLine: 1, endLine: 1 })], commentable, 0);
    expect(plan.comments).toEqual([]);
    expect(plan.listed).toHaveLength(1);
  });
});
