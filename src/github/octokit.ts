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

const TIMED = Symbol('timed fetch');

/**
 * `fetch` that gives up after `ms`; reads the global fetch at call time (so test interceptors apply).
 * A GET that times out fails as a network error, which Octokit retries. A write that times out may
 * have been applied, so it fails as an AbortError, which Octokit's retry plugin does not repeat: the
 * queue's next attempt reads GitHub's state first (finds the check run, skips comments made).
 */
export function fetchWithTimeout(ms: number, base?: typeof fetch): typeof fetch {
  if (base && TIMED in base) return base;
  const timed = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const deadline = AbortSignal.timeout(ms);
    try {
      return await (base ?? globalThis.fetch)(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
    } catch (error) {
      const method = (init?.method ?? 'GET').toUpperCase();
      if (!deadline.aborted || method === 'GET' || method === 'HEAD') throw error;
      const url = String(input instanceof Request ? input.url : input);
      // `request` without a nested `request`: failureReason names it, the retry plugin leaves it alone.
      throw Object.assign(new Error(`GitHub did not answer ${method} ${url} within ${ms} ms`), { name: 'AbortError', request: { method, url } });
    }
  };
  return Object.assign(timed, { [TIMED]: true }) as typeof fetch;
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
  const layer = (options: Options): Options => ({
    ...options,
    // Octokit hands its own request to the auth strategy: installation tokens are timed too.
    request: { ...(options.request as { fetch?: typeof fetch } | undefined), fetch: fetchWithTimeout(p.requestTimeoutMs, (options.request as { fetch?: typeof fetch } | undefined)?.fetch) },
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

/** Counts requests that failed after the retries (by status) for `/metrics`; the error goes on unchanged. */
function errorMetrics(octokit: { hook: { error(name: 'request', hook: (error: Error) => never): void } }): void {
  octokit.hook.error('request', (error) => {
    countGithubError(error);
    throw error;
  });
}
