/**
 * The app as a process for the crash tests: a real Probot middleware on loopback, GitHub at
 * FAKE_GITHUB, the queue from the environment (DATA_DIR or REDIS_URL, QUEUE_LEASE_MS). Prints
 * `ready <port>` once it listens; SIGTERM runs the shutdown hooks (the queue's stop) and exits.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createNodeMiddleware, Probot } from 'probot';
import { createApp } from '../../src/app.js';
import { createAppOctokit } from '../../src/github/octokit.js';
import { runShutdownHooks } from '../../src/observability/lifecycle.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const log = pino({ level: process.env.CHILD_LOG_LEVEL ?? 'warn' }, pino.destination(2));
const probot = new Probot({
  appId: 4242,
  privateKey,
  secret: process.env.WEBHOOK_SECRET!,
  baseUrl: process.env.FAKE_GITHUB!,
  log,
  Octokit: createAppOctokit({ throttle: false, retries: 1, baseDelayMs: 1 }),
});
const middleware = await createNodeMiddleware(createApp({ scanThreads: 0 }), { probot });
const server = createServer((req, res) => {
  void middleware(req, res, () => res.writeHead(404).end());
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  void runShutdownHooks(log, 5000).then((clean) => process.exit(clean ? 0 : 1));
});
