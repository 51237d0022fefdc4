/**
 * Figures: the GitHub API calls one review makes, and the app-side time from webhook to completed
 * check run, for a 20-file and a 3000-file pull request (GitHub played by nock). The call counts are
 * asserted, so a change that adds calls per file shows up here: a handful for a typical pull request,
 * linear in files/100 (pages), findings/50 (annotation batches) and files commented inline (one content
 * read each, at most review.maxComments) for large ones.
 */
import { describe, expect, it } from '@jest/globals';
import { createFake } from '../support/fake.js';
import { addedFile, pullRequestEvent, type TestApp } from './harness.js';
import { useGitHub } from './setup.js';

const fake = createFake(83);
const app = useGitHub();
let t: TestApp;

async function review(files: number, findings: number) {
  t = await app.start();
  const list = Array.from({ length: files }, (_, i) =>
    addedFile(`src/file-${i}.ts`, i < findings ? [`const key = "AKIA${fake.chars('A', 16)}";`] : [`export const n = ${i};`]),
  );
  const batches = Math.ceil(Math.min(findings, 500) / 50);
  t.github.pullRequestRun(list, { updates: Math.max(1, batches) });
  if (findings > 0) t.github.createReview();
  const started = performance.now();
  await t.probot.receive(pullRequestEvent('synchronize', { changedFiles: files }));
  const ms = performance.now() - started;
  const calls = t.github.requests.length;
  const writes = t.github.requests.filter((r) => r.method !== 'GET').length;
  process.stdout.write(`figures: ${files} files, ${findings} findings: ${calls} API calls (${writes} writes, 1 of them the token), ${ms.toFixed(0)} ms app-side\n`);
  return { calls, writes };
}

describe('API calls per review', () => {
  it('a typical pull request (20 files, 2 findings) takes a handful', async () => {
    // app, token, list checks, create, config x2, files, complete, comments, reviews, the 2 commented
    // files' contents (for the suggested edits), review
    expect(await review(20, 2)).toEqual({ calls: 13, writes: 4 });
  });

  it('a 3000-file pull request grows with pages of 100 files and batches of 50 annotations', async () => {
    // 10 calls of the typical case without contents and review, + 29 more pages of files
    expect(await review(3000, 0)).toEqual({ calls: 39, writes: 3 });
  });

  it('findings add one write per 50 annotations beyond the first 50', async () => {
    // typical without contents (11) + 2 more pages of files + 2 more annotation batches + the contents
    // of the 30 files commented inline (review.maxComments)
    expect(await review(300, 120)).toEqual({ calls: 45, writes: 6 });
  });
});
