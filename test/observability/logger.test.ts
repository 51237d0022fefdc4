/**
 * The redaction layer: secrets generated at test time (AWS key pair, GitHub tokens, a PEM private key,
 * the webhook secret, database and Slack credentials a review could find) fed through every level,
 * every call form (message, format arguments, objects, nested fields, child bindings, errors and their
 * causes, Octokit-style request errors, JSON inside strings), and through Probot's own server (its
 * HTTP logger and webhook errors): none reaches the output, in whole or as a PEM line.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Probot, Server } from 'probot';
import { createLogger } from '../../src/observability/logger.js';
import { createScrubber, isSecretKey, knownSecretsFromEnv, REDACTED } from '../../src/observability/redact.js';
import { withObservability } from '../../src/server.js';
import { createFake } from '../support/fake.js';

const fake = createFake(515);

const secrets = {
  awsKeyId: `AKIA${fake.chars('A', 16)}`,
  awsSecret: fake.chars('b64', 40).replace(/\+/g, 'x'),
  githubToken: fake.githubToken('ghp'),
  installationToken: fake.githubToken('ghs'),
  pem: fake.pem('RSA PRIVATE KEY', 25),
  webhookSecret: `whsec-${fake.chars('aA0', 32)}`,
  slack: `xoxb-${fake.chars('0', 12)}-${fake.chars('0', 13)}-${fake.chars('aA0', 24)}`,
  dbPassword: fake.chars('aA0', 20),
};
const dbUrl = `postgres://app:${secrets.dbPassword}@db.internal:5432/prod`;
const awsLine = `aws_access_key_id = ${secrets.awsKeyId}\naws_secret_access_key = ${secrets.awsSecret}`;

/** Every secret, and each line of the PEM body: none may appear in the output. */
function forbidden(): string[] {
  const pemLines = secrets.pem.split('\n').filter((l) => !l.startsWith('-----'));
  return [...Object.values(secrets), ...pemLines];
}

function leaks(output: string): string[] {
  return forbidden()
    .filter((s) => output.includes(s) || output.includes(JSON.stringify(s).slice(1, -1)))
    .map((s) => s.slice(0, 12));
}

