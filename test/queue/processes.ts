/**
 * Spawning the app as a child process, and posting signed webhooks to it. Runs from the TypeScript
 * sources (jest; children through tsx) and from the build (`npm run bench`; dist/test/queue).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SECRET = 'queue-test-webhook-secret';
const EXT = extname(fileURLToPath(import.meta.url));

/** `node` arguments that run the sibling script `name` (child, burst-sender) as this file runs. */
export function scriptArgs(name: string): string[] {
  const file = fileURLToPath(new URL(`./${name}${EXT}`, import.meta.url));
  return EXT === '.ts' ? ['--import', 'tsx', file] : [file];
}

export interface AppProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: string[];
}

export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  // The store is the test's choice: REDIS_URL from the test run's environment must not turn a SQLite case into a Redis one.
  const { REDIS_URL: _redis, REDIS_PREFIX: _prefix, ...inherited } = process.env;
  const child = spawn(process.execPath, scriptArgs('child'), {
    env: { ...inherited, ...env, WEBHOOK_SECRET: SECRET, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening: ${stderr.join('')}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/api/github/webhooks`, stderr };
}

export function kill(app: AppProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
  return new Promise((resolve) => {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return resolve(app.child.exitCode);
    app.child.once('exit', (code) => resolve(code));
    app.child.kill(signal);
  });
}

export function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface Delivery {
  readonly id: string;
  readonly name: string;
  readonly payload: unknown;
}

/** Posts a signed webhook; returns the status and the milliseconds to the answer. */
export async function deliver(url: string, event: Delivery, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify(event.payload);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event.name,
      'x-github-delivery': event.id,
      'x-hub-signature-256': sign(body),
      ...headers,
    },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}
