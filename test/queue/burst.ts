/**
 * The webhook burst, shared by test/queue/burst.test.ts and `npm run bench` (bench/queue.ts): the app
 * as deployed in a process of its own (the server `npm start` runs, GitHub a fake on loopback in this
 * process), a warm-up delivery, then `webhooks` signed `pull_request.opened` deliveries from a sender
 * process with `senders` in flight at once, while 8 reviews run at once; then the wait until every
 * pull request has its completed check run and its comment.
 */
import { spawn } from 'node:child_process';
import { createFake } from '../support/fake.js';
import { pullRequestEvent } from '../support/github-fixtures.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { deliver, kill, scriptArgs, startApp, type AppProcess, type Delivery } from './processes.js';
import { until } from './tasks.js';

export interface BurstOptions {
  /** the app's environment: the store (DATA_DIR, or REDIS_URL and REDIS_PREFIX) */
  readonly env: Record<string, string>;
  readonly webhooks?: number;
  readonly senders?: number;
  /** deliveries sent again after the burst (GitHub's redeliveries: nothing new may happen) */
  readonly redeliver?: number;
}

export interface BurstResult {
  readonly webhooks: number;
  /** acknowledgement times in ms, as the sender saw them, sorted */
  readonly times: number[];
  /** statuses of the burst's answers other than 200 (the redeliveries' included) */
  readonly refused: number[];
  readonly perMinute: number;
  readonly events: ReturnType<typeof pullRequestEvent>[];
  /** still serving: the caller inspects it, then closes it */
  readonly github: FakeGitHub;
  /** the app's stderr (its warnings and errors) */
  readonly stderr: string;
}

export const percentile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Posts `events` from a sender process; its acknowledgement times and statuses. */
async function sendFromOwnProcess(url: string, events: Delivery[], senders: number): Promise<{ times: number[]; statuses: number[] }> {
  const sender = spawn(process.execPath, scriptArgs('burst-sender'), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  sender.stdout.on('data', (d: Buffer) => out.push(d));
  sender.stderr.on('data', (d: Buffer) => err.push(d));
  const exited = new Promise<number | null>((resolve) => sender.once('exit', resolve));
  sender.stdin.end(JSON.stringify({ url, events, senders }));
  const code = await exited;
  if (code !== 0) throw new Error(`the burst sender exited with ${code}: ${Buffer.concat(err).toString().slice(-2000)}`);
  return JSON.parse(Buffer.concat(out).toString('utf8')) as { times: number[]; statuses: number[] };
}

export async function runBurst(options: BurstOptions): Promise<BurstResult> {
  const webhooks = options.webhooks ?? 500;
  const senders = options.senders ?? 8;
  const fake = createFake(91);
  const keys = new Map<number, string>();
  const secretFor = (pr: number) => {
    if (!keys.has(pr)) keys.set(pr, 'AKIA' + fake.chars('A', 16));
    return keys.get(pr)!;
  };
  const github = await startFakeGitHub({ secretFor });
  let app: AppProcess | undefined;
  try {
    app = await startApp({ ...options.env, FAKE_GITHUB: github.url, QUEUE_CONCURRENCY: '8', QUEUE_CONCURRENCY_PER_INSTALLATION: '8' });
    const events = Array.from({ length: webhooks }, (_, i) => pullRequestEvent('opened', { number: 100 + i, head: (100 + i).toString(16).padStart(40, 'c') }));
    // A warm-up delivery first (the first one loads the engine), then the burst.
    const warm = await deliver(app.url, pullRequestEvent('opened', { number: 99, head: 'e'.repeat(40) }));
    if (warm.status !== 200) throw new Error(`the warm-up delivery got ${warm.status}`);
    const started = performance.now();
    const { times, statuses } = await sendFromOwnProcess(app.url, events, senders);
    const refused = statuses.filter((s) => s !== 200);
    if (options.redeliver) refused.push(...(await sendFromOwnProcess(app.url, events.slice(0, options.redeliver), senders)).statuses.filter((s) => s !== 200));
    const shas = new Set(events.map((e) => e.payload.pull_request.head.sha as string));
    const completed = () => github.checkRuns.filter((r) => shas.has(r.head_sha) && r.status === 'completed').length;
    const reviewed = () => completed() === webhooks && events.every((e) => (github.comments.get(e.payload.number as number)?.length ?? 0) > 0);
    await until(reviewed, 150_000, 'all reviews').catch(() => {
      throw new Error(`${completed()} of ${webhooks} reviews completed in time; GitHub saw ${JSON.stringify([...github.count])}; the app said: ${app!.stderr.join('').slice(-2000)}`);
    });
    const perMinute = webhooks / ((performance.now() - started) / 60_000);
    // A moment for any duplicate work (a redelivery run again) to show on the fake GitHub.
    if (options.redeliver) await new Promise((resolve) => setTimeout(resolve, 500));
    return { webhooks, times: times.sort((a, b) => a - b), refused, perMinute, events, github, stderr: app.stderr.join('') };
  } catch (error) {
    await github.close();
    throw error;
  } finally {
    if (app) await kill(app, 'SIGTERM');
  }
}
