/**
 * GitHub as the tests and the benchmarks see it, without any mocking: the repository, app and
 * installation ids, an app key generated at run time (no key material lives in the repository),
 * webhook payloads (GitHub's own examples, adjusted) and pull-request file entries. test/app/harness.ts
 * re-exports all of it; bench/ and test/queue/burst.ts use it directly.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { FIX_ISSUE_ACTION } from '../../src/report/fix-issue.js';

const require = createRequire(import.meta.url);

export const API = 'https://api.github.com';
export const APP_ID = 4242;
export const APP_SLUG = 'secret-review';
export const BOT = `${APP_SLUG}[bot]`;
export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
export const REPO_URL = `https://github.com/${OWNER}/${REPO}`;
export const INSTALLATION = 1;
export const PR = 2;
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
export const CHECK_ID = 9001;

let key: string | undefined;
/** An RSA key made for this test run; no key material lives in the repository. */
export function testPrivateKey(): string {
  key ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  }).privateKey;
  return key;
}

// ---- webhook payloads: GitHub's own examples, adjusted -----------------------------------------

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}

const definitions = require('@octokit/webhooks-examples/api.github.com/index.json') as Definition[];

function example(name: string, pick: (e: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found = definitions.find((d) => d.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example`);
  return structuredClone(found);
}

const installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };

export function pullRequestEvent(
  action: 'opened' | 'reopened' | 'synchronize' | 'ready_for_review',
  changes: { head?: string; base?: string; changedFiles?: number; number?: number } = {},
) {
  const payload = example('pull_request', (e) => e.action === action) as Record<string, any>;
  payload.installation = installation;
  payload.number = changes.number ?? PR;
  payload.pull_request.number = changes.number ?? PR;
  payload.pull_request.state = 'open';
  payload.pull_request.head.sha = changes.head ?? HEAD;
  payload.pull_request.base.sha = changes.base ?? BASE;
  payload.pull_request.changed_files = changes.changedFiles ?? 1;
  return { id: `delivery-${action}-${Math.random().toString(36).slice(2)}`, name: 'pull_request' as const, payload: payload as any };
}

export function pushEvent(changes: { ref?: string; before?: string; after?: string; created?: boolean; deleted?: boolean } = {}) {
  const payload = example('push', (e) => e.ref === 'refs/heads/master') as Record<string, any>;
  payload.installation = installation;
  payload.ref = changes.ref ?? 'refs/heads/feature';
  payload.before = changes.before ?? BASE;
  payload.after = changes.after ?? HEAD;
  payload.created = changes.created ?? false;
  payload.deleted = changes.deleted ?? false;
  return { id: `delivery-push-${Math.random().toString(36).slice(2)}`, name: 'push' as const, payload: payload as any };
}

/** A pull request as check suites and check runs list it. */
function listedPullRequest(p: { number: number; head: string; base: string }) {
  return {
    url: `${API}${REPO_PATH}/pulls/${p.number}`,
    id: p.number * 1000,
    number: p.number,
    head: { ref: 'changes', sha: p.head, repo: { id: 1, url: `${API}${REPO_PATH}`, name: REPO } },
    base: { ref: 'master', sha: p.base, repo: { id: 1, url: `${API}${REPO_PATH}`, name: REPO } },
  };
}

export function checkSuiteRerequested(pullRequests: { number: number; head: string; base: string }[] = []) {
  const payload = example('check_suite', (e) => e.action === 'rerequested') as Record<string, any>;
  payload.installation = installation;
  payload.repository = example('pull_request', (e) => e.action === 'opened').repository;
  payload.check_suite.head_sha = HEAD;
  payload.check_suite.before = BASE;
  payload.check_suite.after = HEAD;
  payload.check_suite.pull_requests = pullRequests.map(listedPullRequest);
  return { id: `delivery-suite-${Math.random().toString(36).slice(2)}`, name: 'check_suite' as const, payload: payload as any };
}

export function checkRunRerequested(name = 'Secret review', appId = APP_ID, externalId: string | null = 'push') {
  const payload = example('check_run', (e) => e.action === 'rerequested') as Record<string, any>;
  payload.installation = installation;
  payload.repository = example('pull_request', (e) => e.action === 'opened').repository;
  payload.check_run.name = name;
  payload.check_run.head_sha = HEAD;
  payload.check_run.app = { ...(payload.check_run.app ?? {}), id: appId };
  payload.check_run.pull_requests = [];
  payload.check_run.external_id = externalId;
  payload.check_run.check_suite = { ...payload.check_run.check_suite, head_sha: HEAD, before: BASE, after: HEAD };
  return { id: `delivery-run-${Math.random().toString(36).slice(2)}`, name: 'check_run' as const, payload: payload as any };
}

/** A press of a check run's action button (default: "Open fix issue") on the app's run of the pull request. */
export function requestedAction(identifier: string = FIX_ISSUE_ACTION.identifier, name = 'Secret review') {
  const payload = example('check_run', (e) => e.action === 'requested_action') as Record<string, any>;
  payload.installation = installation;
  payload.repository = example('pull_request', (e) => e.action === 'opened').repository;
  payload.requested_action = { identifier };
  payload.check_run.id = CHECK_ID;
  payload.check_run.name = name;
  payload.check_run.head_sha = HEAD;
  payload.check_run.app = { ...(payload.check_run.app ?? {}), id: APP_ID };
  payload.check_run.external_id = `pull_request:${PR}`;
  payload.check_run.pull_requests = [listedPullRequest({ number: PR, head: HEAD, base: BASE })];
  return { id: `delivery-action-${Math.random().toString(36).slice(2)}`, name: 'check_run' as const, payload: payload as any };
}

export function installationEvent(action: 'created' | 'deleted' = 'created') {
  const payload = example('installation', (e) => e.action === action) as Record<string, any>;
  return { id: `delivery-installation-${action}`, name: 'installation' as const, payload: payload as any };
}

// ---- changed files --------------------------------------------------------------------------

/** A pull-request file entry whose patch adds `lines` as a new file. */
export function addedFile(filename: string, lines: readonly string[]) {
  return {
    sha: 'a'.repeat(40),
    filename,
    status: 'added',
    additions: lines.length,
    deletions: 0,
    changes: lines.length,
    blob_url: `${REPO_URL}/blob/${HEAD}/${filename}`,
    raw_url: `${REPO_URL}/raw/${HEAD}/${filename}`,
    contents_url: `${API}${REPO_PATH}/contents/${filename}?ref=${HEAD}`,
    patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`,
  };
}

/** A modified file whose patch adds `added` after line `after` (with one context line each side). */
export function modifiedFile(filename: string, after: number, added: readonly string[]) {
  const start = after;
  const patch = [`@@ -${start},2 +${start},${added.length + 2} @@`, ' before', ...added.map((l) => `+${l}`), ' after'].join('\n');
  return {
    sha: 'b'.repeat(40),
    filename,
    status: 'modified',
    additions: added.length,
    deletions: 0,
    changes: added.length,
    patch,
  };
}
