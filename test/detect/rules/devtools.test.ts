/**
 * The developer-platform rules on realistic files: what is found (rule and line) and, as much, what is
 * not: references to CI secrets, environment variables, documentation placeholders, public DSNs.
 */
import { describe, expect, it } from '@jest/globals';
import { createFake } from '../../support/fake.js';
import { reported } from '../../support/scan.js';

const f = createFake(4242);

const uuid = () => `${f.chars('hex', 8)}-${f.chars('hex', 4)}-4${f.chars('hex', 3)}-b${f.chars('hex', 3)}-${f.chars('hex', 12)}`;

describe('devtools rules on realistic files', () => {
  it('a GitHub Actions workflow: secrets references are fine, a hard-coded PAT is not', () => {
    const pat = f.githubToken('ghp');
    const broken = f.githubToken('ghp').slice(0, -1) + '0';
    const text = [
      'name: release', // 1
      'on:', // 2
      '  push:', // 3
      '    tags: ["v*"]', // 4
      'jobs:', // 5
      '  publish:', // 6
      '    runs-on: ubuntu-latest', // 7
      '    steps:', // 8
      '      - uses: actions/checkout@v4', // 9
      '      - run: gh release create "$GITHUB_REF_NAME" --generate-notes', // 10
      '        env:', // 11
      '          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}', // 12
      '      - run: ./scripts/mirror.sh', // 13
      '        env:', // 14
      `          MIRROR_TOKEN: ${pat}`, // 15
      `          OLD_TOKEN: ${broken}`, // 16 (checksum does not hold)
      '          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}', // 17
      '          SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}', // 18
      '          CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}', // 19
    ].join('\n');
    expect(reported({ path: '.github/workflows/release.yml', text })).toEqual([
      { ruleId: 'github-personal-access-token', line: 15 },
    ]);
  });

  it('an .npmrc: ${NPM_TOKEN} is a reference, literal tokens are findings', () => {
    const text = [
      'registry=https://registry.npmjs.org/', // 1
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', // 2
      '@acme:registry=https://npm.pkg.github.com/', // 3
      `//npm.pkg.github.com/:_authToken=${f.githubToken('ghp')}`, // 4
      `//npm.acme.internal/:_authToken=${uuid()}`, // 5
      'always-auth=true', // 6
    ].join('\n');
    expect(reported({ path: '.npmrc', text })).toEqual([
      { ruleId: 'github-personal-access-token', line: 4 },
      { ruleId: 'npm-npmrc-auth-token', line: 5 },
    ]);
    const literal = `//registry.npmjs.org/:_authToken=${f.npmToken()}\n`;
    expect(reported({ path: 'packages/cli/.npmrc', text: literal })).toEqual([{ ruleId: 'npm-access-token', line: 1 }]);
  });

  it('a Terraform Cloud credentials file and the configuration that uses it', () => {
    const credentials = [
      '{', // 1
      '  "credentials": {', // 2
      '    "app.terraform.io": {', // 3
      `      "token": "${f.chars('aA0', 14)}.atlasv1.${f.chars('b64url', 67)}"`, // 4
      '    }', // 5
      '  }', // 6
      '}', // 7
    ].join('\n');
    expect(reported({ path: '.terraform.d/credentials.tfrc.json', text: credentials })).toEqual([
      { ruleId: 'terraform-cloud-api-token', line: 4 },
    ]);
    const main = [
      'terraform {', // 1
      '  cloud {', // 2
      '    organization = "acme"', // 3
      '    workspaces { name = "prod" }', // 4
      '  }', // 5
      '}', // 6
      'provider "tfe" {', // 7
      '  token = var.tfe_token', // 8
      '}', // 9
      'provider "vault" {', // 10
      '  address = "https://vault.acme.internal:8200"', // 11
      `  token   = "hvs.${f.chars('aA0', 24)}"`, // 12
      '}', // 13
    ].join('\n');
    expect(reported({ path: 'infra/main.tf', text: main })).toEqual([{ ruleId: 'vault-service-token', line: 12 }]);
  });

  it('documentation with placeholder tokens yields nothing', () => {
    const text = [
      '## Authentication', // 1
      '', // 2
      'Create a token and export it before running the CLI:', // 3
      '', // 4
      '```sh', // 5
      'export GITHUB_TOKEN=ghp_xxxxxxxxxxxx', // 6
      `export GH_TOKEN=ghp_${'x'.repeat(36)}`, // 7
      'export GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx', // 8
      `export NPM_TOKEN=npm_${'X'.repeat(36)}`, // 9
      'export DOCKERHUB_TOKEN=dckr_pat_...', // 10
      'export VAULT_TOKEN=hvs.<your-token>', // 11
      'export SENTRY_AUTH_TOKEN=sntrys_...', // 12
      '```', // 13
      '', // 14
      'Classic tokens look like `ghp_` followed by 36 characters; fine-grained ones start with `github_pat_`.', // 15
      'The DSN is public: `SENTRY_DSN=https://<key>@o0.ingest.sentry.io/0`.', // 16
    ].join('\n');
    expect(reported({ path: 'docs/setup.md', text })).toEqual([]);
  });

  it('a source file: environment lookups, hashes, DSNs and ids are not secrets; literals are', () => {
    const glpat = `glpat-${f.chars('b64url', 20)}`;
    const text = [
      "import * as Sentry from '@sentry/node';", // 1
      "import { Octokit } from '@octokit/rest';", // 2
      "import { Gitlab } from '@gitbeaker/rest';", // 3
      '', // 4
      `Sentry.init({ dsn: 'https://${f.chars('hex', 32)}@o123456.ingest.sentry.io/7654321' });`, // 5
      'const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });', // 6
      `const gitlab = new Gitlab({ host: 'https://gitlab.acme.dev', token: '${glpat}' });`, // 7
      `const releaseSha = '${f.chars('hex', 40)}';`, // 8
      `const installationId = '${uuid()}';`, // 9
      "const dapiClient = createClient('dapi');", // 10
      `const linear = new LinearClient({ apiKey: 'lin_api_${f.chars('aA0', 40)}' });`, // 11
    ].join('\n');
    expect(reported({ path: 'src/integrations.ts', text })).toEqual([
      { ruleId: 'gitlab-personal-access-token', line: 7 },
      { ruleId: 'linear-api-key', line: 11 },
    ]);
  });

  it('a .env file with a mix of developer-platform credentials', () => {
    const text = [
      `NETLIFY_AUTH_TOKEN=nfp_${f.chars('aA0', 36)}`, // 1
      `NETLIFY_SITE_ID=${uuid()}`, // 2
      `VERCEL_TOKEN=vcp_${f.chars('aA0', 56)}`, // 3
      'VERCEL_ORG_ID=team_acme', // 4
      `SNYK_TOKEN=${uuid()}`, // 5
      `SENTRY_AUTH_TOKEN=sntryu_${f.chars('hex', 64)}`, // 6
      `SENTRY_DSN=https://${f.chars('hex', 32)}@o1.ingest.sentry.io/2`, // 7
      `DOPPLER_TOKEN=dp.st.prd.${f.chars('aA0', 43)}`, // 8
      'OP_SERVICE_ACCOUNT_TOKEN=', // 9
      `TS_AUTHKEY=tskey-auth-k${f.chars('aA0', 10)}CNTRL-${f.chars('aA0', 33)}`, // 10
    ].join('\n');
    expect(reported({ path: '.env', text })).toEqual([
      { ruleId: 'netlify-personal-access-token', line: 1 },
      { ruleId: 'vercel-token', line: 3 },
      { ruleId: 'snyk-api-token', line: 5 },
      { ruleId: 'sentry-user-auth-token', line: 6 },
      { ruleId: 'doppler-token', line: 8 },
      { ruleId: 'tailscale-key', line: 10 },
    ]);
  });
});
