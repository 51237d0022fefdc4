import { describe, expect, it } from '@jest/globals';
import { ZERO_SHA } from '../../src/github/job.js';
import { createFake } from '../support/fake.js';
import {
  addedFile,
  BASE,
  CHECK_ID,
  checkRunRerequested,
  checkSuiteRerequested,
  HEAD,
  installationEvent,
  PR,
  pushEvent,
  REPO_PATH,
  type TestApp,
} from './harness.js';
import { useGitHub } from './setup.js';

const fake = createFake(53);
const awsKey = () => 'AKIA' + fake.chars('A', 16);
const app = useGitHub();
let t: TestApp;


function compare(base: string, files: unknown[]) {
  t.github.scope
    .get(`${REPO_PATH}/compare/${base}...${HEAD}`)
    .reply(200, { status: 'ahead', merge_base_commit: { sha: BASE }, total_commits: 1, files });
}

function associatedPulls(pulls: unknown[] = []) {
  t.github.scope.get(`${REPO_PATH}/commits/${HEAD}/pulls`).query(true).reply(200, pulls);
}

describe('push', () => {
  it('reviews the pushed range with a check run on the pushed commit, and posts no review', async () => {
    t = await app.start();
    t.github.newRun().noConfig().updateCheck();
    associatedPulls();
    compare(BASE, [addedFile('ci/deploy.sh', [`export AWS_ACCESS_KEY_ID=${awsKey()}`])]);

    await t.probot.receive(pushEvent());

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'failure', output: { annotations: [{ path: 'ci/deploy.sh' }] } });
    expect(complete!.output!.summary).toContain(`pushed in \`${BASE.slice(0, 7)}...${HEAD.slice(0, 7)}\``);
    expect(t.github.sent('POST', /\/reviews$/)).toHaveLength(0);
  });

  it('reviews a new branch against the default branch', async () => {
    t = await app.start();
    t.github.newRun().noConfig().updateCheck();
    associatedPulls();
    compare('master', [addedFile('a.txt', ['hello'])]);

    await t.probot.receive(pushEvent({ before: ZERO_SHA, created: true }));

    expect(t.github.sent('GET', `${REPO_PATH}/compare/master...${HEAD}`)).toHaveLength(1);
    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json).toMatchObject({ conclusion: 'success' });
  });

  it('leaves a commit that heads an open pull request to the pull request event', async () => {
    t = await app.start();
    t.github.token();
    associatedPulls([
      { number: 1, state: 'closed', head: { sha: HEAD }, base: { sha: BASE } },
      { number: PR, state: 'open', head: { sha: HEAD }, base: { sha: BASE } },
    ]);

    await t.probot.receive(pushEvent());

    expect(t.github.sent('POST', `${REPO_PATH}/check-runs`)).toHaveLength(0);
  });

  it('leaves the commit to its pull-request review when one already owns the check run (a push racing the pull request)', async () => {
    t = await app.start();
    t.github.app().token().checkRuns(HEAD, [{ id: CHECK_ID, status: 'completed', conclusion: 'failure', external_id: `pull_request:${PR}` }]);
    associatedPulls([]);

    await t.probot.receive(pushEvent());

    expect(t.github.requests.filter((r) => r.method !== 'GET' && !r.path.includes('access_tokens'))).toEqual([]);
  });

  it.each([
    ['a tag push', { ref: 'refs/tags/v1.0.0' }],
    ['a branch deletion', { after: ZERO_SHA, deleted: true }],
  ])('ignores %s without calling GitHub', async (_name, changes) => {
    t = await app.start();
    await t.probot.receive(pushEvent(changes));
    expect(t.github.requests).toEqual([]);
  });
});

