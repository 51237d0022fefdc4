/**
 * The app under test: a real Probot with a key generated at test time, the app loaded into it, a pino
 * logger writing every line (trace level) to memory, and GitHub played by nock. Every request the app
 * sends is recorded and checked against GitHub's OpenAPI description (test/support/github-openapi.ts).
 */
import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import { Probot } from 'probot';
import { createApp } from '../../src/app.js';
import { createAppOctokit, type OctokitPolicy } from '../../src/github/octokit.js';
import { API, APP_ID, APP_SLUG, CHECK_ID, HEAD, INSTALLATION, OWNER, PR, REPO_PATH, REPO_URL, testPrivateKey } from '../support/github-fixtures.js';
import { problemsOf, type RecordedRequest } from '../support/github-openapi.js';

// The repository, the app's key, webhook payloads and file entries (no mocking in them).
export * from '../support/github-fixtures.js';

export interface Recorded extends RecordedRequest {
  readonly json: unknown;
}

/** A check-run update as the app sends it. */
export interface CheckUpdate {
  status?: string;
  conclusion?: string;
  output?: { title: string; summary: string; text?: string; annotations?: { path: string; start_line: number; annotation_level: string }[] };
}

/** GitHub, played by nock: interceptors on one scope, every request recorded. */
export class GitHubMock {
  readonly scope: nock.Scope;
  readonly requests: Recorded[] = [];
  readonly unmatched: string[] = [];
  private readonly onNoMatch = (req: { method?: string; path?: string; href?: string }) => {
    this.unmatched.push(`${req.method} ${req.path ?? req.href}`);
  };

  constructor(base = API) {
    this.scope = nock(base);
    this.scope.on('request', (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      this.requests.push({ method: req.method, path: req.path, body: body ?? '', json });
    });
    nock.emitter.on('no match', this.onNoMatch);
  }

  dispose(): void {
    nock.emitter.removeListener('no match', this.onNoMatch);
  }

  /** Requests whose shape GitHub's description does not allow. */
  openApiProblems(): string[] {
    return this.requests.flatMap((r) => problemsOf(r));
  }

