/**
 * A tiny GitHub on loopback for the queue's end-to-end tests: the app's identity, installation tokens,
 * check runs (found, created, updated), pull-request files with one AWS key each, the app's review
 * comments read back, and no configuration. It keeps what was written so a test can count effects, and
 * can hold one request unanswered (to kill the process that sent it), or answer chosen requests with an
 * error or not at all (GitHub failing).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT = 'secret-review[bot]';

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
}

export interface FakeGitHub {
  readonly url: string;
  readonly checkRuns: CheckRun[];
  readonly created: number[];
  readonly reviews: { pr: number; body: string; comments: { path: string; line: number; body: string }[] }[];
  readonly comments: Map<number, { id: number; body: string; path: string; line: number; user: { login: string; type: string } }[]>;
  readonly unknown: string[];
  /** requests received, by "METHOD /path" with numbers as N, without the query */
  readonly count: Map<string, number>;
  /** every conclusion a check run was given, in order */
  readonly conclusions: string[];
  /** resolves when the held request arrives */
  readonly held: Promise<void>;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** the key each pull request's file adds, by pull-request number */
  readonly secretFor: (pr: number) => string;
  /** hold (never answer) the first request this matches, after recording its effect */
  readonly hold?: (method: string, path: string) => boolean;
  /**
   * GitHub failing, before a request has any effect: an error answer, or 'hang' (never answered).
   * `key` is "METHOD /path" with numbers as N; `n` counts the requests with that key, from 1.
   */
  readonly fault?: (key: string, n: number) => Fault | undefined;
}

export type Fault = 'hang' | { readonly status: number; readonly message: string; readonly headers?: Record<string, string> };

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
};

async function bodyOf(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startFakeGitHub(options: FakeOptions): Promise<FakeGitHub> {
  let nextId = 1000;
  let heldOnce = false;
  let onHeld: () => void = () => {};
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const state = {
    checkRuns: [] as CheckRun[],
    created: [] as number[],
    reviews: [] as FakeGitHub['reviews'],
    comments: new Map() as FakeGitHub['comments'],
    unknown: [] as string[],
    count: new Map<string, number>(),
    conclusions: [] as string[],
  };
  const sockets = new Set<import('node:net').Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const body = method === 'GET' ? undefined : await bodyOf(req);
    const key = `${method} ${path.replace(/\d+/g, 'N')}`;
    const n = (state.count.get(key) ?? 0) + 1;
    state.count.set(key, n);
    const fault = options.fault?.(key, n);
    if (fault === 'hang') return;
    if (fault) {
      res.writeHead(fault.status, { 'content-type': 'application/json; charset=utf-8', ...fault.headers }).end(JSON.stringify({ message: fault.message }));
      return;
    }
    const hold = () => {
      if (heldOnce || !options.hold?.(method, path)) return false;
      heldOnce = true;
      onHeld();
      return true;
    };
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/app') return json(res, 200, { id: 4242, slug: 'secret-review', name: 'Secret review' });
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return json(res, 201, { token: 'fake-installation-token', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {} });
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/check-runs$/))) {
      const runs = state.checkRuns.filter((r) => r.head_sha === m![1]);
      return json(res, 200, { total_count: runs.length, check_runs: runs.map((r) => ({ ...r, app: { id: 4242 }, html_url: `https://github.com/x/runs/${r.id}` })) });
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(path)) {
      const run: CheckRun = { id: nextId++, name: body.name, head_sha: body.head_sha, status: body.status ?? 'queued', conclusion: null, external_id: body.external_id ?? null };
      state.checkRuns.push(run);
      state.created.push(run.id);
      return json(res, 201, run);
    }
    if (method === 'PATCH' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/))) {
      const run = state.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return json(res, 404, { message: 'Not Found' });
      if (body.status) run.status = body.status;
      if (body.conclusion) {
        run.conclusion = body.conclusion;
        state.conclusions.push(body.conclusion);
      }
      if (body.status === 'in_progress') run.conclusion = null;
      if (body.external_id) run.external_id = body.external_id;
      if (hold()) return;
      return json(res, 200, run);
    }
    if (method === 'GET' && /\/contents\//.test(path)) return json(res, 404, { message: 'Not Found' });
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/))) {
      const pr = Number(m[1]);
      if (hold()) return;
      const lines = ['export const region = "eu-west-1";', `export const keyId = "${options.secretFor(pr)}";`];
      return json(res, 200, [
        { sha: 'a'.repeat(40), filename: `src/config-${pr}.ts`, status: 'added', additions: 2, deletions: 0, changes: 2, patch: `@@ -0,0 +1,2 @@\n${lines.map((l) => `+${l}`).join('\n')}` },
      ]);
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/))) return json(res, 200, state.comments.get(Number(m[1])) ?? []);
    if (method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/))) {
      const pr = Number(m[1]);
      return json(res, 200, state.reviews.filter((r) => r.pr === pr).map((r, i) => ({ id: i + 1, body: r.body, state: 'COMMENTED', user: { login: BOT, type: 'Bot' } })));
    }
    if (method === 'POST' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/))) {
      const pr = Number(m[1]);
      state.reviews.push({ pr, body: body.body ?? '', comments: body.comments ?? [] });
      const list = state.comments.get(pr) ?? [];
      for (const c of body.comments ?? []) list.push({ id: nextId++, body: c.body, path: c.path, line: c.line, user: { login: BOT, type: 'Bot' } });
      state.comments.set(pr, list);
      if (hold()) return;
      return json(res, 200, { id: nextId++, state: 'COMMENTED' });
    }
    state.unknown.push(`${method} ${path}`);
    return json(res, 404, { message: 'Not Found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { message: String(error) }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ...state,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
