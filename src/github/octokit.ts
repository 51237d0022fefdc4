/**
 * The Octokit the app runs with: Probot's, with retries for GitHub's 5xx answers and throttling that
 * waits out both rate limits. Probot's own throttle options only log a secondary rate limit and let
 * the handler fail; here a secondary limit waits `retry-after` (GitHub's advice) and tries again.
 *
 * Every request has a deadline (GITHUB_REQUEST_TIMEOUT_MS, default 30 s): GitHub can leave a
 * connection hanging, and a review must not wait for it forever. A timed-out request fails like a 500
 * (Octokit's retries, then the queue's).
 *
 * Probot layers its own throttle options over the ones given here on every construction, so these are
 * applied as a defaults *function*, which runs after Probot's and keeps its other options.
 */
import { ProbotOctokit } from 'probot';
import { countGithubError } from '../observability/metrics.js';

export type AppOctokitClass = typeof ProbotOctokit;
export type AppOctokit = InstanceType<typeof ProbotOctokit>;

export interface OctokitPolicy {
  /** retries of a request GitHub answered with 5xx (or a bare 429); backoff 1, 4, 9 s... */
  readonly retries?: number;
  /** milliseconds per backoff unit for both plugins: 1000 in production, 1 in tests */
  readonly baseDelayMs?: number;
  /** retries after a primary or secondary rate limit */
  readonly rateLimitRetries?: number;
  /** the longest rate-limit wait the app accepts, in seconds; a longer one fails the run (neutral) */
  readonly maxRateLimitWaitSeconds?: number;
  /** turn throttling off (tests that do not exercise it: no write spacing) */
  readonly throttle?: boolean;
  /** extra throttle options (tests: Bottleneck groups without the 1 s write spacing) */
  readonly throttleOptions?: Readonly<Record<string, unknown>>;
  /** the longest one request (installation tokens included) may take, in ms */
  readonly requestTimeoutMs?: number;
}

interface ThrottledRequest {
  readonly method: string;
  readonly url: string;
}

interface Log {
  warn(message: string): void;
}

export const DEFAULT_POLICY = {
  retries: 3,
  baseDelayMs: 1000,
  rateLimitRetries: 3,
  maxRateLimitWaitSeconds: 15 * 60,
  throttle: true,
  requestTimeoutMs: 30_000,
} as const;

/** `fetch` that gives up after `ms`; reads the global fetch at call time (so test interceptors apply). */
export function fetchWithTimeout(ms: number, base?: typeof fetch): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(ms);
    return (base ?? globalThis.fetch)(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

/** @octokit/request's `request`, as the auth strategy holds it */
interface RequestLike {
  defaults(options: { request: Record<string, unknown> }): unknown;
  endpoint: { DEFAULTS: { request?: Record<string, unknown> } };
}

/** Options one layer of `Octokit.defaults` receives and returns. */
type Options = Record<string, unknown> & { throttle?: Record<string, unknown>; retry?: Record<string, unknown> };

export function createAppOctokit(policy: OctokitPolicy = {}, env: NodeJS.ProcessEnv = process.env): AppOctokitClass {
  const p = { ...DEFAULT_POLICY, ...(Number(env.GITHUB_REQUEST_TIMEOUT_MS) > 0 ? { requestTimeoutMs: Number(env.GITHUB_REQUEST_TIMEOUT_MS) } : {}), ...policy };
  const wait = (kind: string) => (retryAfter: number, options: ThrottledRequest, octokit: { log: Log }, retryCount: number) => {
    if (retryCount >= p.rateLimitRetries || retryAfter > p.maxRateLimitWaitSeconds) {
      octokit.log.warn(`${kind} rate limit on ${options.method} ${options.url}: giving up after ${retryCount} retries (retry-after ${retryAfter}s)`);
      return false;
    }
    octokit.log.warn(`${kind} rate limit on ${options.method} ${options.url}: retrying in ${retryAfter}s`);
    return true;
  };
  const timed = (request: Record<string, unknown> | undefined) => ({
    ...request,
    fetch: fetchWithTimeout(p.requestTimeoutMs, request?.fetch as typeof fetch | undefined),
  });
  const layer = (options: Options): Options => ({
    ...options,
    request: timed(options.request as Record<string, unknown> | undefined),
    ...withTimedAuth(options.auth as { request?: RequestLike } | undefined, timed),
    retry: { ...options.retry, retries: p.retries, retryAfterBaseValue: p.baseDelayMs },
    throttle: p.throttle
      ? {
          ...options.throttle,
          enabled: true,
          retryAfterBaseValue: p.baseDelayMs,
          onRateLimit: wait('Primary'),
          onSecondaryRateLimit: wait('Secondary'),
          ...p.throttleOptions,
        }
      : { ...options.throttle, enabled: false },
  });
  return ProbotOctokit.defaults(layer as never).plugin(errorMetrics) as AppOctokitClass;
}

/** The app's own requests (installation tokens) go through the auth strategy's `request`: timed too. */
function withTimedAuth(auth: { request?: RequestLike } | undefined, timed: (request: Record<string, unknown> | undefined) => Record<string, unknown>): Options {
  if (!auth?.request || typeof auth.request.defaults !== 'function') return {};
  return { auth: { ...auth, request: auth.request.defaults({ request: timed(auth.request.endpoint?.DEFAULTS?.request) }) } };
}

/** Counts requests that failed after the retries (by status) for `/metrics`; the error goes on unchanged. */
function errorMetrics(octokit: { hook: { error(name: 'request', hook: (error: Error) => never): void } }): void {
  octokit.hook.error('request', (error) => {
    countGithubError(error);
    throw error;
  });
}
