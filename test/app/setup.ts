/**
 * Per-file test setup for the app tests: no real network, and after each test every request matched,
 * every request valid per GitHub's OpenAPI description, and every interceptor used.
 */
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import nock from 'nock';
import { createTestApp, type GitHubMock, type TestApp, type TestAppOptions } from './harness.js';

/** Every request matched and valid, every interceptor used; then the interceptors are cleared. */
export function verifyGitHub(github: GitHubMock): void {
  github.dispose();
  try {
    expect(github.unmatched).toEqual([]);
    expect(github.openApiProblems()).toEqual([]);
    expect(github.scope.pendingMocks()).toEqual([]);
  } finally {
    nock.cleanAll();
  }
}

export interface GitHubHolder {
  /** the app under test, verified and dropped after each test */
  current: TestApp | undefined;
  /** a new app under test, verified after the test */
  start(options?: TestAppOptions): Promise<TestApp>;
}

export function useGitHub(): GitHubHolder {
  const holder: GitHubHolder = {
    current: undefined,
    start: async (options) => (holder.current = await createTestApp(options)),
  };
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const github = holder.current?.github;
    holder.current = undefined;
    if (github) verifyGitHub(github);
  });
  afterAll(() => {
    // The worker process may run other test files next.
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return holder;
}
