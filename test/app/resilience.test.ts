/**
 * GitHub failing: 5xx answers are retried with backoff, rate limits (primary and secondary, 403 and
 * 429) wait and retry, and a review that cannot finish still completes its check run, neutral.
 * Throttling is on here, with Bottleneck groups that do not space writes, and delays in milliseconds.
 */
import { describe, expect, it } from '@jest/globals';
import Bottleneck from 'bottleneck';
import { createFake } from '../support/fake.js';
import { addedFile, CHECK_ID, PR, pullRequestEvent, REPO_PATH, type TestApp } from './harness.js';
import { useGitHub } from './setup.js';

const fake = createFake(61);
const app = useGitHub();
let t: TestApp;

/** Throttling as in production, minus the 1 s (writes) and 3 s (notifications) spacing. */
function throttled(extra: Record<string, unknown> = {}) {
  const group = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  return {
    policy: {
      throttle: true,
      baseDelayMs: 1,
      throttleOptions: { write: group(), notifications: group(), ...extra },
    },
  };
}


const secondaryLimit = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

describe('GitHub failing', () => {
  it('retries 5xx answers with backoff', async () => {
    t = await app.start();
    t.github.newRun().noConfig().updateCheck().prior();
    t.github.scope.get(`${REPO_PATH}/pulls/${PR}/files`).query(true).reply(502, 'Bad Gateway');
    t.github.scope.get(`${REPO_PATH}/pulls/${PR}/files`).query(true).reply(500, { message: 'Server Error' });
    t.github.prFiles([addedFile('a.txt', ['hello'])]);

    await t.probot.receive(pullRequestEvent('opened'));

    expect(t.github.sent('GET', `${REPO_PATH}/pulls/${PR}/files`)).toHaveLength(3);
    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json).toMatchObject({ conclusion: 'success' });
  });

  it('completes the check neutral with the reason when GitHub keeps failing', async () => {
    t = await app.start();
    t.github.newRun().noConfig().updateCheck();
    t.github.scope.get(`${REPO_PATH}/pulls/${PR}/files`).query(true).times(3).reply(503, { message: 'Service Unavailable' });

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'GitHub API error' } });
    expect(complete!.output!.summary).toContain(`GitHub answered 503 to \`GET ${REPO_PATH}/pulls/${PR}/files\``);
    expect(t.logs.some((l) => l.includes('"msg":"review failed"'))).toBe(true);
  });

  it('waits out a secondary rate limit (403, retry-after) and retries the write', async () => {
    t = await app.start(throttled());
    t.github.app().token().checkRuns();
    t.github.scope.post(`${REPO_PATH}/check-runs`).reply(403, secondaryLimit, { 'retry-after': '2' });
    t.github.createCheck().noConfig().prFiles([addedFile('a.txt', ['hello'])]).updateCheck().prior();

    await t.probot.receive(pullRequestEvent('opened'));

    expect(t.github.sent('POST', `${REPO_PATH}/check-runs`)).toHaveLength(2);
    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json).toMatchObject({ conclusion: 'success' });
    expect(t.logs.some((l) => l.includes('Secondary rate limit on POST') && l.includes('retrying in 2s'))).toBe(true);
  });

  it('waits for the primary rate limit reset (429) and retries', async () => {
    t = await app.start(throttled());
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    t.github.newRun().noConfig().updateCheck().prior();
    t.github.scope
      .get(`${REPO_PATH}/pulls/${PR}/files`)
      .query(true)
      .reply(429, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
    t.github.prFiles([addedFile('a.txt', ['hello'])]);

    await t.probot.receive(pullRequestEvent('opened'));

    expect(t.github.sent('GET', `${REPO_PATH}/pulls/${PR}/files`)).toHaveLength(2);
    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json).toMatchObject({ conclusion: 'success' });
  });

  it('gives up on a rate limit longer than it accepts, and says so in a neutral check', async () => {
    t = await app.start({ policy: { ...throttled().policy, maxRateLimitWaitSeconds: 60 } });
    t.github.newRun().noConfig().updateCheck();
    t.github.scope.get(`${REPO_PATH}/pulls/${PR}/files`).query(true).reply(403, secondaryLimit, { 'retry-after': '3600' });

    await t.probot.receive(pullRequestEvent('opened'));

    const [complete] = t.github.checkUpdates();
    expect(complete).toMatchObject({ conclusion: 'neutral', output: { title: 'GitHub rate limit' } });
  });

  it('keeps the verdict when only the review cannot be posted', async () => {
    t = await app.start();
    t.github.pullRequestRun([addedFile('a.env', [`A=AKIA${fake.chars('A', 16)}`])]);
    t.github.scope.post(`${REPO_PATH}/pulls/${PR}/reviews`).times(3).reply(500, { message: 'Server Error' });

    await t.probot.receive(pullRequestEvent('opened'));

    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json).toMatchObject({ conclusion: 'failure' });
    expect(t.logs.some((l) => l.includes('could not publish the review'))).toBe(true);
  });
});
