/**
 * The app as a process for the crash and burst tests: the server `npm start` runs (src/server.ts's
 * `startServer`) on loopback, GitHub at FAKE_GITHUB, the queue from the environment (DATA_DIR or
 * REDIS_URL, QUEUE_LEASE_MS). Prints `ready <port>` once it listens; SIGTERM runs the shutdown hooks
 * (the queue's stop) and exits.
 */
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { createAppOctokit } from '../../src/github/octokit.js';
import { startServer, stopOnSignals } from '../../src/server.js';
import { testPrivateKey } from '../support/github-fixtures.js';

const privateKey = testPrivateKey();
const log = pino({ level: process.env.CHILD_LOG_LEVEL ?? 'warn' }, pino.destination(2));
const env = { ...process.env, APP_ID: '4242', PRIVATE_KEY: privateKey, HOST: '127.0.0.1', PORT: '0', SHUTDOWN_TIMEOUT_MS: '5000' };
const server = await startServer({
  env,
  app: createApp({ env, scanThreads: 0 }),
  // The fake serves GitHub's paths at its root (no /api/v3), so baseUrl rather than GHE_HOST.
  overrides: { log, baseUrl: process.env.FAKE_GITHUB!, Octokit: createAppOctokit({ throttle: false, retries: 1, baseDelayMs: 1 }) },
});
stopOnSignals(server, log, env);
process.stdout.write(`ready ${server.port}\n`);
