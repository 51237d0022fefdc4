/** The repository configuration in the CLI: the same file and effects as in the app. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFake } from '../support/fake.js';
import { ensureBuilt, expectUsageError, leaks, makeTempDir, removeTempDir, runCli, writeTree } from './run-cli.js';

const fake = createFake(31);
const appKey = 'AKIA' + fake.chars('A', 16);
const fixtureKey = 'AKIA' + fake.chars('A', 16);
const secretKey = fake.chars('b64', 40);
const acmeToken = fake.chars('aA0', 24);

interface JsonFinding {
  path: string;
  ruleId: string;
  fingerprint: string;
  suppression?: { by: string; detail: string };
}
const findingsOf = (stdout: string) => JSON.parse(stdout).findings as JsonFinding[];

let dir: string;

beforeAll(async () => {
  ensureBuilt();
  dir = await makeTempDir();
  await writeTree(dir, {
    'src/app.js': `const id = "${appKey}";\n`,
    'src/settings.py': `aws_secret_access_key = "${secretKey}"\n`,
    'fixtures/keys.txt': `${fixtureKey}\n`,
    'deploy/acme.cfg': `acme_token=${acmeToken}\n`,
  });
});

afterAll(() => removeTempDir(dir));

async function scanWith(config: string, ...args: string[]) {
  await writeTree(dir, { 'custom.yml': config });
  return runCli(['scan', 'src', 'fixtures', 'deploy', '--config', 'custom.yml', '--format', 'json', '--show-suppressed', ...args], {
    cwd: dir,
  });
}

describe('configuration', () => {
  it('is read from .github/secret-review.yml in the working directory by default', async () => {
    await writeTree(dir, { '.github/secret-review.yml': 'paths:\n  ignore: ["fixtures/**"]\n' });
    try {
      const run = await runCli(['scan'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('1 suppressed: 1 path');
      expect(run.stdout).not.toContain('fixtures/keys.txt');
    } finally {
      await writeTree(dir, { '.github/secret-review.yml': '' });
    }
  });

  it('marks findings under ignored paths and of disabled rules as suppressed', async () => {
    const run = await scanWith('paths:\n  ignore: ["fixtures/**"]\nrules:\n  disable: [aws-secret-access-key]\n');
    const suppressed = findingsOf(run.stdout)
      .filter((f) => f.suppression)
      .map((f) => [f.path, f.suppression]);
    expect(suppressed).toEqual([
      ['fixtures/keys.txt', { by: 'path', detail: 'fixtures/**' }],
      ['src/settings.py', { by: 'rule', detail: 'aws-secret-access-key' }],
    ]);
    expect(run.code).toBe(1); // src/app.js is still reported
  });

  it('runs custom rules', async () => {
    const run = await scanWith(
      'rules:\n  custom:\n    - id: acme-token\n      kind: api-key\n      keywords: [acme_token]\n      pattern: "acme_token=(?<secret>[A-Za-z0-9]{24})"\n',
    );
    const acme = findingsOf(run.stdout).filter((f) => f.ruleId === 'acme-token');
    expect(acme.map((f) => f.path)).toEqual(['deploy/acme.cfg']);
    expect(leaks([run.stdout, run.stderr], [acmeToken])).toEqual([]);
  });

  it('suppresses allowed fingerprints, and exits 0 when nothing blocking is left', async () => {
    const first = await scanWith('{}\n');
    const fingerprints = findingsOf(first.stdout).map((f) => f.fingerprint);
    // two AWS key IDs, the secret access key, and the acme token (a generic `*_token` assignment)
    expect(fingerprints).toHaveLength(4);
    const config = `allow:\n  fingerprints:\n${fingerprints.map((f, i) => (i === 0 ? `    - ${f}\n` : `    - fingerprint: ${f}\n      reason: test data\n`)).join('')}`;
    const run = await scanWith(config);
    expect(run.code).toBe(0);
    expect(findingsOf(run.stdout).map((f) => f.suppression?.by)).toEqual(['fingerprint', 'fingerprint', 'fingerprint', 'fingerprint']);
  });

  it('fails only on findings at or above failOn', async () => {
    // Left: the secret access key, found by name and entropy (high), not by format (critical).
    const base = 'paths:\n  ignore: ["fixtures/**", "src/app.js"]\n';
    expect((await scanWith(base + 'failOn: critical\n')).code).toBe(0);
    expect((await scanWith(base + 'failOn: high\n')).code).toBe(1);
    const text = await runCli(['scan', 'src', '--config', 'custom.yml'], { cwd: dir });
    expect(text.stdout).toContain('1 blocking (fail on high and above)');
  });

  it('uses SECRET_REVIEW_FINGERPRINT_KEY for fingerprints, as the app does', async () => {
    const plain = findingsOf((await scanWith('{}\n')).stdout)[0]!.fingerprint;
    await writeTree(dir, { 'custom.yml': '{}\n' });
    const keyed = await runCli(['scan', 'src', '--config', 'custom.yml', '--format', 'json'], {
      cwd: dir,
      env: { SECRET_REVIEW_FINGERPRINT_KEY: 'another-key' },
    });
    expect(findingsOf(keyed.stdout)[0]!.fingerprint).not.toBe(plain);
  });

  it.each([
    ['an unknown severity', 'failOn: urgent\n', /custom\.yml: invalid configuration at failOn: must be one of low, medium, high, critical$/],
    ['an unknown key', 'paths:\n  exclude: [x]\n', /invalid configuration at paths\.exclude: unknown key$/],
    ['a YAML syntax error', 'paths: [\n', /custom\.yml: invalid configuration: YAML syntax error/],
    ['a pattern that backtracks', 'rules:\n  custom:\n    - id: bad\n      kind: password\n      keywords: [passwd]\n      pattern: "passwd=(a+)+$"\n', /rules\.custom\[0\]\.pattern: can backtrack catastrophically/],
  ])('fails with one line for %s', async (_name, config, pattern) => {
    expectUsageError(await scanWith(config), pattern);
  });

  it('fails with one line when --config names a missing file', async () => {
    expectUsageError(await runCli(['scan', '--config', 'nope.yml'], { cwd: dir }), /^secret-review: cannot read config nope\.yml: no such file or directory$/);
  });
});
