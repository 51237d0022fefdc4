/**
 * The audit trail and the metrics of a real review (the app against a mocked GitHub): one line per
 * decision with repository, commit, rule, fingerprint and actor and never the value; findings counted
 * by kind, strategy and state; review duration observed; GitHub errors counted by status. Then the
 * health handler: /healthz, /readyz with the readiness checks the queue registers, /metrics.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { audit, auditContext, setAuditSink } from '../../src/observability/audit.js';
import { healthHandler, readiness, registerReadinessCheck } from '../../src/observability/health.js';
import { countGithubError, jobsQueued, registry } from '../../src/observability/metrics.js';
import { createFake } from '../support/fake.js';
import { addedFile, BOT, createTestApp, HEAD, PR, pullRequestEvent, type TestApp } from '../app/harness.js';
import { useGitHub } from '../app/setup.js';

const fake = createFake(77);
const app = useGitHub();
let t: TestApp;

type Line = Record<string, unknown>;

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (found?.values ?? []) as { value: number; labels: Record<string, string | number>; metricName?: string }[];
  return values
    .filter((v) => Object.entries(labels).every(([k, value]) => String(v.labels[k]) === value))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('audit trail and metrics of a review', () => {
  const lines: Line[] = [];
  beforeAll(() => setAuditSink({ info: (obj) => void lines.push(obj as Line) }));
  afterAll(() => setAuditSink(undefined));

  it('writes one line per decision, never a value', async () => {
    t = app.current = await createTestApp();
    const reported = `AKIA${fake.chars('A', 16)}`;
    const allowed = `AKIA${fake.chars('A', 16)}`;
    t.github
      .pullRequestRun([
        addedFile('src/config.ts', [`export const keyId = "${reported}";`, `export const testKey = "${allowed}"; // secret-review:allow`]),
      ])
      .createReview();
    const event = pullRequestEvent('opened');
    await t.probot.receive(event);

    const decisions = lines.map((l) => l.audit);
    expect(decisions).toEqual(['review.started', 'finding.reported', 'finding.suppressed', 'check.concluded', 'comment.posted', 'review.finished']);
    // The actor is who sent the webhook; the delivery id joins the lines with the rest of the logs.
    const sender = event.payload.sender.login as string;
    expect(sender).not.toBe(BOT);
    const context = { repository: 'Codertocat/Hello-World', commit: HEAD, actor: sender, delivery: event.id, pullRequest: PR, trigger: 'pull_request.opened' };
    for (const line of lines) expect(line).toMatchObject(context);
    expect(lines[1]).toMatchObject({ rule: 'aws-access-key-id', kind: 'aws-access-key', path: 'src/config.ts', line: 1 });
    expect(lines[1]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[2]).toMatchObject({ rule: 'aws-access-key-id', line: 2, suppressedBy: 'inline' });
    expect(lines[3]).toMatchObject({ conclusion: 'failure' });
    expect(lines[4]).toMatchObject({ inline: 1 });
    expect(lines[5]).toMatchObject({ conclusion: 'failure', reported: 1, suppressed: 1 });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(reported);
    expect(text).not.toContain(allowed);
    expect(text).not.toContain(reported.slice(4));

    expect(await metric('secret_review_findings_total', { kind: 'aws-access-key', strategy: 'replace', state: 'reported' })).toBe(1);
    expect(await metric('secret_review_findings_total', { kind: 'aws-access-key', strategy: 'replace', state: 'suppressed' })).toBe(1);
    const exposition = await registry.metrics();
    expect(exposition).toMatch(/secret_review_review_duration_seconds_count\{conclusion="failure"\} 1/);
  });

  it('counts GitHub API errors by status, and the queue can move its gauges', async () => {
    countGithubError({ status: 502 });
    countGithubError(new Error('socket hang up'));
    jobsQueued.inc(3);
    jobsQueued.dec();
    const exposition = await registry.metrics();
    expect(exposition).toMatch(/secret_review_github_api_errors_total\{status="502"\} 1/);
    expect(exposition).toMatch(/secret_review_github_api_errors_total\{status="network"\} 1/);
    expect(exposition).toMatch(/^secret_review_jobs_queued 2$/m);
    jobsQueued.set(0);
  });

  it('builds contexts from jobs and stays silent without a sink', () => {
    setAuditSink(undefined);
    audit().reviewStarted({ repository: 'o/r', commit: 'abc' });
    const job = { repository: { owner: 'o', repo: 'r', installationId: 7 }, headSha: 'abc', trigger: 'push', range: { type: 'compare' } };
    expect(auditContext(job, 'someone', 'delivery-1')).toEqual({ repository: 'o/r', commit: 'abc', trigger: 'push', installationId: 7, actor: 'someone', delivery: 'delivery-1' });
    setAuditSink({ info: (obj) => void lines.push(obj as Line) });
  });
});

describe('health handler', () => {
  let server: Server;
  let base: string;
  const removals: (() => void)[] = [];

  beforeAll(async () => {
    // The review tests above keep nock on; this server is on loopback.
    nock.enableNetConnect('127.0.0.1');
    const handler = healthHandler({ timeoutMs: 200 });
    server = createServer((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    while (removals.length) removals.pop()!();
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers /healthz and serves Prometheus text on /metrics; other paths are not its own', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/# TYPE secret_review_jobs_running gauge/);
    expect((await fetch(`${base}/api/github/webhooks`)).status).toBe(404);
  });

  it('is ready when every registered check passes, and says which one fails', async () => {
    removals.push(registerReadinessCheck('github', () => true));
    removals.push(registerReadinessCheck('queue', async () => undefined));
    let response = await fetch(`${base}/readyz`);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ready', checks: { github: 'ok', queue: 'ok' } } });

    removals.push(registerReadinessCheck('queue', async () => Promise.reject(new Error('SQLITE_CANTOPEN'))));
    response = await fetch(`${base}/readyz`);
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 503,
      body: { status: 'not ready', checks: { github: 'ok', queue: 'failed: SQLITE_CANTOPEN' } },
    });
  });

  it('times out a hanging check and treats false as not ready', async () => {
    removals.push(registerReadinessCheck('redis', () => new Promise<void>(() => {})));
    removals.push(registerReadinessCheck('github', () => false));
    const result = await readiness(50);
    expect(result).toEqual({ ready: false, checks: { redis: 'failed: timed out after 50 ms', github: 'not ready' } });
  });
});
