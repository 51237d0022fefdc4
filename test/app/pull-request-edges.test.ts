import { describe, expect, it } from '@jest/globals';
import { createFake } from '../support/fake.js';
import {
  addedFile,
  BASE,
  HEAD,
  modifiedFile,
  PR,
  pullRequestEvent,
  REPO_PATH,
  type TestApp,
} from './harness.js';
import { useGitHub } from './setup.js';

const fake = createFake(47);
const awsKey = () => 'AKIA' + fake.chars('A', 16);
const app = useGitHub();
let t: TestApp;

interface ReviewBody {
  event: string;
  body: string;
  comments: { path: string; line: number; start_line?: number; side: string; start_side?: string; body: string }[];
}

describe('pull_request: large and unusual changes', () => {
  it('sends more than 50 annotations in batches and lists comments over the limit in the review body', async () => {
    t = await app.start();
    const lines = Array.from({ length: 120 }, (_, i) => `key_${i} = "${awsKey()}"`);
    t.github.pullRequestRun([addedFile('keys.env', lines)], { config: 'review:\n  maxComments: 5\n', updates: 3 })
      .createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    const updates = t.github.checkUpdates();
    expect(updates.map((u) => u.output?.annotations?.length)).toEqual([50, 50, 20]);
    expect(updates[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '120 secrets found' } });
    expect(updates[1]).not.toHaveProperty('status');
    const review = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)[0]?.json as ReviewBody;
    expect(review.comments).toHaveLength(5);
    expect(review.body).toContain('120 new hard-coded credentials');
    expect(review.body.match(/over the inline comment limit/g)).toHaveLength(115);
    // Each body entry carries its fingerprint, so the next push does not list it again.
    expect(review.body.match(/secret-review:fingerprint=/g)).toHaveLength(115);
  });

  it('comments on a private key as a multi-line range on the head side', async () => {
    t = await app.start();
    const pem = fake.pem('RSA PRIVATE KEY', 6).split('\n');
    t.github.pullRequestRun([modifiedFile('deploy/id_rsa.txt', 10, pem)])
      .createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    const review = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)[0]?.json as ReviewBody;
    expect(review.comments).toEqual([
      expect.objectContaining({ path: 'deploy/id_rsa.txt', start_line: 11, line: 11 + pem.length - 1, side: 'RIGHT', start_side: 'RIGHT' }),
    ]);
    expect(review.comments[0]!.body).toContain('Session Manager');
  });

  it('reviews a file GitHub lists without a patch by diffing its contents, and skips binary files', async () => {
    t = await app.start();
    const key = awsKey();
    const base = Array.from({ length: 400 }, (_, i) => `line ${i}`);
    const head = [...base.slice(0, 200), `aws_access_key_id = ${key}`, ...base.slice(200)];
    const mergeBase = 'c'.repeat(40);
    t.github.pullRequestRun([
        { sha: 'd'.repeat(40), filename: 'data/big.ini', status: 'modified', additions: 1, deletions: 0, changes: 1 },
        { sha: 'e'.repeat(40), filename: 'img/logo.png', status: 'added', additions: 0, deletions: 0, changes: 0 },
        { sha: 'f'.repeat(40), filename: 'old.txt', status: 'removed', additions: 0, deletions: 3, changes: 3, patch: '@@ -1,3 +0,0 @@\n-a\n-b\n-c' },
      ])
      .createReview();
    t.github.scope
      .get(`${REPO_PATH}/compare/${BASE}...${HEAD}`)
      .query({ per_page: '1' })
      .reply(200, { merge_base_commit: { sha: mergeBase }, files: [] });
    t.github.scope
      .get(`${REPO_PATH}/contents/data%2Fbig.ini`)
      .query({ ref: HEAD })
      .reply(200, head.join('\n') + '\n', { 'content-type': 'text/plain; charset=utf-8' });
    t.github.scope
      .get(`${REPO_PATH}/contents/data%2Fbig.ini`)
      .query({ ref: mergeBase })
      .reply(200, base.join('\n') + '\n', { 'content-type': 'text/plain; charset=utf-8' });

    await t.probot.receive(pullRequestEvent('opened', { changedFiles: 3 }));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'failure', output: { annotations: [{ path: 'data/big.ini', start_line: 201 }] } });
    expect(complete!.output!.summary).toContain('1 binary file skipped');
    // GitHub shows no diff for the file, so the finding is listed in the review body.
    const review = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)[0]?.json as ReviewBody;
    expect(review.comments).toEqual([]);
    expect(review.body).toContain('not on a line of the diff GitHub shows');
  });

  it('reads all 3000 files GitHub lists (30 pages) and says when the pull request has more', async () => {
    t = await app.start();
    const files = Array.from({ length: 3000 }, (_, i) => addedFile(`src/module-${String(i).padStart(4, '0')}.ts`, [`export const n${i} = ${i};`]));
    t.github.pullRequestRun(files);

    await t.probot.receive(pullRequestEvent('synchronize', { changedFiles: 3500 }));

    expect(t.github.sent('GET', `${REPO_PATH}/pulls/${PR}/files`)).toHaveLength(30);
    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'success' });
    expect(complete!.output!.summary).toContain('3000 changed files');
    expect(complete!.output!.summary).toContain('GitHub lists at most 3000 files of a change and this one has 3500; the other 500 were not reviewed');
  });

  it('still posts the other comments when GitHub rejects one (422)', async () => {
    t = await app.start();
    const first = addedFile('a.env', [`A=${awsKey()}`]);
    const second = addedFile('b.env', [`B=${awsKey()}`]);
    t.github.pullRequestRun([first, second])
      .createReview(PR, 422, {
        message: 'Unprocessable Entity',
        errors: ['Pull request review thread line must be part of the diff'],
        documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
      })
      // GitHub's current diff no longer shows b.env's line (the base moved, say).
      .prFiles([first, { ...second, status: 'modified', patch: '@@ -5,1 +5,1 @@\n-B=old\n+B=other' }])
      .createReview();

    await t.probot.receive(pullRequestEvent('opened', { changedFiles: 2 }));

    const [rejected, accepted] = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`).map((r) => r.json as ReviewBody);
    expect(rejected!.comments.map((c) => c.path)).toEqual(['a.env', 'b.env']);
    expect(accepted!.comments.map((c) => c.path)).toEqual(['a.env']);
    expect(accepted!.body).toContain('GitHub refused the inline comment');
    expect(accepted!.body).toContain('b.env:1');
  });

  it('falls back to a review without inline comments when GitHub keeps rejecting them', async () => {
    t = await app.start();
    const file = addedFile('a.env', [`A=${awsKey()}`]);
    const refusal = { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] };
    t.github.pullRequestRun([file])
      .createReview(PR, 422, refusal)
      .prFiles([file])
      .createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    const reviews = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`).map((r) => r.json as ReviewBody);
    expect(reviews.map((r) => r.comments.length)).toEqual([1, 0]);
    expect(reviews[1]!.body).toContain('a.env:1');
  });

  it('requests changes when configured', async () => {
    t = await app.start();
    t.github.pullRequestRun([addedFile('a.env', [`A=${awsKey()}`])], { config: 'review:\n  event: REQUEST_CHANGES\n' })
      .createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    expect(t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)[0]?.json).toMatchObject({ event: 'REQUEST_CHANGES' });
  });

  it('completes the check neutral, naming the key and the reason, for an invalid configuration', async () => {
    t = await app.start();
    t.github
      .newRun()
      .config('failOn: sometimes\n')
      .updateCheck();

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'Invalid configuration' } });
    expect(complete!.output!.summary).toContain('`failOn`: must be one of low, medium, high, critical');
    expect(t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)).toHaveLength(0);
  });

  it('uses the organization\'s defaults from its .github repository when the repository has no file', async () => {
    t = await app.start();
    t.github.newRun();
    t.github.scope.get(`${REPO_PATH}/contents/.github%2Fsecret-review.yml`).reply(404, { message: 'Not Found' });
    t.github.scope
      .get('/repos/Codertocat/.github/contents/.github%2Fsecret-review.yml')
      .reply(200, 'paths:\n  ignore: ["vendor/**"]\n', { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    t.github.prFiles([addedFile('vendor/lib/keys.env', [`A=${awsKey()}`])]).updateCheck().prior();

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'success' });
    expect(complete!.output!.summary).toContain('1 finding suppressed (1 path)');
  });

  it('says when the configuration file is not YAML', async () => {
    t = await app.start();
    t.github.newRun().config('paths: [unclosed\n').updateCheck();

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'neutral', output: { title: 'Invalid configuration' } });
    expect(complete!.output!.summary).toContain('invalid YAML');
  });

  it('names a custom rule whose pattern could backtrack catastrophically', async () => {
    t = await app.start();
    const yaml = [
      'rules:',
      '  custom:',
      '    - id: bad-rule',
      '      kind: api-key',
      '      keywords: [token]',
      "      pattern: 'token=(a+)+$'",
    ].join('\n');
    t.github.newRun().config(yaml).updateCheck();

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'neutral' });
    expect(complete!.output!.summary).toContain('`rules.custom[0].pattern`');
    expect(complete!.output!.summary).toContain('backtrack');
  });

  it('applies the configuration: ignored paths and disabled rules are counted as suppressed', async () => {
    t = await app.start();
    t.github.pullRequestRun([addedFile('fixtures/keys.env', [`A=${awsKey()}`]), addedFile('src/ok.ts', ['export {};'])], { config: 'paths:\n  ignore: ["fixtures/**"]\n' });

    await t.probot.receive(pullRequestEvent('opened', { changedFiles: 2 }));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'success', output: { title: 'No secrets found' } });
    expect(complete!.output!.summary).toContain('1 finding suppressed (1 path)');
    expect(complete!.output!.text).toContain('path ignored by');
    expect(t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)).toHaveLength(0);
  });
});
