/**
 * Prometheus metrics (prom-client), on a registry of the app's own that `/metrics` serves.
 *
 * The job-queue metrics are updated by the queue (src/queue/): `jobsQueued` / `jobsRunning` are gauges
 * it sets or moves as jobs enter and leave, `jobsFailed` counts jobs given up after their last attempt,
 * `queueLatency` observes the seconds from a webhook's acknowledgement to its job's start.
 * `observeReview` is called once per finished review; `githubApiErrors` is fed by the Octokit hook in
 * src/github/octokit.ts; `webhooksReceived` by src/server.ts (or the queue's receiver).
 *
 * No label ever holds a value from a file: kinds, strategies, rule-free statuses and event names only.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Finding } from '../detect/finding.js';
import { STRATEGY_BY_KIND } from '../remediate/strategy.js';

export const registry = new Registry();

const PREFIX = 'secret_review_';

export const webhooksReceived = new Counter({
  name: `${PREFIX}webhooks_received_total`,
  help: 'Verified webhook deliveries received, by event name',
  labelNames: ['event'] as const,
  registers: [registry],
});

export const jobsQueued = new Gauge({
  name: `${PREFIX}jobs_queued`,
  help: 'Jobs waiting to run',
  registers: [registry],
});

export const jobsRunning = new Gauge({
  name: `${PREFIX}jobs_running`,
  help: 'Jobs running now',
  registers: [registry],
});

export const jobsFailed = new Counter({
  name: `${PREFIX}jobs_failed_total`,
  help: 'Jobs that failed after their last attempt (kept for inspection)',
  registers: [registry],
});

export const jobsRetried = new Counter({
  name: `${PREFIX}jobs_retried_total`,
  help: 'Job attempts that failed and were scheduled again',
  registers: [registry],
});

export const queueLatency = new Histogram({
  name: `${PREFIX}queue_latency_seconds`,
  help: 'Seconds from a webhook being queued to its job starting',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});

export const reviewDuration = new Histogram({
  name: `${PREFIX}review_duration_seconds`,
  help: 'Seconds one review took, check run started to last annotation, by conclusion',
  labelNames: ['conclusion'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [registry],
});

export const findingsTotal = new Counter({
  name: `${PREFIX}findings_total`,
  help: 'Findings by credential kind, remediation strategy and state (reported or suppressed)',
  labelNames: ['kind', 'strategy', 'state'] as const,
  registers: [registry],
});

export const githubApiErrors = new Counter({
  name: `${PREFIX}github_api_errors_total`,
  help: 'GitHub API requests that failed (after the retries the app allows), by HTTP status ("network" when there was no answer)',
  labelNames: ['status'] as const,
  registers: [registry],
});

let defaultsCollected = false;

/** Process metrics (CPU, memory, event loop lag, GC) on the same registry; once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
}

/** Counts one review's findings by kind, strategy and state. */
export function countFindings(findings: readonly Finding[]): void {
  for (const f of findings) {
    findingsTotal.inc({
      kind: f.kind,
      strategy: STRATEGY_BY_KIND[f.kind]?.strategy ?? 'unknown',
      state: f.suppression ? 'suppressed' : 'reported',
    });
  }
}

/** Records a finished review: its duration (from `startedAt`, a `performance.now()` value) and findings. */
export function observeReview(startedAt: number, conclusion: string | undefined, findings: readonly Finding[]): void {
  reviewDuration.observe({ conclusion: conclusion ?? 'none' }, (performance.now() - startedAt) / 1000);
  countFindings(findings);
}

/** Counts a failed GitHub API request by its status. */
export function countGithubError(error: unknown): void {
  const status = (error as { status?: unknown } | null)?.status;
  githubApiErrors.inc({ status: typeof status === 'number' && status > 0 ? String(status) : 'network' });
}