describe('re-runs', () => {
  it('check_suite rerequested: reviews the pull request again, reusing the check run', async () => {
    t = await app.start();
    t.github
      .app()
      .token()
      .checkRuns(HEAD, [{ id: CHECK_ID, status: 'completed', conclusion: 'failure' }])
      .updateCheck(CHECK_ID, 2)
      .noConfig()
      .prFiles([addedFile('a.txt', ['hello'])])
      .prior();

    await t.probot.receive(checkSuiteRerequested([{ number: PR, head: HEAD, base: BASE }]));

    const updates = t.github.checkUpdates();
    expect(updates.map((u) => u.status)).toEqual(['in_progress', 'completed']);
    expect(updates[1]).toMatchObject({ conclusion: 'success' });
    expect(t.github.sent('POST', `${REPO_PATH}/check-runs`)).toHaveLength(0);
  });

  it('check_run rerequested without a pull request: compares from the suite\'s "before" commit', async () => {
    t = await app.start();
    // GitHub keeps a completed run completed: the app then starts a new one, shown in its place.
    t.github
      .app()
      .token()
      .checkRuns(HEAD, [{ id: 17, status: 'completed', conclusion: 'neutral' }])
      .updateCheck(17, 1, 'completed')
      .createCheck(CHECK_ID)
      .noConfig()
      .updateCheck(CHECK_ID);
    associatedPulls([]);
    compare(BASE, [addedFile('a.txt', ['hello'])]);

    await t.probot.receive(checkRunRerequested());

    expect(t.github.sent('POST', `${REPO_PATH}/check-runs`)).toHaveLength(1);
    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json).toMatchObject({ conclusion: 'success' });
  });

  it('check_run rerequested for a fork\'s pull request: found through the number the check run kept', async () => {
    t = await app.start();
    t.github
      .app()
      .token()
      .checkRuns(HEAD, [{ id: CHECK_ID, status: 'in_progress', external_id: `pull_request:${PR}` }])
      .updateCheck(CHECK_ID, 2)
      .noConfig()
      .prFiles([addedFile('a.txt', ['hello'])])
      .prior();
    t.github.scope.get(`${REPO_PATH}/pulls/${PR}`).reply(200, { number: PR, state: 'open', head: { sha: HEAD }, base: { sha: BASE } });

    await t.probot.receive(checkRunRerequested('Secret review', undefined, `pull_request:${PR}`));

    expect(t.github.sent('GET', `${REPO_PATH}/pulls/${PR}/files`)).toHaveLength(1);
    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[1]?.json).toMatchObject({ conclusion: 'success' });
  });

  it('check_run rerequested for another check is not ours to run: not even queued, no GitHub call', async () => {
    t = await app.start();
    await t.probot.receive(checkRunRerequested('build'));
    expect(t.github.requests).toEqual([]);
  });
});

describe('installation events', () => {
  it('are handled quietly: no GitHub calls, nothing logged above debug', async () => {
    t = await app.start();
    await t.probot.receive(installationEvent('created'));
    await t.probot.receive(installationEvent('deleted'));
    expect(t.github.requests).toEqual([]);
    const levels = t.logs.map((l) => (JSON.parse(l) as { level: number }).level);
    expect(levels.filter((l) => l > 20)).toEqual([]);
  });
});

describe('racing events on one commit', () => {
  it('share one check run: the second run completes the first one\'s run again', async () => {
    t = await app.start();
    t.github
      .newRun()
      .updateCheck(CHECK_ID, 3)
      .checkRuns(HEAD, [{ id: CHECK_ID, status: 'completed', conclusion: 'success' }])
      .noConfig()
      .noConfig()
      .prFiles([addedFile('a.txt', ['hello'])])
      .prFiles([addedFile('a.txt', ['hello'])])
      .prior()
      .prior();
    const { pullRequestEvent } = await import('./harness.js');

    await Promise.all([t.probot.receive(pullRequestEvent('opened')), t.probot.receive(pullRequestEvent('synchronize'))]);

    expect(t.github.sent('POST', `${REPO_PATH}/check-runs`)).toHaveLength(1);
    const statuses = t.github.checkUpdates().map((u) => u.status);
    expect(statuses).toEqual(['completed', 'in_progress', 'completed']);
  });
});
