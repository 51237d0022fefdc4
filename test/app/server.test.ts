/**
 * The HTTP side: webhook signatures checked by a real Probot middleware on a loopback server (a bad
 * signature gets a 4xx and causes no work), and the start-up checks of `npm start`.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { pino } from 'pino';
import { createNodeMiddleware, Probot } from 'probot';
import { createApp } from '../../src/app.js';
import { createAppOctokit } from '../../src/github/octokit.js';
import { effectiveEnvironment, environmentProblem } from '../../src/server.js';
import { APP_ID, installationEvent, pushEvent, testPrivateKey } from './harness.js';

const SECRET = `webhook-secret-${Date.now()}`;

describe('webhook endpoint', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    // Requests to the loopback server pass through nock too; anything else would be the app at work.
    nock.emitter.on('no match', (req: { method?: string; path?: string; hostname?: string; host?: string }) => {
      const host = req.hostname ?? req.host ?? '';
      if (!host.startsWith('127.0.0.1')) seen.push(`${req.method} ${host}${req.path}`);
    });
    const probot = new Probot({
      appId: APP_ID,
      privateKey: testPrivateKey(),
      secret: SECRET,
      log: pino({ level: 'silent' }),
      Octokit: createAppOctokit({ throttle: false, retries: 0 }),
    });
    const middleware = await createNodeMiddleware(createApp({ scanThreads: 0, queue: 'inline' }), { probot });
    server = createServer((req, res) => {
      void middleware(req, res, () => {
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    nock.enableNetConnect();
    nock.cleanAll();
  });

  const post = (name: string, body: string, signature: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': name,
        'x-github-delivery': `delivery-${Math.random()}`,
        'x-hub-signature-256': signature,
      },
      body,
    });
  const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('refuses a payload with a wrong signature (4xx) and does no work', async () => {
    const body = JSON.stringify(pushEvent().payload);
    const response = await post('push', body, sign(body, 'development'));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    // A valid push would have made the app call GitHub; nothing did.
    expect(seen).toEqual([]);
  });

  it('refuses a payload without a signature', async () => {
    const body = JSON.stringify(pushEvent().payload);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'd-1' },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(seen).toEqual([]);
  });

  it('does work for a correctly signed push (the control for the two tests above)', async () => {
    const body = JSON.stringify(pushEvent().payload);
    await post('push', body, sign(body));
    expect(seen.some((s) => s.includes('api.github.com'))).toBe(true);
    seen.length = 0;
  });

  it('accepts a correctly signed payload', async () => {
    const body = JSON.stringify(installationEvent('created').payload);
    const response = await post('installation', body, sign(body));
    expect(response.status).toBe(200);
  });
});

describe('start-up checks', () => {
  it('refuses production without a real webhook secret', () => {
    expect(environmentProblem({ NODE_ENV: 'production' })).toMatch(/WEBHOOK_SECRET is not set/);
    expect(environmentProblem({ NODE_ENV: 'production', WEBHOOK_SECRET: 'development' })).toMatch(/well-known default/);
    expect(environmentProblem({ NODE_ENV: 'production', WEBHOOK_SECRET: SECRET })).toBeUndefined();
    expect(environmentProblem({ NODE_ENV: 'development' })).toBeUndefined();
  });

  it('sees the environment as Probot will: .env overrides the process environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-review-env-'));
    writeFileSync(join(dir, '.env'), 'NODE_ENV=production\nWEBHOOK_SECRET=\n');
    const env = effectiveEnvironment({ NODE_ENV: 'development', WEBHOOK_SECRET: SECRET }, dir);
    expect(environmentProblem(env)).toMatch(/WEBHOOK_SECRET is not set/);
    expect(effectiveEnvironment({ A: '1' }, join(dir, 'missing'))).toEqual({ A: '1' });
  });
});
