import { describe, expect, it } from '@jest/globals';
import { FIX_ISSUE_ACTION, fixIssueMarker } from '../../src/report/fix-issue.js';
import { createFake } from '../support/fake.js';
import { useGitHub, verifyGitHub } from './setup.js';
import { setAuditSink } from '../../src/observability/audit.js';
import { addedFile, BOT, CHECK_ID, PR, pullRequestEvent, REPO_PATH, REPO_URL, requestedAction, type TestApp } from './harness.js';

const fake = createFake(4711);
const awsKey = () => 'AKIA' + fake.chars('A', 16);
const ISSUE = 17;

const app = useGitHub();
let t: TestApp;

function openIssues(t: TestApp, issues: readonly unknown[]): void {
  t.github.scope
    .get(`${REPO_PATH}/issues`)
    .query({ state: 'open', labels: 'secret-review', creator: BOT, per_page: '100' })
    .reply(200, issues as any[]);
}

describe('Open fix issue', () => {
  it('is offered on a failing pull-request check run', async () => {
    t = await app.start();
    const key = awsKey();
    t.github.pullRequestRun([addedFile('src/config.ts', [`export const keyId = "${key}";`])])
      .createReview();

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`);
    expect(complete?.json).toMatchObject({ conclusion: 'failure', actions: [FIX_ISSUE_ACTION] });
    expect(FIX_ISSUE_ACTION.label.length).toBeLessThanOrEqual(20);
    expect(FIX_ISSUE_ACTION.description.length).toBeLessThanOrEqual(40);
    expect(FIX_ISSUE_ACTION.identifier.length).toBeLessThanOrEqual(20);
  });

  it('is not offered on a passing check run', async () => {
    t = await app.start();
    t.github.pullRequestRun([addedFile('README.md', ['# Hello'])]);

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`);
    expect(complete?.json).toMatchObject({ conclusion: 'success', actions: [] });
  });

  it('opens one issue with a checklist per finding, then updates it on a second press', async () => {
    const key = awsKey();
    const file = addedFile('deploy/env.sh', ['export AWS_REGION=eu-west-1', `export AWS_ACCESS_KEY_ID=${key}`]);

    const audited: Record<string, unknown>[] = [];
    setAuditSink({ info: (obj) => audited.push(obj as Record<string, unknown>) });
    const issueAudits = () => audited.filter((a) => a['audit'] === 'remediation_issue.opened');

    // First press: no issue yet, one is created.
    t = await app.start();
    t.github.app().token().noConfig().prFiles([file]);
    openIssues(t, []);
    t.github.scope.post(`${REPO_PATH}/issues`).reply(201, (_uri, body) => ({
      id: 1700,
      number: ISSUE,
      state: 'open',
      html_url: `${REPO_URL}/issues/${ISSUE}`,
      ...(body as object),
      labels: [],
    }));

    await t.probot.receive(requestedAction());

    // The file is read once, so the remediation sees all of it.
    expect(t.github.sent('GET', `${REPO_PATH}/contents/deploy%2Fenv.sh`)).toHaveLength(1);
    const [created] = t.github.sent('POST', `${REPO_PATH}/issues`);
    const issue = created?.json as { title: string; body: string; labels: string[] };
    expect(issue.labels).toEqual(['secret-review']);
    expect(issue.title).toContain(`#${PR}`);
    expect(issue.body).toContain(fixIssueMarker(PR));
    expect(issue.body).toContain(`pull request #${PR}`);
    expect(issue.body.match(/- \[ \] /g)).toHaveLength(4);
    expect(issue.body).toContain('aws-access-key');
    expect(issue.body).toContain('deploy/env.sh:2');
    expect(issue.body).toContain('- [ ] Revoke or rotate the exposed credential now (it is in git history)');
    expect(issue.body).toContain('- [ ] Verify');
    expect(issue.body).toContain('- [ ] Optionally purge it from history (git filter-repo / BFG) and force-push; coordinate with collaborators');
    expect(issue.body).not.toContain('```suggestion');
    expect(issue.body).not.toContain(key);
    expect(JSON.stringify(t.github.requests)).not.toContain(key);
    expect(t.logs.join('')).not.toContain(key);
    const redacted = /`(AKIA[^`]*\*[^`]*)`/.exec(issue.body)?.[1];
    expect(redacted).toBeDefined();
    verifyGitHub(t.github);

    // Second press: the open issue with the marker is found and updated, no second one created.
    t = await app.start();
    t.github.app().token().noConfig().prFiles([file]);
    openIssues(t, [
      { id: 1600, number: 9, state: 'open', title: 'Another issue', body: fixIssueMarker(PR + 1), user: { login: BOT } },
      { id: 1700, number: ISSUE, state: 'open', title: issue.title, body: issue.body, user: { login: BOT } },
    ]);
    t.github.scope.patch(`${REPO_PATH}/issues/${ISSUE}`).reply(200, (_uri, body) => ({
      id: 1700,
      number: ISSUE,
      state: 'open',
      html_url: `${REPO_URL}/issues/${ISSUE}`,
      ...(body as object),
    }));

    await t.probot.receive(requestedAction());

    expect(t.github.sent('POST', `${REPO_PATH}/issues`)).toHaveLength(0);
    const [updated] = t.github.sent('PATCH', `${REPO_PATH}/issues/${ISSUE}`);
    const update = updated?.json as { title: string; body: string };
    expect(update.body).toContain(fixIssueMarker(PR));
    expect(update.body).toContain(redacted!);
    expect(update.body).not.toContain(key);

    // Both decisions are in the audit trail, with the issue and never the value.
    expect(issueAudits().map((a) => [a['issue'], a['updated']])).toEqual([
      [ISSUE, false],
      [ISSUE, true],
    ]);
    expect(JSON.stringify(audited)).not.toContain(key);
    setAuditSink(undefined);
  });

  it('does nothing for another action identifier or another check run', async () => {
    t = await app.start();
    await t.probot.receive(requestedAction('something-else'));
    await t.probot.receive(requestedAction(FIX_ISSUE_ACTION.identifier, 'Other check'));
    expect(t.github.requests).toEqual([]);
  });
});
