/**
 * app.yml against the app itself: it subscribes to exactly the events the app handles, and asks for
 * permissions GitHub knows (validated with the `app-permissions` schema of GitHub's OpenAPI).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import type { Probot } from 'probot';
import { createApp } from '../../src/app.js';

const require = createRequire(import.meta.url);

interface Manifest {
  name: string;
  url: string;
  default_events: string[];
  default_permissions: Record<string, string>;
}

const manifest = parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as Manifest;

function handledEvents(): string[] {
  const names: string[] = [];
  const app = {
    on: (event: string | string[]) => names.push(...(Array.isArray(event) ? event : [event])),
    auth: async () => {
      throw new Error('not in this test');
    },
    log: { debug() {}, info() {}, warn() {}, error() {}, child: () => app.log },
  };
  void createApp({ scanThreads: 0, queue: 'inline' })(app as unknown as Probot, { cwd: process.cwd(), addHandler: () => undefined });
  return names;
}

describe('app.yml', () => {
  it('subscribes to exactly the events the app acts on (installation events come without asking)', () => {
    const handled = new Set(handledEvents().map((e) => e.split('.')[0]!));
    handled.delete('installation');
    handled.delete('installation_repositories');
    expect([...manifest.default_events].sort()).toEqual([...handled].sort());
    expect(handledEvents()).toEqual(
      expect.arrayContaining([
        'pull_request.opened',
        'pull_request.reopened',
        'pull_request.synchronize',
        'pull_request.ready_for_review',
        'push',
        'check_suite.rerequested',
        'check_run.rerequested',
      ]),
    );
  });

  it('asks for least privilege, in GitHub\'s permission vocabulary', () => {
    expect(manifest.default_permissions).toEqual({
      checks: 'write',
      contents: 'read',
      pull_requests: 'write',
      issues: 'write',
      metadata: 'read',
    });
    const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as {
      components: { schemas: Record<string, object> };
    };
    const validate = new Ajv({ strict: false }).compile({ ...spec.components.schemas['app-permissions'], additionalProperties: false });
    expect(validate(manifest.default_permissions)).toBe(true);
    expect(manifest.url).toMatch(/^https:\/\//);
  });
});