function capture(level = 'trace') {
  const lines: string[] = [];
  const log = createLogger({
    level,
    destination: { write: (line: string) => void lines.push(line) },
    knownSecrets: [secrets.webhookSecret, secrets.pem],
  });
  return { log, lines, output: () => lines.join('') };
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

describe('redacting logger', () => {
  it('keeps every secret out of every level and call form', () => {
    const { log, lines, output } = capture();
    const child = log.child({ token: secrets.installationToken, note: `bound ${secrets.githubToken}` });
    const grandchild = child.child({ name: 'deep', url: dbUrl });
    let calls = 0;
    for (const level of LEVELS) {
      for (const target of [log, child, grandchild]) {
        const write = target[level].bind(target) as (...args: unknown[]) => void;
        write(`message ${secrets.githubToken} and ${secrets.awsKeyId}`);
        write('format %s and %o', secrets.slack, { k: secrets.installationToken });
        write({ config: awsLine, url: dbUrl, nested: { deeper: [secrets.slack, { any: secrets.pem }] } }, 'object fields');
        write({ privateKey: secrets.pem, secret: secrets.webhookSecret, headers: { authorization: `token ${secrets.githubToken}` } }, 'named fields');
        write({ body: JSON.stringify({ key: secrets.pem, token: secrets.githubToken }) }, 'JSON inside a string');
        write({ webhook: `signed with ${secrets.webhookSecret}` }, `the webhook secret is ${secrets.webhookSecret}`);
        const error = new Error(`request failed for ${dbUrl} with ${secrets.githubToken}`, {
          cause: new Error(`cause holds ${secrets.pem}`),
        });
        write(error);
        write({ err: error }, 'with err');
        write(error, `message beside an error ${secrets.slack}`);
        // An Octokit RequestError carries the request, headers included.
        const requestError = Object.assign(new Error(`Bad credentials ${secrets.installationToken}`), {
          status: 401,
          request: { method: 'GET', url: 'https://api.github.com/app', headers: { authorization: `bearer ${secrets.installationToken}` }, body: awsLine },
          response: { data: { message: secrets.githubToken } },
        });
        write({ err: requestError }, 'octokit error');
        calls += 10;
      }
    }
    expect(lines.length).toBe(calls);
    expect(leaks(output())).toEqual([]);
    // Every line is still JSON, and still says what happened.
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((p) => p.msg === 'object fields')).toHaveLength(LEVELS.length * 3);
    expect(new Set(parsed.map((p) => p.level))).toEqual(new Set([10, 20, 30, 40, 50, 60]));
    const named = parsed.find((p) => p.msg === 'named fields')!;
    expect(named.privateKey).toBe(REDACTED);
    expect((named.headers as Record<string, unknown>).authorization).toBe(REDACTED);
    // Found secrets show their redacted form (edge characters), so a line stays useful.
    expect(parsed[0]!.msg).toMatch(/^message ghp_\*+/);
  });

  it('keeps secrets out whatever the logger level lets through, silent included', () => {
    for (const level of ['info', 'error', 'silent']) {
      const { log, output } = capture(level);
      for (const l of LEVELS) log[l]({ token: secrets.githubToken }, `${l} ${secrets.pem}`);
      expect(leaks(output())).toEqual([]);
    }
  });

  it('does not garble ordinary lines', () => {
    const { log, lines } = capture('info');
    const sha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
    log.info({ repository: 'octo/repo', sha, findings: 3, fingerprint: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' }, 'review done');
    expect(JSON.parse(lines[0]!)).toMatchObject({ repository: 'octo/repo', sha, findings: 3, fingerprint: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', msg: 'review done' });
  });

  it('names credential fields whatever their spelling', () => {
    for (const key of ['authorization', 'Authorization', 'x-hub-signature-256', 'private_key', 'privateKey', 'client_secret', 'access_token', 'password', 'fingerprintKey']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['key', 'fingerprint', 'findings', 'ruleId', 'sha', 'status']) expect(isSecretKey(key)).toBe(false);
  });

  it('takes the deployment secrets from the environment, PEM lines and Redis password included', () => {
    const known = knownSecretsFromEnv({
      WEBHOOK_SECRET: secrets.webhookSecret,
      PRIVATE_KEY: secrets.pem.replace(/\n/g, '\\n'),
      REDIS_URL: `redis://default:${secrets.dbPassword}@redis:6379`,
      SECRET_REVIEW_FINGERPRINT_KEY: 'fingerprint-key-of-this-deployment',
    });
    expect(known).toContain(secrets.webhookSecret);
    expect(known).toContain(secrets.dbPassword);
    expect(known).toContain('fingerprint-key-of-this-deployment');
    const scrub = createScrubber(known);
    const pemLine = secrets.pem.split('\n')[3]!;
    expect(scrub.text(`half a key: ${pemLine}`)).toBe(`half a key: ${REDACTED}`);
    // Probot's public default is not a secret: redacting it would only garble messages.
    expect(knownSecretsFromEnv({ WEBHOOK_SECRET: 'development' })).toEqual([]);
  });
});

describe("Probot's server with the redacting logger", () => {
  const lines: string[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const log = createLogger({ destination: { write: (line: string) => void lines.push(line) }, knownSecrets: [secrets.webhookSecret] });
    server = new Server({
      host: '127.0.0.1',
      port: 0,
      log,
      Probot: Probot.defaults({ appId: 1, privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), secret: secrets.webhookSecret, log }),
    });
    await server.load(
      withObservability((app) => {
        app.on('push', async (context) => {
          context.log.info({ payload: context.payload }, 'push received');
          throw new Error(`handler failed on ${JSON.stringify(context.payload)}`);
        });
      }),
    );
    await server.start();
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.stop();
  });

  it('logs requests, webhook payloads and handler errors without a secret', async () => {
    const health = await fetch(`${base}/healthz?token=${secrets.githubToken}`, { headers: { authorization: `token ${secrets.githubToken}`, cookie: `s=${secrets.slack}` } });
    expect(health.status).toBe(200);
    const body = JSON.stringify({ ref: 'refs/heads/main', head_commit: { message: `add ${secrets.awsKeyId} and ${dbUrl}` }, secret: secrets.pem, repository: { full_name: 'o/r' } });
    const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const headers = (signature: string) => ({ 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': `d-${Math.random()}`, 'x-hub-signature-256': signature });
    // A correctly signed delivery whose handler logs the payload and throws with it.
    const good = await fetch(`${base}/api/github/webhooks`, { method: 'POST', headers: headers(sign(secrets.webhookSecret)), body });
    expect(good.status).toBeGreaterThanOrEqual(200);
    // A badly signed one.
    const bad = await fetch(`${base}/api/github/webhooks`, { method: 'POST', headers: headers(sign('wrong')), body });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 100));
    const output = lines.join('');
    expect(output).toContain('push received');
    expect(output).toContain('GET /healthz');
    expect(leaks(output)).toEqual([]);
    // The webhook counter saw the verified delivery.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/secret_review_webhooks_received_total\{event="push"\} 1/);
  });
});