  /** Recorded requests matching a method and a path (pathname, or a RegExp on the path). */
  sent(method: string, path: string | RegExp): Recorded[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path.split('?')[0] === path : path.test(r.path)),
    );
  }

  /** The bodies of the updates of a check run, in order. */
  checkUpdates(id = CHECK_ID): CheckUpdate[] {
    return this.sent('PATCH', `${REPO_PATH}/check-runs/${id}`).map((r) => r.json as CheckUpdate);
  }

  // ---- the requests every run makes --------------------------------------------------------

  app(): this {
    this.scope.get('/app').reply(200, { id: APP_ID, slug: APP_SLUG, name: 'Secret review', owner: { login: OWNER } });
    return this;
  }

  token(): this {
    this.scope.post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, {
      token: 'test-installation-token',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      permissions: { checks: 'write', contents: 'read', pull_requests: 'write', metadata: 'read' },
      repository_selection: 'all',
    });
    return this;
  }

  /** No configuration in the repository nor in the organization's .github repository. */
  noConfig(): this {
    this.scope.get(`${REPO_PATH}/contents/.github%2Fsecret-review.yml`).reply(404, { message: 'Not Found' });
    this.scope.get(`/repos/${OWNER}/.github/contents/.github%2Fsecret-review.yml`).reply(404, { message: 'Not Found' });
    return this;
  }

  config(yamlText: string): this {
    this.scope
      .get(`${REPO_PATH}/contents/.github%2Fsecret-review.yml`)
      .reply(200, yamlText, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    return this;
  }

  /** The start of a first run on the commit: the app, a token, no earlier check run, a new one. */
  newRun(): this {
    return this.app().token().checkRuns().createCheck();
  }

  /**
   * A first pull-request run up to its review: `newRun()`, the configuration (none unless given), the
   * pull request's files, the check run's updates (one unless said) and no earlier comments or reviews.
   */
  pullRequestRun(files: readonly unknown[], options: { config?: string; updates?: number } = {}): this {
    this.newRun();
    if (options.config === undefined) this.noConfig();
    else this.config(options.config);
    return this.prFiles(files).updateCheck(CHECK_ID, options.updates ?? 1).prior();
  }

  /** The check-run listing for a commit, with the app's earlier runs. */
  checkRuns(sha = HEAD, runs: { id: number; status: string; conclusion?: string | null; external_id?: string }[] = []): this {
    this.scope
      .get(`${REPO_PATH}/commits/${sha}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: runs.length,
        check_runs: runs.map((r) => ({
          id: r.id,
          name: 'Secret review',
          head_sha: sha,
          status: r.status,
          conclusion: r.conclusion ?? null,
          external_id: r.external_id ?? null,
          html_url: `${REPO_URL}/runs/${r.id}`,
          app: { id: APP_ID, slug: APP_SLUG },
        })),
      });
    return this;
  }

  createCheck(id = CHECK_ID, sha = HEAD): this {
    this.scope.post(`${REPO_PATH}/check-runs`).reply(201, (_uri, body) => ({
      id,
      name: 'Secret review',
      head_sha: sha,
      status: (body as { status?: string }).status ?? 'queued',
      html_url: `${REPO_URL}/runs/${id}`,
    }));
    return this;
  }

  /** `times` updates of the check run; each answers with the status it was given. */
  updateCheck(id = CHECK_ID, times = 1, keepStatus?: string): this {
    this.scope
      .patch(`${REPO_PATH}/check-runs/${id}`)
      .times(times)
      .reply(200, (_uri, body) => ({
        id,
        name: 'Secret review',
        status: keepStatus ?? (body as { status?: string }).status ?? 'completed',
        html_url: `${REPO_URL}/runs/${id}`,
      }));
    return this;
  }

  /** A paginated list at `path` (per_page=100), with GitHub's Link headers. */
  paginated(path: string, items: readonly unknown[], perPage = 100): this {
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    for (let page = 1; page <= pages; page++) {
      const slice = items.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page < pages) {
        headers.link = `<${API}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${API}${path}?per_page=${perPage}&page=${pages}>; rel="last"`;
      }
      this.scope
        .get(path)
        .query(page === 1 ? { per_page: String(perPage) } : { per_page: String(perPage), page: String(page) })
        .reply(200, slice, headers);
    }
    return this;
  }

  /**
   * The pull request's files, and (optional: only files with an inline comment are read) each patched
   * file's head-side content as its patch shows it, lines the patch does not show left empty.
   */
  prFiles(files: readonly unknown[], number = PR): this {
    const heads = new Map<string, string>();
    for (const file of files as { filename: string; status: string; patch?: string }[]) {
      if (file.patch !== undefined && file.status !== 'removed') heads.set(`${REPO_PATH}/contents/${encodeURIComponent(file.filename)}?ref=${HEAD}`, file.patch);
    }
    if (heads.size > 0) {
      this.scope
        .get((uri) => heads.has(uri))
        .times(heads.size)
        .optionally()
        .reply(200, (uri) => headTextOf(heads.get(uri)!), { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    }
    return this.paginated(`${REPO_PATH}/pulls/${number}/files`, files);
  }

  /** The app's (and others') earlier inline comments and reviews. */
  prior(comments: readonly unknown[] = [], reviews: readonly unknown[] = [], number = PR): this {
    this.paginated(`${REPO_PATH}/pulls/${number}/comments`, comments);
    this.paginated(`${REPO_PATH}/pulls/${number}/reviews`, reviews);
    return this;
  }

  createReview(number = PR, status = 200, answer: unknown = { id: 77, state: 'COMMENTED' }): this {
    this.scope.post(`${REPO_PATH}/pulls/${number}/reviews`).reply(status, answer as nock.Body);
    return this;
  }
}

/** The head side of a file as far as a patch shows it; lines outside its hunks are empty. */
function headTextOf(patch: string): string {
  const lines: string[] = [];
  let next = 0;
  for (const line of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line);
    if (hunk) next = Number(hunk[1]) - 1;
    else if (line.startsWith('+') || line.startsWith(' ')) lines[next++] = line.slice(1);
  }
  return Array.from(lines, (l) => l ?? '').join('\n') + '\n';
}

export interface TestApp {
  readonly probot: Probot;
  readonly github: GitHubMock;
  /** every log line, at trace level */
  readonly logs: string[];
}

export interface TestAppOptions {
  readonly policy?: OctokitPolicy;
}

/** A Probot with the app loaded, fast retries, no write spacing, and logs captured. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const log = pino({ level: 'trace' }, stream);
  const probot = new Probot({
    appId: APP_ID,
    privateKey: testPrivateKey(),
    log,
    Octokit: createAppOctokit({ throttle: false, retries: 2, baseDelayMs: 1, ...options.policy }),
  });
  await probot.load(createApp({ scanThreads: 0, queue: 'inline' }));
  return { probot, github: new GitHubMock(), logs };
}

