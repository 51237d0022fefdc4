import { describe, expect, it } from '@jest/globals';
import {
  commitKey,
  jobFromPullRequest,
  jobFromPush,
  jobFromRerun,
  rerunFromCheckRun,
  rerunFromCheckSuite,
  ZERO_SHA,
} from '../../src/github/job.js';
import { checkRunRerequested, checkSuiteRerequested, pullRequestEvent, pushEvent, BASE, HEAD } from '../app/harness.js';

describe('jobs from events', () => {
  it('a pull request: its head, base and number', () => {
    const r = jobFromPullRequest(pullRequestEvent('synchronize', { changedFiles: 12 }).payload);
    expect(r).toEqual({
      job: {
        repository: { owner: 'Codertocat', repo: 'Hello-World', installationId: 1, url: 'https://github.com/Codertocat/Hello-World', defaultBranch: 'master' },
        headSha: HEAD,
        range: { type: 'pull', number: 2, baseSha: BASE, changedFiles: 12 },
        trigger: 'pull_request.synchronize',
        // who sent the webhook: the audit trail's actor
        sender: 'Codertocat',
      },
    });
    expect(commitKey((r as { job: Parameters<typeof commitKey>[0] }).job)).toBe(`Codertocat/Hello-World@${HEAD}`);
  });

  it('a closed pull request or a payload without installation: no job', () => {
    const closed = pullRequestEvent('opened').payload;
    closed.pull_request.state = 'closed';
    expect(jobFromPullRequest(closed)).toHaveProperty('skip');
    const orphan = pullRequestEvent('opened').payload;
    delete orphan.installation;
    expect(jobFromPullRequest(orphan)).toEqual({ skip: 'no installation in the payload' });
  });

  it('a push: the pushed range; a new branch: from the default branch', () => {
    expect(jobFromPush(pushEvent().payload)).toMatchObject({ job: { headSha: HEAD, range: { type: 'compare', base: BASE }, trigger: 'push' } });
    expect(jobFromPush(pushEvent({ before: ZERO_SHA, created: true }).payload)).toMatchObject({ job: { range: { type: 'compare', base: 'master' } } });
  });

  it('tags, deletions and the first push of the default branch: no job', () => {
    expect(jobFromPush(pushEvent({ ref: 'refs/tags/v1' }).payload)).toHaveProperty('skip');
    expect(jobFromPush(pushEvent({ after: ZERO_SHA, deleted: true }).payload)).toHaveProperty('skip');
    expect(jobFromPush(pushEvent({ ref: 'refs/heads/master', before: ZERO_SHA, created: true }).payload)).toHaveProperty('skip');
  });

  it('re-runs: the pull request when there is one, else the suite\'s range', () => {
    const suite = rerunFromCheckSuite(checkSuiteRerequested([{ number: 2, head: HEAD, base: BASE }]).payload);
    expect('skip' in suite).toBe(false);
    if ('skip' in suite) return;
    expect(jobFromRerun(suite, suite.pullRequests[0])).toMatchObject({ range: { type: 'pull', number: 2, baseSha: BASE } });
    expect(jobFromRerun(suite, undefined)).toMatchObject({ range: { type: 'compare', base: BASE } });
    expect(jobFromRerun({ ...suite, before: ZERO_SHA }, undefined)).toMatchObject({ range: { type: 'compare', base: 'master' } });

    expect(rerunFromCheckRun(checkRunRerequested().payload, 'Secret review', 4242)).toMatchObject({ headSha: HEAD, before: BASE });
    expect(rerunFromCheckRun(checkRunRerequested('lint').payload, 'Secret review', 4242)).toHaveProperty('skip');
    expect(rerunFromCheckRun(checkRunRerequested('Secret review', 7).payload, 'Secret review', 4242)).toHaveProperty('skip');
  });
});
