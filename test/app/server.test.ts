/**
 * The HTTP side, on the server `npm start` runs (src/server.ts's `startServer`, on loopback): webhook
 * signatures checked (a bad signature gets a 4xx and causes no work), oversized bodies refused with
 * 413 before any work, the health route, 404 for anything else; and the start-up checks of `npm start`.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { createAppOctokit } from '../../src/github/octokit.js';
import { effectiveEnvironment, environmentProblem, hasCredentials, startServer, type RunningServer } from '../../src/server.js';
import { APP_ID, installationEvent, pushEvent, testPrivateKey } from './harness.js';

const SECRET = `webhook-secret-${Date.now()}`;
const MAX_BYTES = 64 * 1024;

describe('the server npm start runs', () => {
  let server: RunningServer;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'secret-review-server-'));
  const seen: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    // Requests to the loopback server pass through nock too; anything else would be the app at work.
    nock.emitter.on('no match', (req: { method?: string; path?: string; hostname?: string; host?: string }) => {
      const host = req.hostname ?? req.host ?? '';
      if (!host.startsWith('127.0.0.1')) seen.push(`${req.method} ${host}${req.path}`);
    });
    const env = {
      APP_ID: String(APP_ID),
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      WEBHOOK_MAX_BYTES: String(MAX_BYTES),
      DATA_DIR: dir,
    };
    server = await startServer({
      env,
      // Inline: a delivery the app accepts is reviewed while it waits, so its GitHub calls show in `seen`.
      app: createApp({ env, scanThreads: 0, queue: 'inline' }),
      overrides: { log: pino({ level: 'silent' }), Octokit: createAppOctokit({ throttle: false, retries: 0 }) },
    });
    url = `${server.url}/api/github/webhooks`;
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    nock.enableNetConnect();
    nock.cleanAll();
  });

  const headers = (name: string, signature?: string): Record<string, string> => ({
    'content-type': 'application/json',
    'x-github-event': name,
    'x-github-delivery': `delivery-${Math.random()}`,
    ...(signature ? { 'x-hub-signature-256': signature } : {}),
  });
  const post = (name: string, body: string, signature: string) => fetch(url, { method: 'POST', headers: headers(name, signature), body });
  const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  /** A push the app would review, correctly signed, padded (still valid JSON) past the limit. */
  const oversizedPush = () => {
    const body = JSON.stringify(pushEvent().payload).padEnd(MAX_BYTES + 1024, ' ');
    return { body, signature: sign(body) };
  };

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
    const response = await fetch(url, { method: 'POST', headers: headers('push'), body });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(seen).toEqual([]);
  });

  it('refuses a body over the limit (stated Content-Length) with 413 and does no work', async () => {
    const { body, signature } = oversizedPush();
    const response = await post('push', body, signature);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: `Payload larger than ${MAX_BYTES} bytes` });
    expect(seen).toEqual([]);
  });

  it('refuses a chunked body once it passes the limit with 413 and does no work', async () => {
    const { body, signature } = oversizedPush();
    // node:http rather than fetch: the body goes out in chunks without a Content-Length.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: headers('push', signature) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < body.length; i += 8192) req.write(body.slice(i, i + 8192));
      req.end();
    });
    expect(status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('accepts a chunked body under the limit', async () => {
    const body = JSON.stringify(installationEvent('created').payload);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: headers('installation', sign(body)) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 100));
      req.end(body.slice(100));
    });
    expect(status).toBe(200);
  });

  it('does work for a correctly signed push (the control for the tests above), and still serves after refusals', async () => {
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

  it('answers /healthz with 200 and an unknown path with 404', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    await metrics.arrayBuffer();
    const unknown = await fetch(`${server.url}/nothing-here`);
    expect(unknown.status).toBe(404);
    await unknown.arrayBuffer();
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app itself only with an app ID and a private key where Probot finds one (else the setup flow)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-review-keys-'));
    const key = testPrivateKey();
    expect(hasCredentials({}, dir)).toBe(false);
    expect(hasCredentials({ APP_ID: '1' }, dir)).toBe(false);
    expect(hasCredentials({ PRIVATE_KEY: key }, dir)).toBe(false);
    expect(hasCredentials({ APP_ID: '1', PRIVATE_KEY: key }, dir)).toBe(true);
    // A key given but unreadable is a start-up error naming the variable, never quoting the value.
    expect(() => hasCredentials({ APP_ID: '1', PRIVATE_KEY: 'not-a-key' }, dir)).toThrow(/PRIVATE_KEY/);
    expect(() => hasCredentials({ APP_ID: '1', PRIVATE_KEY: 'not-a-key' }, dir)).not.toThrow(/not-a-key/);
    expect(() => hasCredentials({ APP_ID: '1', PRIVATE_KEY_PATH: 'app.pem' }, dir)).toThrow(/PRIVATE_KEY_PATH/);
    writeFileSync(join(dir, 'app.pem'), key);
    expect(hasCredentials({ APP_ID: '1', PRIVATE_KEY_PATH: 'app.pem' }, dir)).toBe(true);
    expect(hasCredentials({ APP_ID: '1' }, dir)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
