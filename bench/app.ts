/**
 * The app's row group of `npm run bench`: app-side time from webhook to completed check run for a
 * 20-file (2 findings) and a 3000-file (no findings) pull request, with GitHub played by nock, and the
 * number of GitHub API calls per run. The same scenarios as test/app/figures.test.ts, outside jest:
 * a real Probot with a key generated here, throttling as in production minus the 1 s write spacing,
 * and the minimal nock mocks of test/app/harness.ts (copied: that harness is test-only).
 *
 * Each run gets a fresh Probot (so it asks for its installation token, as a cold delivery does); one
 * warm-up run per scenario is not counted. Logs go nowhere (info level), unlike the tests' trace capture.
 * BENCH_APP_RUNS sets the runs (5); BENCH_APP_THROTTLE=0 turns throttling off, as figures.test.ts has it
 * (Bottleneck's scheduling costs a few ms per request even with no spacing).
 */
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import Bottleneck from 'bottleneck';
import nock from 'nock';
import { pino } from 'pino';
import { Probot } from 'probot';
import { createApp } from '../src/app.js';
import { createAppOctokit } from '../src/github/octokit.js';
import { createFake } from '../test/support/fake.js';
import { addedFile, API, APP_ID, APP_SLUG, CHECK_ID, HEAD, INSTALLATION, OWNER, PR, pullRequestEvent, REPO_PATH, REPO_URL, testPrivateKey } from '../test/support/github-fixtures.js';

const RUNS = Number(process.env.BENCH_APP_RUNS ?? 5);

/** GitHub for one review: the interceptors figures.test.ts sets up, every request counted. */
function mockGitHub(files: readonly unknown[], findings: number): { scope: nock.Scope; requests: { method: string; path: string }[] } {
  const scope = nock(API);
  const requests: { method: string; path: string }[] = [];
  scope.on('request', (req: { method: string; path: string }) => requests.push({ method: req.method, path: req.path }));

  const paginated = (path: string, items: readonly unknown[], perPage = 100) => {
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    for (let page = 1; page <= pages; page++) {
      const headers: Record<string, string> = {};
      if (page < pages) {
        headers.link = `<${API}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${API}${path}?per_page=${perPage}&page=${pages}>; rel="last"`;
      }
      scope
        .get(path)
        .query(page === 1 ? { per_page: String(perPage) } : { per_page: String(perPage), page: String(page) })
        .reply(200, items.slice((page - 1) * perPage, page * perPage) as nock.Body, headers);
    }
  };

  scope.get('/app').reply(200, { id: APP_ID, slug: APP_SLUG, name: 'Secret review', owner: { login: OWNER } });
  scope.post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, {
    token: 'test-installation-token',
    expires_at: new Date(Date.now() + 3600_000).toISOString(),
    permissions: { checks: 'write', contents: 'read', pull_requests: 'write', metadata: 'read' },
    repository_selection: 'all',
  });
  scope.get(`${REPO_PATH}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
  scope.post(`${REPO_PATH}/check-runs`).reply(201, (_uri, body) => ({
    id: CHECK_ID,
    name: 'Secret review',
    head_sha: HEAD,
    status: (body as { status?: string }).status ?? 'queued',
    html_url: `${REPO_URL}/runs/${CHECK_ID}`,
  }));
  scope.get(`${REPO_PATH}/contents/.github%2Fsecret-review.yml`).reply(404, { message: 'Not Found' });
  scope.get(`/repos/${OWNER}/.github/contents/.github%2Fsecret-review.yml`).reply(404, { message: 'Not Found' });
  paginated(`${REPO_PATH}/pulls/${PR}/files`, files);
  scope
    .patch(`${REPO_PATH}/check-runs/${CHECK_ID}`)
    .times(Math.max(1, Math.ceil(Math.min(findings, 500) / 50)))
    .reply(200, (_uri, body) => ({
      id: CHECK_ID,
      name: 'Secret review',
      status: (body as { status?: string }).status ?? 'completed',
      html_url: `${REPO_URL}/runs/${CHECK_ID}`,
    }));
  paginated(`${REPO_PATH}/pulls/${PR}/comments`, []);
  paginated(`${REPO_PATH}/pulls/${PR}/reviews`, []);
  if (findings > 0) scope.post(`${REPO_PATH}/pulls/${PR}/reviews`).reply(200, { id: 77, state: 'COMMENTED' });
  // Files that get an inline comment are read whole at the head commit (for the suggested edit).
  const heads = new Map<string, string>();
  for (const file of files as { filename: string; patch: string }[]) {
    const text = file.patch.split('\n').slice(1).map((l) => l.slice(1)).join('\n') + '\n';
    heads.set(`${REPO_PATH}/contents/${encodeURIComponent(file.filename)}?ref=${HEAD}`, text);
  }
  if (findings > 0) {
    scope
      .get((uri) => heads.has(uri))
      .times(findings)
      .reply(200, (uri) => heads.get(uri)!, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  }
  return { scope, requests };
}

/** A Probot with the app loaded; throttling on, minus the 1 s (writes) and 3 s (notifications) spacing. */
async function createProbot(): Promise<Probot> {
  const group = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const log = pino({ level: 'info' }, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
  const probot = new Probot({
    appId: APP_ID,
    privateKey: testPrivateKey(),
    log,
    Octokit: createAppOctokit({ throttle: process.env.BENCH_APP_THROTTLE !== '0', retries: 2, baseDelayMs: 1, throttleOptions: { write: group(), notifications: group() } }),
  });
  await probot.load(createApp({ scanThreads: 0, queue: 'inline' }));
  return probot;
}

/** One review: milliseconds from webhook to completed check run, and the API calls it made. */
async function review(files: number, findings: number): Promise<{ ms: number; calls: number }> {
  const fake = createFake(83);
  const list = Array.from({ length: files }, (_, i) =>
    addedFile(`src/file-${i}.ts`, i < findings ? [`const key = "AKIA${fake.chars('A', 16)}";`] : [`export const n = ${i};`]),
  );
  const probot = await createProbot();
  const github = mockGitHub(list, findings);
  const unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string; href?: string }) => unmatched.push(`${req.method} ${req.path ?? req.href}`);
  nock.emitter.on('no match', onNoMatch);
  try {
    const started = performance.now();
    await probot.receive(pullRequestEvent('synchronize', { changedFiles: files }));
    const ms = performance.now() - started;
    const pending = github.scope.pendingMocks();
    if (unmatched.length > 0 || pending.length > 0) {
      throw new Error(`app bench (${files} files): unmatched ${JSON.stringify(unmatched)}, unused ${JSON.stringify(pending)}`);
    }
    return { ms, calls: github.requests.length };
  } finally {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.cleanAll();
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Prints the app rows: median app-side ms over RUNS reviews (after one warm-up) and API calls per run. */
export async function appRows(): Promise<void> {
  nock.disableNetConnect();
  try {
    console.log(`\napp review (webhook to completed check run, GitHub played by nock, median of ${RUNS})`);
    console.log('app review   files   median ms   API calls');
    for (const [label, files, findings] of [
      ['typical', 20, 2],
      ['large', 3000, 0],
    ] as const) {
      await review(files, findings);
      const runs: { ms: number; calls: number }[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await review(files, findings));
      const calls = [...new Set(runs.map((r) => r.calls))].join('/');
      console.log(`${label.padEnd(13)}${String(files).padStart(5)}${median(runs.map((r) => r.ms)).toFixed(1).padStart(12)}${calls.padStart(12)}`);
    }
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  }
}

// `node dist/bench/app.js` runs the app rows alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await appRows();
