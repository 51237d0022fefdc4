/**
 * `npm start`: the app behind Probot's server, configured by Probot's environment (APP_ID, PRIVATE_KEY
 * or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, LOG_FORMAT, WEBHOOK_PATH, GHE_HOST,
 * GHE_PROTOCOL, WEBHOOK_PROXY_URL; a `.env` file overrides them, as Probot does). Without APP_ID and a
 * private key (outside production) Probot's setup flow registers the app from app.yml.
 *
 * Refuses to start in production without a webhook secret: Probot would silently accept every payload
 * signed with its well-known default, "development".
 *
 * Logs are JSON lines through the redacting logger (src/observability/logger.ts; LOG_LEVEL,
 * LOG_MESSAGE_KEY). Beside the webhook path the server answers `/healthz`, `/readyz` and `/metrics`
 * (src/observability/health.ts). `DATA_DIR` (default ./data) is created if missing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import type { Logger } from 'pino';
import { run, type ApplicationFunction, type Probot } from 'probot';
import app from './app.js';
import { createAppOctokit } from './github/octokit.js';
import { setAuditSink } from './observability/audit.js';
import { healthHandler, registerReadinessCheck } from './observability/health.js';
import { runShutdownHooks } from './observability/lifecycle.js';
import { loggerFromEnv } from './observability/logger.js';
import { collectProcessMetrics, webhooksReceived } from './observability/metrics.js';

/** What is wrong with the environment for starting, or undefined. */
export function environmentProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_ENV !== 'production') return undefined;
  const secret = env.WEBHOOK_SECRET;
  if (!secret) return 'WEBHOOK_SECRET is not set: refusing to start in production without a webhook secret (Probot would accept payloads signed with its default, "development").';
  if (secret === 'development') return 'WEBHOOK_SECRET is Probot\'s well-known default "development": set a real secret (the one in the GitHub App\'s settings).';
  return undefined;
}

/** The environment as Probot will see it: `.env` in the working directory overrides process.env. */
export function effectiveEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw error;
  }
  return { ...env, ...parseEnv(text) };
}

/** The data directory (SQLite job store): DATA_DIR, default ./data. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATA_DIR || join(process.cwd(), 'data');
}

/**
 * The app with the server's extras: health, readiness and metrics routes, the webhook counter, and
 * the "github" readiness check (the app's private key signs a JWT: credentials are loaded and valid).
 */
export function withObservability(appFn: ApplicationFunction): ApplicationFunction {
  return async (probot: Probot, options) => {
    collectProcessMetrics();
    let credentials: Promise<void> | undefined;
    registerReadinessCheck('github', () => {
      credentials ??= (async () => {
        const octokit = (await probot.auth()) as unknown as { auth(options: { type: 'app' }): Promise<unknown> };
        await octokit.auth({ type: 'app' });
      })().catch((error: unknown) => {
        credentials = undefined;
        throw new Error(`GitHub App credentials did not load (${(error as Error)?.name ?? 'error'})`);
      });
      return credentials;
    });
    probot.onAny((context) => {
      webhooksReceived.inc({ event: context.name });
    });
    options.addHandler(healthHandler());
    await appFn(probot, options);
  };
}

export async function main(): Promise<void> {
  const env = effectiveEnvironment();
  const log: Logger = loggerFromEnv(env);
  const problem = environmentProblem(env);
  if (problem) {
    log.fatal(`secret-review: ${problem}`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(dataDir(env), { recursive: true });
  setAuditSink(log.child({ name: 'audit' }));
  const sigintBefore = new Set(process.listeners('SIGINT'));
  const server = await run(withObservability(app), { Octokit: createAppOctokit(), log });
  // Probot's own SIGINT handler exits as soon as HTTP stops; ours also runs the shutdown hooks.
  for (const listener of process.listeners('SIGINT')) if (!sigintBefore.has(listener)) process.removeListener('SIGINT', listener);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: no new requests, then the shutdown hooks');
    let clean = true;
    try {
      await server.stop();
    } catch (error) {
      clean = false;
      log.error({ err: error }, 'the HTTP server did not stop cleanly');
    }
    clean = (await runShutdownHooks(log, Number(env.SHUTDOWN_TIMEOUT_MS) || 8_000)) && clean;
    process.exit(clean ? 0 : 1);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    // Through the redacting logger: a start-up error can quote the environment.
    loggerFromEnv(effectiveEnvironment()).fatal({ err: error }, 'secret-review could not start');
    process.exit(1);
  });
}
