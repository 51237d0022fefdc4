/**
 * `/healthz`, `/readyz` and `/metrics` as a Probot server handler (Probot 14's `addHandler`).
 *
 * - `/healthz`: the process is alive and serving HTTP (200, always).
 * - `/readyz`: every readiness check passes (200) or not (503), with each check's result as JSON.
 *   The app registers "github" (its credentials load: the private key signs an app JWT); the job
 *   queue registers its store (SQLite) or Redis with `registerReadinessCheck('queue', fn)`.
 * - `/metrics`: Prometheus text from src/observability/metrics.ts's registry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registry as defaultRegistry } from './metrics.js';

/** Resolves (true or nothing) when ready; false or a rejection means not ready. */
export type ReadinessCheck = () => boolean | void | Promise<boolean | void>;

const checks = new Map<string, ReadinessCheck>();

/** Adds (or replaces) a named readiness check; returns a function that removes it. */
export function registerReadinessCheck(name: string, check: ReadinessCheck): () => void {
  checks.set(name, check);
  return () => {
    if (checks.get(name) === check) checks.delete(name);
  };
}

export function readinessChecks(): ReadonlyMap<string, ReadinessCheck> {
  return checks;
}

export interface ReadinessResult {
  readonly ready: boolean;
  readonly checks: Record<string, 'ok' | string>;
}

/** Runs every check (each bounded by `timeoutMs`); the reasons say what failed, not any secret. */
export async function readiness(timeoutMs = 2000, from: ReadonlyMap<string, ReadinessCheck> = checks): Promise<ReadinessResult> {
  const results: Record<string, string> = {};
  await Promise.all(
    [...from].map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const outcome = await Promise.race([
          Promise.resolve().then(check),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        results[name] = outcome === false ? 'not ready' : 'ok';
      } catch (error) {
        results[name] = `failed: ${(error as Error)?.message ?? String(error)}`.slice(0, 200);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: Object.values(results).every((r) => r === 'ok'), checks: results };
}

export interface HealthHandlerOptions {
  readonly registry?: { metrics(): Promise<string>; readonly contentType: string };
  readonly checks?: ReadonlyMap<string, ReadinessCheck>;
  readonly timeoutMs?: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function healthHandler(options: HealthHandlerOptions = {}): Handler {
  const registry = options.registry ?? defaultRegistry;
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end('{"status":"ok"}');
      return true;
    }
    if (path === '/readyz') {
      const result = await readiness(options.timeoutMs, options.checks ?? checks);
      res
        .writeHead(result.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ status: result.ready ? 'ready' : 'not ready', checks: result.checks }));
      return true;
    }
    if (path === '/metrics') {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body);
      return true;
    }
    return false;
  };
}
