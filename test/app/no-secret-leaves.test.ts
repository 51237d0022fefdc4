/**
 * No raw secret leaves the process: a pull request full of credentials of several kinds, reviewed with
 * every log line captured at trace level (Probot logs request bodies at debug), through the paths
 * that put most text on the wire: check run, annotations, review, a 422 and its retry, a neutral end.
 */
import { describe, expect, it } from '@jest/globals';
import { evidenceOf } from '../../src/detect/finding.js';
import { Scanner } from '../../src/detect/scanner.js';
import { createFake } from '../support/fake.js';
import { addedFile, CHECK_ID, PR, pullRequestEvent, REPO_PATH, type TestApp } from './harness.js';
import { useGitHub } from './setup.js';

const fake = createFake(71);
const app = useGitHub();
let t: TestApp;

function plantedFiles() {
  const lines = [
    `aws_access_key_id = AKIA${fake.chars('A', 16)}`,
    `aws_secret_access_key = ${fake.chars('b64', 40).replace(/[+/]/g, 'x')}`,
    `GITHUB_TOKEN=${fake.githubToken('ghp')}`,
    `NPM_TOKEN=${fake.npmToken()}`,
    `DATABASE_URL=postgres://app:${fake.chars('aA0', 24)}@db.internal:5432/app`,
    `password = "${fake.chars('aA0', 20)}"`,
    ...fake.pem('RSA PRIVATE KEY', 8).split('\n'),
  ];
  // What the engine itself finds in them: every raw value that must never be sent or logged.
  const scanner = new Scanner();
  const secrets = scanner
    .scan({ path: 'config/.env', text: lines.join('\n') })
    .map((f) => evidenceOf(f)?.secret)
    .filter((s): s is string => !!s);
  return { files: [addedFile('config/.env', lines), addedFile('deploy/settings.py', lines)], secrets };
}

function leaks(t: TestApp, secrets: readonly string[]): string[] {
  const wire = t.github.requests.map((r) => `${r.method} ${r.path}\n${r.body}`).join('\n');
  const logs = t.logs.join('\n');
  return secrets.filter((s) => wire.includes(s) || logs.includes(s));
}

describe('no raw secret leaves the process', () => {
  it('in request bodies or logs of a full review with a rejected review and its retry', async () => {
    t = await app.start();
    const { files, secrets } = plantedFiles();
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    t.github.pullRequestRun(files)
      .createReview(PR, 422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] })
      .prFiles(files)
      .createReview(PR, 422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] });

    await t.probot.receive(pullRequestEvent('opened', { changedFiles: 2 }));

    const complete = t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json as { conclusion: string };
    expect(complete.conclusion).toBe('failure');
    expect(t.github.sent('POST', `${REPO_PATH}/pulls/${PR}/reviews`).length).toBe(2);
    expect(t.logs.some((l) => l.includes('"level":20'))).toBe(true); // debug lines were captured
    expect(leaks(t, secrets)).toEqual([]);
  });

  it('in request bodies or logs when the review ends neutral', async () => {
    t = await app.start();
    const { files, secrets } = plantedFiles();
    t.github.newRun().noConfig().updateCheck();
    t.github.scope.get(`${REPO_PATH}/pulls/${PR}/files`).query(true).reply(200, files, {
      link: `<https://api.github.com${REPO_PATH}/pulls/${PR}/files?per_page=100&page=2>; rel="next"`,
    });
    t.github.scope.get(`${REPO_PATH}/pulls/${PR}/files`).query(true).times(3).reply(500, { message: 'Server Error' });

    await t.probot.receive(pullRequestEvent('opened'));

    expect(t.github.sent('PATCH', `${REPO_PATH}/check-runs/${CHECK_ID}`)[0]?.json).toMatchObject({ conclusion: 'neutral' });
    expect(leaks(t, secrets)).toEqual([]);
  });
});
