/**
 * `npm start`: the app on our own `node:http` server, configured by Probot's environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, REDIS_URL,
 * through Probot's `createProbot`; PORT, default 3000; HOST, default localhost, as Probot; a `.env`
 * file overrides them all, as Probot does).
 *
 * Every request goes through one chain, in this order (`startServer`, which the tests use too):
 *   1. the webhook body limit (src/github/webhook-body-limit.ts): a body over 25 MB gets 413 before it is read;
 *   2. `/healthz`, `/readyz`, `/metrics` (src/observability/health.ts);
 *   3. Probot's webhook middleware (signature, then the app's handlers) at WEBHOOK_PATH;
 *   4. 404.
 * 1 to 3 are Probot's `createNodeMiddleware`, which runs the handlers an app adds before the webhook
 * middleware; Probot's own server runs them after it, when the body has already been read.
 *
 * Without APP_ID and a private key (outside production) Probot's `run()` serves its setup flow, which
 * registers the app from app.yml. WEBHOOK_PROXY_URL (smee.io) is not forwarded: run the smee client
 * yourself (.env.example).
 *
 * Refuses to start in production without a webhook secret: Probot would silently accept every payload
 * signed with its well-known default, "development".
 *
 * Logs are JSON lines through the redacting logger (src/observability/logger.ts; LOG_LEVEL,
 * LOG_MESSAGE_KEY). The SQLite job store creates `DATA_DIR` (default ./data) if missing. SIGTERM or SIGINT: no new
 * requests, then the shutdown hooks (src/observability/lifecycle.ts), then exit.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { getPrivateKey } from '@probot/get-private-key';
import type { Logger } from 'pino';
import { createNodeMiddleware, createProbot, run, type ApplicationFunction, type Options, type Probot } from 'probot';
import { createApp } from './app.js';
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


/**
 * The app can run as itself: an app ID and a private key, found as Probot finds it (PRIVATE_KEY,
 * PRIVATE_KEY_PATH, else the one .pem file in the working directory). Else only Probot's setup flow
 * can run. A key that is given but unreadable is an error (Probot would go on without it).
 */
export function hasCredentials(env: NodeJS.ProcessEnv, cwd = process.cwd()): boolean {
  if (!env.APP_ID) return false;
  return getPrivateKey({ env, cwd }) !== null;
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
    await appFn(probot, options);
    // After the app's handlers: its webhook body limit comes first in the chain.
    options.addHandler(healthHandler());
  };
}

export interface StartServerOptions {
  /** Probot's environment plus PORT (0: any free port), HOST, WEBHOOK_MAX_BYTES; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Over what `createProbot` reads from `env`: `log`, `Octokit`, `baseUrl` (tests: a fake GitHub)... */
  readonly overrides?: Options;
  /** The app; default `createApp({ env })`. Always wrapped in `withObservability`. */
  readonly app?: ApplicationFunction;
}

export interface RunningServer {
  /** `http://host:port`, without the webhook path. */
  readonly url: string;
  readonly port: number;
  /** Stops taking requests and waits for the ones in flight (the shutdown hooks are the caller's). */
  close(): Promise<void>;
}

function listenPort(env: NodeJS.ProcessEnv): number {
  if (env.PORT === undefined || env.PORT === '') return 3000;
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT is not a port number: ${JSON.stringify(env.PORT)}`);
  return port;
}

/** One info line per answered request, as Probot's server logged them (path only: no query string). */
function logRequest(log: Logger, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  res.once('finish', () => {
    const path = (req.url ?? '/').split('?')[0];
    const id = req.headers['x-github-delivery'];
    log.info({ ...(typeof id === 'string' ? { delivery: id } : {}) }, `${req.method} ${path} ${res.statusCode} - ${Math.round(performance.now() - started)}ms`);
  });
}

/** The app behind our HTTP server (the chain in the header comment), listening on HOST:PORT. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const port = listenPort(env);
  const host = env.HOST || 'localhost';
  const probot = createProbot({ env, overrides: { Octokit: createAppOctokit({}, env), ...options.overrides } });
  const log = probot.log.child({ name: 'http' });
  const middleware = await createNodeMiddleware(withObservability(options.app ?? createApp({ env })), { probot });
  const server = createServer((req, res) => {
    logRequest(log, req, res);
    void middleware(req, res, () => {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  log.info(`Listening on ${url}`);
  return {
    url,
    port: address.port,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * SIGTERM or SIGINT: stop taking requests, run the shutdown hooks (the queue finishes or hands back
 * its jobs, within SHUTDOWN_TIMEOUT_MS, default 8 s), exit 0 when all went cleanly, else 1.
 */
export function stopOnSignals(server: Pick<RunningServer, 'close'>, log: Logger, env: NodeJS.ProcessEnv = process.env): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: no new requests, then the shutdown hooks');
    let clean = true;
    try {
      await server.close();
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

export async function main(): Promise<void> {
  const env = effectiveEnvironment();
  const log: Logger = loggerFromEnv(env);
  const problem = environmentProblem(env);
  if (problem) {
    log.fatal(`secret-review: ${problem}`);
    process.exitCode = 1;
    return;
  }
  // As Probot's run() does: every reader of process.env sees the `.env` values too.
  Object.assign(process.env, env);
  setAuditSink(log.child({ name: 'audit' }));
  if (!hasCredentials(env)) {
    // The setup flow (and, in production, Probot's error naming the missing credential).
    const setup = await run(withObservability(createApp({ env })), { Octokit: createAppOctokit(), log });
    stopOnSignals({ close: () => setup.stop() }, log, env);
    return;
  }
  if (env.WEBHOOK_PROXY_URL) log.warn('WEBHOOK_PROXY_URL is set but not forwarded by this server: run the smee client yourself (see .env.example)');
  const server = await startServer({ env, overrides: { log } });
  stopOnSignals(server, log, env);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    // Through the redacting logger: a start-up error can quote the environment.
    loggerFromEnv(effectiveEnvironment()).fatal({ err: error }, 'secret-review could not start');
    process.exit(1);
  });
}
