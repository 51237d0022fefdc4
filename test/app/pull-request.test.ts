import { describe, expect, it } from '@jest/globals';
import { createFake } from '../support/fake.js';
import { useGitHub, verifyGitHub } from './setup.js';
import {
  addedFile,
  BOT,
  CHECK_ID,
  HEAD,
  PR,
  pullRequestEvent,
  REPO_PATH,
  type TestApp,
} from './harness.js';

const fake = createFake(31);
const awsKey = () => 'AKIA' + fake.chars('A', 16);

const app = useGitHub();
let t: TestApp;

describe('pull_request', () => {
  it('reviews an opened pull request: one check run, one review with an inline comment', async () => {
    t = await app.start();
    const key = awsKey();
    t.github.pullRequestRun([addedFile('src/config.ts', ['export const region = "eu-west-1";', `export const keyId = "${key}";`])])
      .createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    const [create] = t.github.sent('POST', `${REPO_PATH}/check-runs`);
    expect(create?.json).toMatchObject({ name: 'Secret review', head_sha: HEAD, status: 'in_progress', external_id: `pull_request:${PR}` });
    const [complete] = t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`);
    expect(complete?.json).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: '1 secret found', annotations: [{ path: 'src/config.ts', start_line: 2, end_line: 2, annotation_level: 'failure' }] },
    });
    const summary = (complete?.json as { output: { summary: string } }).output.summary;
    expect(summary).toContain(`[src/config.ts:2](https://github.com/Codertocat/Hello-World/blob/${HEAD}/src/config.ts#L2)`);
    expect(summary).toContain('aws-access-key');
    expect(summary).toContain('replace');

    const [review] = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`);
    const body = review?.json as { event: string; commit_id: string; comments: { path: string; line: number; side: string; body: string }[] };
    expect(body.event).toBe('COMMENT');
    expect(body.commit_id).toBe(HEAD);
    expect(body.comments).toHaveLength(1);
    expect(body.comments[0]).toMatchObject({ path: 'src/config.ts', line: 2, side: 'RIGHT' });
    expect(body.comments[0]!.body).toMatch(/<!-- secret-review:fingerprint=[0-9a-f]{32} -->/);
    expect(body.comments[0]!.body).toContain('IAM role');
    expect(JSON.stringify(t.github.requests)).not.toContain(key);
  });

  it('suggests the edit that removes the secret, as a suggestion block on its line', async () => {
    t = await app.start();
    const key = awsKey();
    t.github.pullRequestRun([addedFile('.env', ['AWS_REGION=eu-west-1', `AWS_ACCESS_KEY_ID=${key}`])])
      .createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    const [review] = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`);
    const [comment] = (review?.json as { comments: { path: string; line: number; start_line?: number; body: string }[] }).comments;
    expect(comment).toMatchObject({ path: '.env', line: 2 });
    expect(comment).not.toHaveProperty('start_line');
    expect(comment!.body).toMatch(/```suggestion\nAWS_ACCESS_KEY_ID=.*\n```/);
    expect(comment!.body).toContain('- [ ] Revoke now');
    expect(review!.body).not.toContain(key);
  });

  it('reads each file it comments on once, so the suggested edit sees the whole file', async () => {
    t = await app.start();
    const key = awsKey();
    // Only the whole file shows that the line sits in a `const (...)` group, which cannot hold a call.
    t.github.pullRequestRun([addedFile('pay/aws.go', ['package pay', '', 'const (', `\tkeyID = "${key}"`, ')'])]).createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    expect(t.github.sent('GET', `${REPO_PATH}/contents/pay%2Faws.go`)).toHaveLength(1);
    const [review] = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`);
    const [comment] = (review?.json as { comments: { body: string }[] }).comments;
    expect(comment!.body).toContain('`const (...)` block');
    expect(comment!.body).not.toContain('```suggestion');
    expect(JSON.stringify(t.github.requests)).not.toContain(key);
  });

  it('gives a pull request without findings a passing check and no review', async () => {
    t = await app.start();
    t.github.pullRequestRun([addedFile('README.md', ['# Hello', 'No secrets here.'])]);

    await t.probot.receive(pullRequestEvent('reopened'));

    const [complete] = t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`);
    expect(complete?.json).toMatchObject({ conclusion: 'success', output: { title: 'No secrets found' } });
    expect((complete?.json as { output: object }).output).not.toHaveProperty('annotations');
    expect(t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)).toHaveLength(0);
  });

  it('does not comment twice on a finding already commented on an earlier push', async () => {
    // First run: learn the comment the app posts.
    t = await app.start();
    const key = awsKey();
    const file = addedFile('deploy/env.sh', [`export AWS_ACCESS_KEY_ID=${key}`]);
    t.github.pullRequestRun([file]).createReview();
    await t.probot.receive(pullRequestEvent('opened'));
    const posted = (t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)[0]?.json as { comments: { body: string }[] }).comments[0]!;
    verifyGitHub(t.github);

    // Second run (synchronize): the comment is there; the check still fails, no new review.
    t = await app.start();
    t.github
      .app()
      .token()
      .checkRuns(HEAD, [{ id: CHECK_ID, status: 'completed', conclusion: 'failure' }])
      .updateCheck(CHECK_ID, 2)
      .noConfig()
      .prFiles([file])
      .prior([{ id: 501, body: posted.body, user: { login: BOT, type: 'Bot' }, path: 'deploy/env.sh', line: 1 }]);
    await t.probot.receive(pullRequestEvent('synchronize'));

    const updates = t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`);
    expect(updates.map((u) => (u.json as { status?: string }).status)).toEqual(['in_progress', 'completed']);
    expect(updates[1]?.json).toMatchObject({ conclusion: 'failure' });
    expect(t.github.sent('POST', `${REPO_PATH}/check-runs`)).toHaveLength(0);
    expect(t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`)).toHaveLength(0);
  });

  it('turns the check green, resolves the thread and dismisses its request for changes when a later push removed the secret', async () => {
    t = await app.start();
    const fingerprint = 'f'.repeat(32);
    t.github
      .newRun()
      .noConfig()
      .prFiles([addedFile('deploy/env.sh', ['export AWS_REGION=eu-west-1'])])
      .updateCheck()
      .prior(
        [
          { id: 501, body: `found it\n<!-- secret-review:fingerprint=${fingerprint} -->`, user: { login: BOT } },
          { id: 502, body: `someone else <!-- secret-review:fingerprint=${'e'.repeat(32)} -->`, user: { login: 'mallory' } },
        ],
        [
          { id: 71, state: 'CHANGES_REQUESTED', body: 'secrets', user: { login: BOT } },
          { id: 72, state: 'CHANGES_REQUESTED', body: 'me too', user: { login: 'mallory' } },
          { id: 73, state: 'COMMENTED', body: 'earlier', user: { login: BOT } },
        ],
      );
    t.github.scope.put(`${REPO_PATH}/pulls/${PR}/reviews/71/dismissals`).reply(200, { id: 71, state: 'DISMISSED' });
    t.github.scope
      .post('/graphql', (body: { query: string }) => body.query.includes('reviewThreads'))
      .reply(200, {
        data: {
          repository: {
            pullRequest: {
              reviewThreads: {
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: [
                  { id: 'THREAD_501', isResolved: false, comments: { nodes: [{ databaseId: 501 }] } },
                  { id: 'THREAD_502', isResolved: false, comments: { nodes: [{ databaseId: 502 }] } },
                ],
              },
            },
          },
        },
      });
    t.github.scope
      .post('/graphql', (body: { query: string }) => body.query.includes('resolveReviewThread'))
      .reply(200, { data: { r0: { thread: { id: 'THREAD_501', isResolved: true } } } });

    await t.probot.receive(pullRequestEvent('synchronize'));

    const [complete] = t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`);
    expect(complete?.json).toMatchObject({ conclusion: 'success' });
    const mutation = t.github.sent('POST', '/graphql').map((r) => r.json as { query: string; variables: Record<string, string> })[1]!;
    expect(mutation.query).toContain('resolveReviewThread');
    expect(mutation.variables).toEqual({ t0: 'THREAD_501' });
    // The app's own earlier "changes requested" no longer blocks the merge.
    const [dismissal] = t.github.sent('PUT', `${REPO_PATH}/pulls/${PR}/reviews/71/dismissals`);
    expect(dismissal?.json).toMatchObject({ event: 'DISMISS', message: expect.stringContaining(HEAD.slice(0, 12)) });
  });

  it('replies "Fixed in <sha>" when GitHub refuses to resolve the thread', async () => {
    t = await app.start();
    t.github
      .newRun()
      .noConfig()
      .prFiles([addedFile('notes.txt', ['nothing to see'])])
      .updateCheck()
      .prior([{ id: 501, body: `<!-- secret-review:fingerprint=${'f'.repeat(32)} -->`, user: { login: BOT } }]);
    t.github.scope.post('/graphql').reply(403, { message: 'Resource not accessible by integration' });
    t.github.scope.post(`${REPO_PATH}/pulls/${PR}/comments/501/replies`).reply(201, { id: 601 });

    await t.probot.receive(pullRequestEvent('synchronize'));

    const [reply] = t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/comments/501/replies`);
    expect((reply?.json as { body: string }).body).toContain(`Fixed in ${HEAD.slice(0, 12)}`);
  });
});
