/**
 * A GitHub that does not answer: every request has a deadline. A read that times out is retried by
 * Octokit; a write is not (GitHub may have applied it), and fails with the request named, for the
 * queue's next attempt, which reads GitHub's state before writing again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { pino } from 'pino';
import { createAppOctokit } from '../../src/github/octokit.js';
import { isTransient } from '../../src/queue/queue.js';
import { failureReason } from '../../src/github/run-review.js';

let server: Server;
let baseUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // Takes every request and never answers.
  server = createServer((req) => void seen.push(`${req.method} ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  nock.enableNetConnect();
});

function octokit() {
  const Octokit = createAppOctokit({ throttle: false, retries: 2, baseDelayMs: 1, requestTimeoutMs: 150 });
  return new Octokit({ auth: { token: 'test-token' }, baseUrl, log: pino({ level: 'silent' }) } as never);
}

describe('GitHub requests with a deadline', () => {
  it('a read that never answers is given up after the deadline and retried by Octokit', async () => {
    seen.length = 0;
    const started = performance.now();
    const error = await octokit().rest.pulls.listFiles({ owner: 'o', repo: 'r', pull_number: 1 }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ status: 500 });
    expect(isTransient(error)).toBe(true);
    expect(seen.filter((s) => s.startsWith('GET /repos/o/r/pulls/1/files'))).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(failureReason(error)).toEqual({ title: 'GitHub did not answer', detail: 'GitHub did not answer `GET /repos/o/r/pulls/1/files` in time, nor when asked again.' });
  });

  it('a write that never answers is not repeated by Octokit, and names the request', async () => {
    seen.length = 0;
    const error = await octokit()
      .rest.checks.create({ owner: 'o', repo: 'r', name: 'Secret review', head_sha: 'a'.repeat(40) })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError', status: 500 });
    expect(isTransient(error)).toBe(true);
    expect(seen).toEqual(['POST /repos/o/r/check-runs']);
    expect(failureReason(error)).toEqual({ title: 'GitHub did not answer', detail: 'GitHub did not answer `POST /repos/o/r/check-runs` in time.' });
  });
});
