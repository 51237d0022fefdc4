/**
 * Developer platforms: source hosting (GitHub, GitLab, Bitbucket/Atlassian), package registries (npm,
 * PyPI, Docker Hub, RubyGems, NuGet, JFrog), CI/CD and infrastructure tooling (Terraform Cloud, Vault,
 * CircleCI, Buildkite, Fly.io, Doppler, Pulumi, Tailscale...) and developer SaaS (Sentry, Grafana,
 * Postman, Linear, Figma, SonarQube...). Most of these formats carry a fixed prefix; the few that do
 * not are anchored on the name they are written under.
 */
import type { Fake, Rule } from '../rule.js';
import { hasValidTokenChecksum, isSignedJwt, shannonEntropy } from '../validators.js';
import { anyCase, isRandomUuid, UUID, uuid } from './patterns.js';

/** `name = value`, `name: "value"`, `"name": "value"`, `name => 'value'`, `name := value`. */
const ASSIGN = String.raw`["']?\s{0,4}(?:[:=]|=>|:=)\s{0,4}["']?`;
/** Not glued to a preceding token character. */
const START = '(?<![A-Za-z0-9])';
/** Not followed by more of a base64url body. */
const END = '(?![A-Za-z0-9_-])';
/**
 * GitLab "routable" tokens (2024+): `<prefix><base64url payload>.<2-char version>.<2-char payload
 * length><7-char CRC32>`, base36 for the trailing parts; the first routable release had no version.
 */
const GITLAB_ROUTABLE = String.raw`[A-Za-z0-9_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}`;

/** A GitLab token: the prefix, then the routable form or the classic fixed-length body. */
function gitlab(prefix: string, classic: string): RegExp {
  return new RegExp(String.raw`(?<![A-Za-z0-9_])${prefix}(?:${GITLAB_ROUTABLE}|${classic})${END}`);
}

/** base64 (standard or URL-safe, padding optional) of a JSON object. */
function decodesToJsonObject(b64: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return false;
  try {
    const value: unknown = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The stateless installation token: `ghs_<app id>_<JWT>`; the JWT must be a signed JWT. */
function isStatelessInstallationToken(token: string): boolean {
  const m = /^ghs_\d{1,12}_(.+)$/.exec(token);
  return m !== null && isSignedJwt(m[1]!);
}

/** The last character changed: a checksummed token whose checksum no longer holds. */
function breakChecksum(token: string): string {
  return token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
}

/** A GitLab routable-format body for samples: payload, version, length and CRC parts. */
function gitlabRoutable(f: Fake): string {
  return `${f.chars('b64url', 38)}.01.${f.chars('a0', 2)}${f.chars('a0', 7)}`;
}

function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

/** The classic checksummed GitHub token rules: one per prefix. */
function githubClassic(
  prefix: 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr',
  id: string,
  title: string,
  kind: Rule['kind'],
  context: (token: string) => readonly string[],
): Rule {
  return {
    id,
    title,
    kind,
    keywords: [`${prefix}_`],
    pattern: new RegExp(`${START}${prefix}_[A-Za-z0-9]{36}(?![A-Za-z0-9])`),
    validate: hasValidTokenChecksum,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => context(f.githubToken(prefix)),
      ignores: (f) => [
        `token: ${breakChecksum(f.githubToken(prefix))}`,
        `${prefix}_${'x'.repeat(36)}`,
        `export GITHUB_TOKEN=${prefix}_${f.chars('aA0', 30)}`,
        `${prefix}_${f.chars('aA0', 40)}`,
        `GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}`,
      ],
    },
  };
}

export const DEVTOOLS_RULES: readonly Rule[] = [
  // ---------------------------------------------------------------- GitHub
  githubClassic('ghp', 'github-personal-access-token', 'GitHub personal access token (classic)', 'api-key', (t) => [
    `export GITHUB_TOKEN=${t}`,
    `const octokit = new Octokit({ auth: "${t}" });`,
    `git clone https://x-access-token:${t}@github.com/acme/app.git`,
    `{ "github": { "token": "${t}" } }`,
  ]),
  githubClassic('gho', 'github-oauth-access-token', 'GitHub OAuth access token', 'oauth-token', (t) => [
    `Authorization: Bearer ${t}`,
    `oauth_token: ${t}`,
    `github.com:\n  - user: octocat\n    oauth_token: ${t}`,
  ]),
  githubClassic('ghu', 'github-user-to-server-token', 'GitHub App user-to-server token', 'oauth-token', (t) => [
    `access_token = '${t}'`,
    `{"access_token":"${t}","expires_in":28800,"token_type":"bearer"}`,
  ]),
  githubClassic('ghs', 'github-installation-token', 'GitHub App installation token', 'api-key', (t) => [
    `GH_TOKEN=${t}`,
    `{"token":"${t}","expires_at":"2026-11-28T21:00:00Z"}`,
  ]),
  githubClassic('ghr', 'github-refresh-token', 'GitHub App refresh token', 'oauth-token', (t) => [
    `refresh_token=${t}`,
    `"refresh_token": "${t}",`,
  ]),
  {
    id: 'github-installation-token-stateless',
    title: 'GitHub App installation token (stateless JWT form)',
    kind: 'api-key',
    keywords: ['ghs_'],
    // `ghs_<numeric app id>_<JWT>`, about 520 characters; the JWT is header.payload.signature.
    pattern: new RegExp(
      String.raw`${START}ghs_[0-9]{1,12}_eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{16,1000}${END}`,
    ),
    validate: isStatelessInstallationToken,
    samples: {
      matches: (f) => [
        `GITHUB_TOKEN=ghs_${f.chars('0', 7)}_${f.jwt({ iss: 'github', iid: Number(f.chars('0', 8)), exp: 1764291600 })}`,
        `{"token": "ghs_${f.chars('0', 6)}_${f.jwt()}", "expires_at": "2026-11-28T21:00:00Z"}`,
      ],
      ignores: (f) => [
        // not a JWT: the parts are not JSON
        `ghs_${f.chars('0', 7)}_eyJ${f.chars('b64url', 40)}.${f.chars('b64url', 60)}.${f.chars('b64url', 43)}`,
        `ghs_${f.chars('0', 7)}_<jwt>`,
        `ghs_APPID_JWT is the new format`,
      ],
    },
  },
  {
    id: 'github-fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    kind: 'api-key',
    keywords: ['github_pat_'],
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `GITHUB_TOKEN=github_pat_11${f.chars('A0', 20)}_${f.chars('aA0', 59)}`,
        `const token = 'github_pat_11${f.chars('A0', 20)}_${f.chars('aA0', 59)}';`,
        `  token: "github_pat_11${f.chars('A0', 20)}_${f.chars('aA0', 59)}"`,
      ],
      ignores: (f) => [
        `GITHUB_TOKEN=github_pat_xxxxxxxxxxxxxxxxxxxxxx_${'x'.repeat(59)}`,
        `github_pat_11${f.chars('A0', 20)}_${f.chars('aA0', 40)}`,
        `github_pat_<your-token>`,
        `PAT_GITHUB_PR=github_pat_...`,
      ],
    },
  },
  {
    id: 'github-oauth-client-secret',
    title: 'GitHub OAuth App client secret',
    kind: 'oauth-token',
    keywords: ['client_secret', 'clientsecret', 'client-secret', 'client.secret'],
    pattern: new RegExp(
      String.raw`(?:github|(?<![A-Za-z0-9])gh)[_.-]?(?:oauth[_.-]?)?(?:app[_.-]?)?client[_.-]?secret${ASSIGN}(?<secret>[0-9a-f]{40})(?![A-Za-z0-9])`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `GITHUB_CLIENT_SECRET=${f.chars('hex', 40)}`,
        `githubClientSecret: '${f.chars('hex', 40)}',`,
        `"GITHUB_OAUTH_CLIENT_SECRET": "${f.chars('hex', 40)}"`,
      ],
      ignores: (f) => [
        'GITHUB_CLIENT_SECRET=${GITHUB_CLIENT_SECRET}',
        `GITHUB_CLIENT_SECRET=${'0'.repeat(40)}`,
        `GITHUB_CLIENT_SECRET=${f.chars('hex', 32)}`,
        `GITHUB_CLIENT_ID=${f.chars('hex', 40)}`,
        'githubClientSecret: process.env.GITHUB_CLIENT_SECRET,',
      ],
    },
  },

  // ---------------------------------------------------------------- GitLab
  {
    id: 'gitlab-personal-access-token',
    title: 'GitLab personal, project or group access token',
    kind: 'api-key',
    keywords: ['glpat-'],
    pattern: gitlab('glpat-', '[A-Za-z0-9_-]{20}'),
    samples: {
      matches: (f) => [
        `GITLAB_TOKEN=glpat-${f.chars('b64url', 20)}`,
        `curl --header "PRIVATE-TOKEN: glpat-${f.chars('aA0', 20)}" https://gitlab.com/api/v4/projects`,
        `private_token: "glpat-${gitlabRoutable(f)}"`,
        `url = "https://oauth2:glpat-${f.chars('b64url', 36)}.${f.chars('a0', 9)}@gitlab.com/acme/app.git"`,
      ],
      ignores: (f) => [
        'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx',
        `glpat-${f.chars('aA0', 12)}`,
        `glpat-${f.chars('aA0', 24)}`,
        'token: glpat-<your-token-here>',
      ],
    },
  },
  {
    id: 'gitlab-deploy-token',
    title: 'GitLab deploy token',
    kind: 'api-key',
    keywords: ['gldt-'],
    pattern: gitlab('gldt-', '[A-Za-z0-9_-]{20}'),
    samples: {
      matches: (f) => [
        `CI_DEPLOY_PASSWORD=gldt-${f.chars('b64url', 20)}`,
        `docker login -u gitlab+deploy-token-1 -p gldt-${f.chars('aA0', 20)} registry.gitlab.com`,
        `password: "gldt-${gitlabRoutable(f)}"`,
      ],
      ignores: (f) => ['gldt-xxxxxxxxxxxxxxxxxxxx', `gldt-${f.chars('aA0', 15)}`, 'password: $CI_DEPLOY_PASSWORD'],
    },
  },
  {
    id: 'gitlab-runner-token',
    title: 'GitLab runner authentication token',
    kind: 'api-key',
    keywords: ['glrt-'],
    pattern: gitlab('glrt-', '[A-Za-z0-9_-]{20}'),
    samples: {
      matches: (f) => [
        `  token = "glrt-${f.chars('b64url', 20)}"`,
        `gitlab-runner register --url https://gitlab.com --token glrt-t1_${f.chars('b64url', 30)}.${f.chars('a0', 9)}`,
        `RUNNER_TOKEN: glrt-t3_${gitlabRoutable(f)}`,
      ],
      ignores: (f) => ['token = "glrt-xxxxxxxxxxxxxxxxxxxx"', `glrt-${f.chars('aA0', 10)}`, 'token = "glrt-${RUNNER_TOKEN}"'],
    },
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    title: 'GitLab pipeline trigger token',
    kind: 'api-key',
    keywords: ['glptt-'],
    pattern: gitlab('glptt-', '[0-9a-f]{40}|[A-Za-z0-9_-]{20}'),
    samples: {
      matches: (f) => [
        `curl -X POST -F token=glptt-${f.chars('hex', 40)} -F ref=main https://gitlab.com/api/v4/projects/1/trigger/pipeline`,
        `TRIGGER_TOKEN: "glptt-${f.chars('b64url', 20)}"`,
      ],
      ignores: (f) => ['token=glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', `glptt-${f.chars('hex', 30)}`, 'glptt-$TRIGGER'],
    },
  },
  {
    id: 'gitlab-feed-token',
    title: 'GitLab feed token',
    kind: 'api-key',
    keywords: ['glft-'],
    pattern: gitlab('glft-', '[A-Za-z0-9_-]{20}'),
    samples: {
      matches: (f) => [
        `https://gitlab.com/dashboard/issues.atom?feed_token=glft-${f.chars('b64url', 20)}&state=opened`,
        `feed_token: glft-${f.chars('aA0', 20)}`,
      ],
      ignores: (f) => ['feed_token=glft-xxxxxxxxxxxxxxxxxxxx', `glft-${f.chars('aA0', 8)}`],
    },
  },
  {
    id: 'gitlab-incoming-mail-token',
    title: 'GitLab incoming email token',
    kind: 'api-key',
    keywords: ['glimt-'],
    pattern: gitlab('glimt-', '[A-Za-z0-9_-]{25}'),
    samples: {
      matches: (f) => [
        `GITLAB_INCOMING_EMAIL_TOKEN=glimt-${f.chars('a0', 25)}`,
        `INCOMING_TOKEN=glimt-${f.chars('aA0', 25)}`,
      ],
      ignores: (f) => [`glimt-${f.chars('a0', 20)}`, 'glimt-xxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'gitlab-agent-token',
    title: 'GitLab agent for Kubernetes token',
    kind: 'api-key',
    keywords: ['glagent-'],
    pattern: gitlab('glagent-', '[A-Za-z0-9_-]{50}'),
    samples: {
      matches: (f) => [
        `helm upgrade --install k8s-agent gitlab/gitlab-agent --set config.token=glagent-${f.chars('b64url', 50)}`,
        `token: "glagent-${f.chars('aA0', 50)}"`,
      ],
      ignores: (f) => [`glagent-${f.chars('aA0', 30)}`, `config.token=glagent-${'x'.repeat(50)}`],
    },
  },
  {
    id: 'gitlab-scim-token',
    title: 'GitLab SCIM OAuth access token',
    kind: 'oauth-token',
    keywords: ['glsoat-'],
    pattern: gitlab('glsoat-', '[A-Za-z0-9_-]{20}'),
    samples: {
      matches: (f) => [`SCIM_TOKEN=glsoat-${f.chars('b64url', 20)}`, `"scim_token": "glsoat-${f.chars('aA0', 20)}"`],
      ignores: (f) => [`glsoat-${f.chars('aA0', 12)}`, 'SCIM_TOKEN=glsoat-${SCIM}'],
    },
  },
  {
    id: 'gitlab-oauth-app-secret',
    title: 'GitLab OAuth application secret',
    kind: 'oauth-token',
    keywords: ['gloas-'],
    pattern: gitlab('gloas-', '[A-Za-z0-9_-]{64}'),
    samples: {
      matches: (f) => [
        `GITLAB_APP_SECRET=gloas-${f.chars('hex', 64)}`,
        `  client_secret: "gloas-${f.chars('b64url', 64)}"`,
      ],
      ignores: (f) => [`gloas-${f.chars('hex', 40)}`, `client_secret: gloas-${'x'.repeat(64)}`],
    },
  },
  {
    id: 'gitlab-runner-registration-token',
    title: 'GitLab runner registration token (deprecated)',
    kind: 'api-key',
    keywords: ['gr1348941'],
    pattern: /(?<![A-Za-z0-9_])GR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `gitlab-runner register --non-interactive --url https://gitlab.com/ --registration-token "GR1348941${f.chars('b64url', 20)}"`,
        `REGISTRATION_TOKEN=GR1348941${f.chars('aA0', 20)}`,
      ],
      ignores: (f) => ['--registration-token GR1348941xxxxxxxxxxxxxxxxxxxx', `GR1348941${f.chars('aA0', 10)}`],
    },
  },
  {
    id: 'gitlab-ci-job-token',
    title: 'GitLab CI/CD job token',
    kind: 'api-key',
    keywords: ['glcbt-'],
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_])glcbt-(?:${GITLAB_ROUTABLE}|[0-9A-Za-z]{1,5}_[A-Za-z0-9_-]{20})${END}`),
    samples: {
      matches: (f) => [
        `curl --header "JOB-TOKEN: glcbt-64_${f.chars('b64url', 20)}" https://gitlab.com/api/v4/jobs`,
        `CI_JOB_TOKEN=glcbt-${gitlabRoutable(f)}`,
      ],
      ignores: (f) => ['JOB-TOKEN: $CI_JOB_TOKEN', `glcbt-64_${f.chars('aA0', 10)}`, 'glcbt-64_xxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'gitlab-feature-flags-client-token',
    title: 'GitLab feature flags client token',
    kind: 'api-key',
    keywords: ['glffct-'],
    pattern: gitlab('glffct-', '[A-Za-z0-9_-]{20}'),
    samples: {
      matches: (f) => [`UNLEASH_INSTANCE_ID=glffct-${f.chars('b64url', 20)}`, `instanceId: 'glffct-${f.chars('aA0', 20)}',`],
      ignores: (f) => [`glffct-${f.chars('aA0', 12)}`, 'instanceId: glffct-xxxxxxxxxxxxxxxxxxxx'],
    },
  },

  // ------------------------------------------------------- Atlassian / Bitbucket
  {
    id: 'atlassian-api-token',
    title: 'Atlassian API token (Jira, Confluence, Bitbucket)',
    kind: 'api-key',
    keywords: ['atatt3xffgf0'],
    // The body ends with `=` and an 8-hex-digit checksum.
    pattern: /(?<![A-Za-z0-9_-])ATATT3xFfGF0[A-Za-z0-9_-]{120,300}=[0-9A-F]{8}(?![A-Za-z0-9_=-])/,
    samples: {
      matches: (f) => [
        `JIRA_API_TOKEN=ATATT3xFfGF0${f.chars('b64url', 171)}=${f.chars('HEX', 8)}`,
        `const apiToken = 'ATATT3xFfGF0${f.chars('b64url', 171)}=${f.chars('HEX', 8)}';`,
        `  ATLASSIAN_API_TOKEN: "ATATT3xFfGF0${f.chars('b64url', 180)}=${f.chars('HEX', 8)}"`,
      ],
      ignores: (f) => [
        'JIRA_API_TOKEN="ATATT3xFfGF0..."',
        `ATATT3xFfGF0${f.chars('b64url', 60)}=${f.chars('HEX', 8)}`,
        `ATATT3xFfGF0${f.chars('b64url', 171)}`,
        '--jira-credential ATATT3xFfGF0-EXAMPLE-NOT-A-REAL-TOKEN',
      ],
    },
  },
  {
    id: 'bitbucket-access-token',
    title: 'Bitbucket repository, project or workspace access token',
    kind: 'api-key',
    keywords: ['atctt3xffgn0'],
    pattern: /(?<![A-Za-z0-9_-])ATCTT3xFfGN0[A-Za-z0-9_-]{120,300}=[0-9A-F]{8}(?![A-Za-z0-9_=-])/,
    samples: {
      matches: (f) => [
        `git clone https://x-token-auth:ATCTT3xFfGN0${f.chars('b64url', 171)}=${f.chars('HEX', 8)}@bitbucket.org/acme/app.git`,
        `AUTH = "Bearer ATCTT3xFfGN0${f.chars('b64url', 171)}=${f.chars('HEX', 8)}"`,
      ],
      ignores: (f) => ['BITBUCKET_TOKEN=ATCTT3xFfGN0...', `ATCTT3xFfGN0${f.chars('b64url', 30)}=${f.chars('HEX', 8)}`],
    },
  },
  {
    id: 'bitbucket-app-password',
    title: 'Bitbucket app password',
    kind: 'password',
    keywords: ['atbb'],
    // ATBB, 24 base62 characters and an 8-hex-digit checksum.
    pattern: /(?<![A-Za-z0-9])ATBB[A-Za-z0-9]{24}[0-9A-F]{8}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `BITBUCKET_APP_PASSWORD = "ATBB${f.chars('aA0', 24)}${f.chars('HEX', 8)}"`,
        `bitbucket_cloud_app_password: ATBB${f.chars('aA0', 24)}${f.chars('HEX', 8)}`,
      ],
      ignores: (f) => [
        'APP_PASSWORD = "ATBBsb7A"',
        `ATBB${f.chars('aA0', 24)}${f.chars('a', 8)}`,
        `ATBB${f.chars('aA0', 40)}`,
        'BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'atlassian-api-token-legacy',
    title: 'Atlassian API token (legacy, unprefixed)',
    kind: 'api-key',
    keywords: ['jira', 'confluence', 'atlassian'],
    pattern: new RegExp(
      String.raw`(?:jira|confluence|atlassian)[A-Za-z0-9_.-]{0,20}?(?:api[_.-]?token|api[_.-]?key|token)${ASSIGN}(?<secret>[A-Za-z0-9]{24})(?![A-Za-z0-9_=-])`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `JIRA_API_TOKEN=${f.chars('aA0', 24)}`,
        `confluence_token: "${f.chars('aA0', 24)}"`,
        `atlassianApiKey = '${f.chars('aA0', 24)}'`,
      ],
      ignores: (f) => [
        'JIRA_API_TOKEN=${JIRA_API_TOKEN}',
        `JIRA_API_TOKEN=${f.chars('aA0', 16)}`,
        'jira_token: your_jira_api_token',
        `JIRA_PROJECT_KEY=${f.chars('aA0', 24)}`,
        `JIRA_API_TOKEN=${'ab'.repeat(12)}`,
      ],
    },
  },

  // ------------------------------------------------------------ Package registries
  {
    id: 'npm-access-token',
    title: 'npm access token',
    kind: 'api-key',
    keywords: ['npm_'],
    pattern: new RegExp(`${START}npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])`),
    validate: hasValidTokenChecksum,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        { path: '.npmrc', text: `//registry.npmjs.org/:_authToken=${f.npmToken()}\n` },
        `NPM_TOKEN=${f.npmToken()}`,
        `      NODE_AUTH_TOKEN: ${f.npmToken()}`,
        `npmAuthToken: "${f.npmToken()}"`,
      ],
      ignores: (f) => [
        `NPM_TOKEN=${breakChecksum(f.npmToken())}`,
        { path: '.npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
        `npm_${'x'.repeat(36)}`,
        `npm_${f.chars('aA0', 30)}`,
        'const npm_config_registry_url = "https://registry.npmjs.org/"',
      ],
    },
  },
  {
    id: 'npm-npmrc-auth-token',
    title: 'npm registry auth token in .npmrc (legacy UUID form)',
    kind: 'api-key',
    keywords: ['_authtoken', 'npmauthtoken'],
    paths: /(?:^|\/)\.(?:npmrc|yarnrc\.yml)$/,
    pattern: new RegExp(
      String.raw`(?:_authToken\s{0,4}=|npmAuthToken\s{0,4}:)\s{0,4}["']?(?<secret>${UUID})(?![A-Za-z0-9-])`,
    ),
    validate: isRandomUuid,
    samples: {
      matches: (f) => [
        { path: '.npmrc', text: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${uuid(f)}\n` },
        { path: 'packages/app/.npmrc', text: `//npm.pkg.example.org/:_authToken="${uuid(f)}"\nalways-auth=true\n` },
        { path: '.yarnrc.yml', text: `npmRegistries:\n  "https://registry.npmjs.org":\n    npmAuthToken: "${uuid(f)}"\n` },
      ],
      ignores: (f) => [
        { path: '.npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
        { path: '.npmrc', text: '//registry.npmjs.org/:_authToken=00000000-0000-0000-0000-000000000000\n' },
        // outside .npmrc a UUID next to _authToken is not reported by this rule
        { path: 'docs/setup.md', text: `//registry.npmjs.org/:_authToken=${uuid(f)}\n` },
      ],
    },
  },
  {
    id: 'npm-npmrc-basic-auth',
    title: 'npm registry password in .npmrc (_auth / _password)',
    kind: 'password',
    keywords: ['_auth', '_password'],
    paths: /(?:^|\/)\.npmrc$/,
    // `_auth` is base64 of user:password, `_password` base64 of the password.
    pattern: /(?<![A-Za-z0-9_])_(?:auth|password)\s{0,4}=\s{0,4}["']?(?<secret>[A-Za-z0-9+/]{8,512}={0,2})(?![A-Za-z0-9+/=])/,
    minEntropy: 3,
    samples: {
      matches: (f) => [
        { path: '.npmrc', text: `registry=https://npm.acme.internal/\n_auth=${Buffer.from(`ci:${f.chars('aA0', 18)}`).toString('base64')}\n` },
        { path: '.npmrc', text: `//npm.acme.internal/:username=ci\n//npm.acme.internal/:_password="${Buffer.from(f.chars('aA0', 20)).toString('base64')}"\n` },
      ],
      ignores: () => [
        { path: '.npmrc', text: '_auth=${NPM_AUTH}\n' },
        { path: '.npmrc', text: '//npm.acme.internal/:_password=${NPM_PASSWORD_B64}\n' },
        { path: 'scripts/login.sh', text: '_auth=dXNlcjpodW50ZXIy\n' },
      ],
    },
  },
  {
    id: 'pypi-upload-token',
    title: 'PyPI API token',
    kind: 'api-key',
    keywords: ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'],
    // A macaroon whose location is pypi.org (or test.pypi.org), base64url.
    pattern: /(?<![A-Za-z0-9_-])pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1500}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc${f.chars('b64url', 160)}`,
        { path: '.pypirc', text: `[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc${f.chars('b64url', 170)}\n` },
        `password: "pypi-AgENdGVzdC5weXBpLm9yZw${f.chars('b64url', 150)}"`,
      ],
      ignores: (f) => ['TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc...', `pypi-AgEIcHlwaS5vcmc${f.chars('b64url', 20)}`, 'password = ${PYPI_TOKEN}'],
    },
  },
  {
    id: 'docker-hub-access-token',
    title: 'Docker Hub personal or organization access token',
    kind: 'api-key',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    pattern: /(?<![A-Za-z0-9_])dckr_(?:pat_[A-Za-z0-9_-]{27}|oat_[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `DOCKERHUB_TOKEN=dckr_pat_${f.chars('b64url', 27)}`,
        `echo "dckr_pat_${f.chars('aA0', 27)}" | docker login -u acme --password-stdin`,
        `  password: dckr_oat_${f.chars('b64url', 32)}`,
      ],
      ignores: (f) => ['DOCKERHUB_TOKEN=dckr_pat_xxxxxxxxxxxxxxxxxxxxx', `dckr_pat_${f.chars('aA0', 20)}`, 'password: dckr_pat_***'],
    },
  },
  {
    id: 'rubygems-api-key',
    title: 'RubyGems API key',
    kind: 'api-key',
    keywords: ['rubygems_'],
    pattern: /(?<![A-Za-z0-9_])rubygems_[0-9a-f]{48}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        { path: '.gem/credentials', text: `---\n:rubygems_api_key: rubygems_${f.chars('hex', 48)}\n` },
        `GEM_HOST_API_KEY=rubygems_${f.chars('hex', 48)}`,
      ],
      ignores: (f) => [`:rubygems_api_key: ${f.chars('hex', 32)}`, `rubygems_${f.chars('hex', 40)}`, 'GEM_HOST_API_KEY=rubygems_${KEY}'],
    },
  },
  {
    id: 'nuget-api-key',
    title: 'NuGet API key',
    kind: 'api-key',
    keywords: ['nuget'],
    // `oy2` and 43 lower-case alphanumerics, on a line that mentions NuGet before it.
    pattern: new RegExp(String.raw`${anyCase('nuget')}[^\n]{0,200}?(?<![A-Za-z0-9])(?<secret>oy2[a-z0-9]{43})(?![A-Za-z0-9])`),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `NUGET_API_KEY=oy2${f.chars('a0', 43)}`,
        `dotnet nuget push bin/Release/*.nupkg --api-key oy2${f.chars('a0', 43)} --source https://api.nuget.org/v3/index.json`,
        `<add key="NuGetApiKey" value="oy2${f.chars('a0', 43)}" />`,
      ],
      ignores: (f) => [
        'dotnet nuget push *.nupkg --api-key ${{ secrets.NUGET_API_KEY }}',
        `NUGET_API_KEY=oy2${f.chars('a0', 30)}`,
        `token oy2${f.chars('a0', 43)} without any package manager name`,
        `NUGET_API_KEY=${f.chars('a0', 46)}`,
      ],
    },
  },
  {
    id: 'jfrog-api-key',
    title: 'JFrog Artifactory API key',
    kind: 'api-key',
    keywords: ['akcp'],
    pattern: /(?<![A-Za-z0-9])AKCp[A-Za-z0-9]{69}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `curl -H "X-JFrog-Art-Api: AKCp8${f.chars('aA0', 68)}" https://acme.jfrog.io/artifactory/api/repositories`,
        `artifactory_password=AKCp5${f.chars('aA0', 68)}`,
      ],
      ignores: (f) => [`AKCp${f.chars('aA0', 40)}`, 'X-JFrog-Art-Api: $ARTIFACTORY_API_KEY', `AKCp${'x'.repeat(69)}`],
    },
  },
  {
    id: 'jfrog-reference-token',
    title: 'JFrog reference (access) token',
    kind: 'api-key',
    keywords: ['jfrog', 'artifactory'],
    // base64 of "reftkn:01:...", 64 characters, written near a JFrog/Artifactory name on its line.
    pattern: new RegExp(
      String.raw`(?:${anyCase('jfrog')}|${anyCase('artifactory')})[^\n]{0,120}?(?<![A-Za-z0-9])(?<secret>cmVmdGtu[A-Za-z0-9]{56})(?![A-Za-z0-9+/=])`,
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOj${f.chars('aA0', 50)}`,
        `jf config add acme --url https://acme.jfrog.io --access-token cmVmdGtuOjAxOj${f.chars('aA0', 50)} --interactive=false`,
        `artifactory:\n  token: x\nartifactory_token: "cmVmdGtuOjAxOj${f.chars('aA0', 50)}"`,
      ],
      ignores: (f) => [
        'JFROG_ACCESS_TOKEN=${JFROG_TOKEN}',
        `value: cmVmdGtuOjAxOj${f.chars('aA0', 50)}`,
        `JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOj${f.chars('aA0', 20)}`,
      ],
    },
  },

  // --------------------------------------------------------- HashiCorp
  {
    id: 'terraform-cloud-api-token',
    title: 'HCP Terraform / Terraform Cloud API token',
    kind: 'api-key',
    keywords: ['.atlasv1.'],
    pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,90}(?![A-Za-z0-9_=-])/,
    samples: {
      matches: (f) => [
        {
          path: '.terraform.d/credentials.tfrc.json',
          text: `{\n  "credentials": {\n    "app.terraform.io": {\n      "token": "${f.chars('aA0', 14)}.atlasv1.${f.chars('b64url', 67)}"\n    }\n  }\n}\n`,
        },
        { path: '.terraformrc', text: `credentials "app.terraform.io" {\n  token = "${f.chars('aA0', 14)}.atlasv1.${f.chars('aA0', 70)}"\n}\n` },
        `TF_TOKEN_app_terraform_io=${f.chars('aA0', 14)}.atlasv1.${f.chars('b64url', 67)}`,
      ],
      ignores: (f) => [
        'token = "xxxxxxxxxxxxxx.atlasv1.zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"',
        `${f.chars('aA0', 14)}.atlasv1.${f.chars('b64url', 30)}`,
        'TF_TOKEN_app_terraform_io=${TFC_TOKEN}',
      ],
    },
  },
  {
    id: 'vault-service-token',
    title: 'HashiCorp Vault service token',
    kind: 'api-key',
    keywords: ['hvs.'],
    pattern: /(?<![A-Za-z0-9_.-])hvs\.[A-Za-z0-9_-]{24,300}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `VAULT_TOKEN=hvs.${f.chars('aA0', 24)}`,
        `curl -H "X-Vault-Token: hvs.CAESI${f.chars('b64url', 86)}" https://vault.acme.internal:8200/v1/secret/data/app`,
        `vault:\n  token: "hvs.${f.chars('b64url', 90)}"`,
      ],
      ignores: (f) => [`VAULT_TOKEN=hvs.${f.chars('aA0', 12)}`, 'VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxx', 'VAULT_TOKEN=$(cat ~/.vault-token)'],
    },
  },
  {
    id: 'vault-batch-token',
    title: 'HashiCorp Vault batch token',
    kind: 'api-key',
    keywords: ['hvb.'],
    pattern: /(?<![A-Za-z0-9_.-])hvb\.[A-Za-z0-9_-]{24,500}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [`VAULT_TOKEN=hvb.AAAAAQ${f.chars('b64url', 130)}`, `token: "hvb.${f.chars('b64url', 140)}"`],
      ignores: (f) => [`hvb.${f.chars('aA0', 10)}`, 'VAULT_TOKEN=hvb.${BATCH}'],
    },
  },
  {
    id: 'vault-recovery-token',
    title: 'HashiCorp Vault recovery token',
    kind: 'api-key',
    keywords: ['hvr.'],
    pattern: /(?<![A-Za-z0-9_.-])hvr\.[A-Za-z0-9_-]{24,300}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [`VAULT_TOKEN=hvr.${f.chars('aA0', 24)}`, `recovery_token: "hvr.${f.chars('b64url', 90)}"`],
      ignores: (f) => [`hvr.${f.chars('aA0', 10)}`, `hvr.${'x'.repeat(24)}`],
    },
  },
  {
    id: 'vault-legacy-token',
    title: 'HashiCorp Vault token (legacy s./b./r. form)',
    kind: 'api-key',
    keywords: ['vault_token', 'vault-token', 'vaulttoken', 'vault login '],
    // Before Vault 1.10: `s.` + 24 base62 (service), `b.` (batch), `r.` (recovery); only after a Vault name.
    pattern: new RegExp(
      String.raw`(?:${anyCase('vault')}[_-]?${anyCase('token')}${ASSIGN}|${anyCase('vault login')} )(?<secret>[sbr]\.[A-Za-z0-9]{24})(?![A-Za-z0-9_.-])`,
    ),
    validate: (secret) => shannonEntropy(secret.slice(2)) >= 3.5,
    samples: {
      matches: (f) => [
        `export VAULT_TOKEN=s.${f.chars('aA0', 24)}`,
        `curl --header "X-Vault-Token: s.${f.chars('aA0', 24)}" https://vault.acme.internal/v1/sys/mounts`,
        `vault login s.${f.chars('aA0', 24)}`,
        `vaultToken: 'b.${f.chars('aA0', 24)}'`,
      ],
      ignores: (f) => [
        'export VAULT_TOKEN=s.xxxxxxxxxxxxxxxxxxxxxxxx',
        `s.${f.chars('aA0', 24)} without a vault name`,
        `export VAULT_TOKEN=s.${f.chars('aA0', 12)}`,
        `export VAULT_TOKEN=s.${'ab'.repeat(12)}`,
        'VAULT_TOKEN: ${{ secrets.VAULT_TOKEN }}',
      ],
    },
  },

  // ------------------------------------------------------------------- CI/CD
  {
    id: 'circleci-personal-token',
    title: 'CircleCI personal API token',
    kind: 'api-key',
    keywords: ['ccipat_'],
    pattern: /(?<![A-Za-z0-9_])CCIPAT_[A-Za-z0-9]{22}_[0-9a-f]{40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `CIRCLECI_TOKEN=CCIPAT_${f.chars('aA0', 22)}_${f.chars('hex', 40)}`,
        `curl -H "Circle-Token: CCIPAT_${f.chars('aA0', 22)}_${f.chars('hex', 40)}" https://circleci.com/api/v2/me`,
      ],
      ignores: (f) => [`CCIPAT_${f.chars('aA0', 22)}_${f.chars('hex', 20)}`, 'CIRCLECI_TOKEN=CCIPAT_xxx', 'Circle-Token: $CIRCLE_TOKEN'],
    },
  },
  {
    id: 'circleci-project-token',
    title: 'CircleCI project API token',
    kind: 'api-key',
    keywords: ['cciprj_'],
    pattern: /(?<![A-Za-z0-9_])CCIPRJ_[A-Za-z0-9]{22}_[0-9a-f]{40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `CIRCLE_PROJECT_TOKEN=CCIPRJ_${f.chars('aA0', 22)}_${f.chars('hex', 40)}`,
        `token: "CCIPRJ_${f.chars('aA0', 22)}_${f.chars('hex', 40)}"`,
      ],
      ignores: (f) => [`CCIPRJ_${f.chars('aA0', 10)}_${f.chars('hex', 40)}`, 'token: CCIPRJ_<token>'],
    },
  },
  {
    id: 'circleci-legacy-token',
    title: 'CircleCI API token (legacy, unprefixed)',
    kind: 'api-key',
    keywords: ['circleci', 'circle_token', 'circle-token', 'circletoken'],
    pattern: new RegExp(
      String.raw`(?:circleci[_.-]?(?:api[_.-]?|personal[_.-]?)?token|circle[_-]?token)${ASSIGN}(?<secret>[0-9a-f]{40})(?![A-Za-z0-9])`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `CIRCLECI_TOKEN=${f.chars('hex', 40)}`,
        `curl -H "Circle-Token: ${f.chars('hex', 40)}" https://circleci.com/api/v2/me`,
        `circleci_api_token: "${f.chars('hex', 40)}"`,
      ],
      ignores: (f) => [
        'CIRCLECI_TOKEN=${CIRCLE_TOKEN}',
        `CIRCLECI_TOKEN=${'0'.repeat(40)}`,
        `CIRCLECI_SHA1=${f.chars('hex', 40)}`,
        `CIRCLECI_TOKEN=${f.chars('hex', 32)}`,
      ],
    },
  },
  {
    id: 'buildkite-user-token',
    title: 'Buildkite user API access token',
    kind: 'api-key',
    keywords: ['bkua_'],
    pattern: /(?<![A-Za-z0-9_])bkua_[0-9a-f]{40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `BUILDKITE_API_TOKEN=bkua_${f.chars('hex', 40)}`,
        `curl -H "Authorization: Bearer bkua_${f.chars('hex', 40)}" https://api.buildkite.com/v2/user`,
      ],
      ignores: (f) => [`bkua_${f.chars('hex', 20)}`, 'BUILDKITE_API_TOKEN=bkua_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },

  // ------------------------------------------------------------------ Sentry
  {
    id: 'sentry-org-auth-token',
    title: 'Sentry organization auth token',
    kind: 'api-key',
    keywords: ['sntrys_'],
    // `sntrys_<base64 JSON payload>_<base64 secret>`
    pattern: /(?<![A-Za-z0-9_])sntrys_(?<payload>eyJ[A-Za-z0-9+/]{20,1000}={0,2})_[A-Za-z0-9+/]{43,60}={0,2}(?![A-Za-z0-9+/=_-])/,
    validate: (token) => decodesToJsonObject(token.slice('sntrys_'.length, token.lastIndexOf('_'))),
    samples: {
      matches: (f) => [
        `SENTRY_AUTH_TOKEN=sntrys_${b64json({ iat: 1764288000.5, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })}_${f.chars('b64', 43)}`,
        { path: '.sentryclirc', text: `[auth]\ntoken=sntrys_${b64json({ iat: 1764288000.25, url: 'https://sentry.io', region_url: 'https://de.sentry.io', org: 'acme-corp' })}_${f.chars('b64', 43)}\n` },
      ],
      ignores: (f) => [
        'SENTRY_AUTH_TOKEN=sntrys_...',
        `SENTRY_AUTH_TOKEN=sntrys_eyJ${f.chars('b64', 60)}_${f.chars('b64', 43)}`,
        `SENTRY_AUTH_TOKEN=sntrys_${b64json({ org: 'acme' })}_${f.chars('b64', 10)}`,
        'SENTRY_DSN=https://abc123@o123.ingest.sentry.io/456',
      ],
    },
  },
  {
    id: 'sentry-user-auth-token',
    title: 'Sentry user auth token',
    kind: 'api-key',
    keywords: ['sntryu_'],
    pattern: /(?<![A-Za-z0-9_])sntryu_[0-9a-f]{64}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [`SENTRY_AUTH_TOKEN=sntryu_${f.chars('hex', 64)}`, `authToken: "sntryu_${f.chars('hex', 64)}",`],
      ignores: (f) => [`sntryu_${f.chars('hex', 40)}`, 'authToken: process.env.SENTRY_AUTH_TOKEN,'],
    },
  },
  {
    id: 'sentry-legacy-auth-token',
    title: 'Sentry auth token (legacy, unprefixed)',
    kind: 'api-key',
    keywords: ['sentry'],
    pattern: new RegExp(
      String.raw`sentry[_.-]?(?:auth[_.-]?|api[_.-]?)?token${ASSIGN}(?<secret>[0-9a-f]{64})(?![A-Za-z0-9])`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `SENTRY_AUTH_TOKEN=${f.chars('hex', 64)}`,
        `sentryAuthToken: '${f.chars('hex', 64)}',`,
        `  sentry.auth.token: "${f.chars('hex', 64)}"`,
      ],
      ignores: (f) => [
        // a DSN is public: it is not an auth token
        `SENTRY_DSN=https://${f.chars('hex', 32)}@o123456.ingest.sentry.io/7654321`,
        'SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}',
        `SENTRY_RELEASE=${f.chars('hex', 40)}`,
        `SENTRY_AUTH_TOKEN=${'0'.repeat(64)}`,
      ],
    },
  },

  // --------------------------------------------------------- Developer SaaS
  {
    id: 'postman-api-key',
    title: 'Postman API key',
    kind: 'api-key',
    keywords: ['pmak-'],
    pattern: /(?<![A-Za-z0-9_-])PMAK-[0-9a-f]{24}-[0-9a-f]{34}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `POSTMAN_API_KEY=PMAK-${f.chars('hex', 24)}-${f.chars('hex', 34)}`,
        `curl -H "X-Api-Key: PMAK-${f.chars('hex', 24)}-${f.chars('hex', 34)}" https://api.getpostman.com/collections`,
      ],
      ignores: (f) => [`PMAK-${f.chars('hex', 24)}`, 'X-Api-Key: {{postman_api_key}}', 'PMAK-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'grafana-cloud-token',
    title: 'Grafana Cloud access policy token',
    kind: 'api-key',
    keywords: ['glc_'],
    // `glc_` + base64 of a JSON object (org, name, key, region)
    pattern: /(?<![A-Za-z0-9_])glc_(?<payload>eyJ[A-Za-z0-9+/_-]{30,600}={0,2})(?![A-Za-z0-9+/=_-])/,
    validate: (token) => decodesToJsonObject(token.slice('glc_'.length)),
    samples: {
      matches: (f) => [
        `GRAFANA_CLOUD_TOKEN=glc_${b64json({ o: f.chars('0', 6), n: 'stack-123456-hm-write', k: f.chars('aA0', 24), m: { r: 'prod-us-east-0' } })}`,
        `  password: "glc_${b64json({ o: f.chars('0', 7), n: 'alloy-remote-write', k: f.chars('aA0', 24), m: { r: 'prod-eu-west-2' } })}"`,
      ],
      ignores: (f) => ['GRAFANA_CLOUD_TOKEN=glc_...', `glc_eyJ${f.chars('b64', 60)}`, 'password: glc_${GRAFANA_TOKEN}'],
    },
  },
  {
    id: 'grafana-service-account-token',
    title: 'Grafana service account token',
    kind: 'api-key',
    keywords: ['glsa_'],
    pattern: /(?<![A-Za-z0-9_])glsa_[A-Za-z0-9]{32}_[0-9a-fA-F]{8}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `GRAFANA_TOKEN=glsa_${f.chars('aA0', 32)}_${f.chars('hex', 8)}`,
        `Authorization: Bearer glsa_${f.chars('aA0', 32)}_${f.chars('hex', 8)}`,
      ],
      ignores: (f) => [`glsa_${f.chars('aA0', 20)}_${f.chars('hex', 8)}`, 'glsa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_xxxxxxxx'],
    },
  },
  {
    id: 'grafana-api-key-legacy',
    title: 'Grafana API key (legacy)',
    kind: 'api-key',
    keywords: ['eyjrijoi'],
    // base64 of {"k":"...","n":"...","id":N}
    pattern: /(?<![A-Za-z0-9+/_-])eyJrIjoi[A-Za-z0-9+/]{30,200}={0,2}(?![A-Za-z0-9+/=_-])/,
    validate: (token) => {
      if (!decodesToJsonObject(token)) return false;
      const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
      return typeof value['k'] === 'string' && typeof value['n'] === 'string';
    },
    samples: {
      matches: (f) => [
        `GRAFANA_API_KEY=${b64json({ k: f.chars('aA0', 32), n: 'ci-dashboards', id: 1 })}`,
        `Authorization: Bearer ${b64json({ k: f.chars('aA0', 32), n: 'provisioning', id: 7 })}`,
      ],
      ignores: (f) => [`GRAFANA_API_KEY=eyJrIjoi${f.chars('b64', 40)}`, `GRAFANA_API_KEY=${b64json({ k: f.chars('aA0', 32) })}`],
    },
  },
  {
    id: 'doppler-token',
    title: 'Doppler token (personal, service, service account, CLI)',
    kind: 'api-key',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    pattern: /(?<![A-Za-z0-9_.-])dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `DOPPLER_TOKEN=dp.st.prd.${f.chars('aA0', 43)}`,
        `DOPPLER_TOKEN="dp.pt.${f.chars('aA0', 43)}"`,
        `--set server.doppler.token=dp.sa.${f.chars('aA0', 43)}`,
      ],
      ignores: (f) => ['DOPPLER_TOKEN=dp.st.dev.xxxxxx', 'DOPPLER_TOKEN: "dp.st.example"', `dp.st.prd.${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'pulumi-access-token',
    title: 'Pulumi access token',
    kind: 'api-key',
    keywords: ['pul-'],
    pattern: /(?<![A-Za-z0-9_-])pul-[0-9a-f]{40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [`PULUMI_ACCESS_TOKEN=pul-${f.chars('hex', 40)}`, `accessToken: "pul-${f.chars('hex', 40)}",`],
      ignores: (f) => ['<a class="pul-right">Delete</a>', `pul-${f.chars('hex', 20)}`, 'accessToken: "pul-xxxxxxxxxxxx"'],
    },
  },
  {
    id: 'linear-api-key',
    title: 'Linear personal API key',
    kind: 'api-key',
    keywords: ['lin_api_'],
    pattern: /(?<![A-Za-z0-9_])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [`LINEAR_API_KEY=lin_api_${f.chars('aA0', 40)}`, `new LinearClient({ apiKey: "lin_api_${f.chars('aA0', 40)}" })`],
      ignores: (f) => [`lin_api_${f.chars('aA0', 24)}`, 'LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'linear-oauth-token',
    title: 'Linear OAuth access token',
    kind: 'oauth-token',
    keywords: ['lin_oauth_'],
    pattern: /(?<![A-Za-z0-9_])lin_oauth_[0-9a-f]{64}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [`access_token: lin_oauth_${f.chars('hex', 64)}`, `Authorization: Bearer lin_oauth_${f.chars('hex', 64)}`],
      ignores: (f) => [`lin_oauth_${f.chars('hex', 32)}`, 'Authorization: Bearer lin_oauth_${TOKEN}'],
    },
  },
  {
    id: 'figma-personal-access-token',
    title: 'Figma personal access token',
    kind: 'api-key',
    keywords: ['figd_'],
    pattern: /(?<![A-Za-z0-9_])figd_[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [`FIGMA_TOKEN=figd_${f.chars('b64url', 40)}`, `headers = {'X-Figma-Token': 'figd_${f.chars('aA0', 40)}'}`],
      ignores: (f) => ['export FIGMA_TOKEN=figd_xxxxxxxxxxxx', `figd_${f.chars('aA0', 24)}`, 'token = "figd_YOUR_TOKEN_HERE"'],
    },
  },
  {
    id: 'netlify-personal-access-token',
    title: 'Netlify personal access token',
    kind: 'api-key',
    keywords: ['nfp_'],
    pattern: /(?<![A-Za-z0-9_])nfp_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [`NETLIFY_AUTH_TOKEN=nfp_${f.chars('aA0', 36)}`, `netlify deploy --prod --auth nfp_${f.chars('aA0', 36)}`],
      ignores: (f) => ['NETLIFY_AUTH_TOKEN=nfp_xxx', 'NETLIFY_AUTH_TOKEN=nfp_YOUR_TOKEN_HERE', `nfp_${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'netlify-token-legacy',
    title: 'Netlify access token (unprefixed)',
    kind: 'api-key',
    keywords: ['netlify'],
    pattern: new RegExp(
      String.raw`netlify[_.-]?(?:auth[_.-]?|access[_.-]?|api[_.-]?|personal[_.-]?)?token${ASSIGN}(?<secret>[A-Za-z0-9_-]{40,64})(?![A-Za-z0-9_-])`,
      'i',
    ),
    minEntropy: 3.8,
    samples: {
      matches: (f) => [`NETLIFY_AUTH_TOKEN=${f.chars('b64url', 43)}`, `netlifyToken: "${f.chars('aA0', 43)}"`],
      ignores: (f) => [
        'NETLIFY_AUTH_TOKEN=${NETLIFY_AUTH_TOKEN}',
        `NETLIFY_SITE_ID=${uuid(f)}`,
        `NETLIFY_AUTH_TOKEN=${f.chars('b64url', 20)}`,
        // the prefixed form belongs to the format rule
        `NETLIFY_AUTH_TOKEN=nfp_${f.chars('aA0', 36)}`,
      ],
    },
  },
  {
    id: 'vercel-token',
    title: 'Vercel access token',
    kind: 'api-key',
    keywords: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    pattern: /(?<![A-Za-z0-9_])vc[pairk]_[A-Za-z0-9]{56}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [`VERCEL_TOKEN=vcp_${f.chars('aA0', 56)}`, `vercel --prod --token vcp_${f.chars('aA0', 56)}`, `"token": "vci_${f.chars('aA0', 56)}"`],
      ignores: (f) => ['VERCEL_TOKEN=vcp_xxxx...', `vcp_${f.chars('aA0', 30)}`, 'VERCEL_TOKEN=vcp_your_vercel_api_token'],
    },
  },
  {
    id: 'vercel-token-legacy',
    title: 'Vercel access token (unprefixed)',
    kind: 'api-key',
    keywords: ['vercel'],
    pattern: new RegExp(
      String.raw`vercel[_.-]?(?:auth[_.-]?|access[_.-]?|api[_.-]?)?token${ASSIGN}(?<secret>[A-Za-z0-9]{24})(?![A-Za-z0-9_-])`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`VERCEL_TOKEN="${f.chars('aA0', 24)}"`, `vercelToken: '${f.chars('aA0', 24)}'`],
      ignores: (f) => [
        'VERCEL_TOKEN="${VERCEL_TOKEN}"',
        `VERCEL_PROJECT_ID=prj_${f.chars('aA0', 28)}`,
        `VERCEL_TOKEN=${f.chars('aA0', 16)}`,
        'VERCEL_TOKEN="$(gcloud secrets versions access latest --secret=VERCEL_TOKEN)"',
      ],
    },
  },
  {
    id: 'snyk-api-token',
    title: 'Snyk API token',
    kind: 'api-key',
    keywords: ['snyk'],
    pattern: new RegExp(
      String.raw`(?:snyk[_.-]?(?:api[_.-]?|auth[_.-]?)?(?:token|key)${ASSIGN}|snyk auth )(?<secret>${UUID})(?![A-Za-z0-9-])`,
      'i',
    ),
    validate: isRandomUuid,
    samples: {
      matches: (f) => [
        `SNYK_TOKEN=${uuid(f)}`,
        `docker run --rm -e SNYK_TOKEN=${uuid(f)} -v $(pwd):/project snyk/snyk:node`,
        `snyk auth ${uuid(f)}`,
      ],
      ignores: (f) => [
        'SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}',
        `SNYK_ORG_ID=${uuid(f)}`,
        'SNYK_TOKEN=00000000-0000-0000-0000-000000000000',
        'SNYK_TOKEN=your-snyk-token',
      ],
    },
  },
  {
    id: 'sonarqube-token',
    title: 'SonarQube / SonarCloud token',
    kind: 'api-key',
    keywords: ['squ_', 'sqp_', 'sqa_'],
    // user (squ_), project analysis (sqp_) and global analysis (sqa_) tokens
    pattern: /(?<![A-Za-z0-9_])sq[upa]_[0-9a-f]{40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `SONAR_TOKEN=squ_${f.chars('hex', 40)}`,
        { path: 'sonar-project.properties', text: `sonar.projectKey=acme_app\nsonar.token=sqp_${f.chars('hex', 40)}\n` },
        `mvn sonar:sonar -Dsonar.login=sqa_${f.chars('hex', 40)}`,
      ],
      ignores: (f) => [`squ_${f.chars('hex', 20)}`, 'SONAR_TOKEN=${{ secrets.SONAR_TOKEN }}', `sqx_${f.chars('hex', 40)}`],
    },
  },
  {
    id: 'sonarqube-token-legacy',
    title: 'SonarQube / SonarCloud token (unprefixed)',
    kind: 'api-key',
    keywords: ['sonar'],
    pattern: new RegExp(
      String.raw`sonar[_.-]?(?:login|token|auth[_.-]?token)${ASSIGN}(?<secret>[0-9a-f]{40})(?![A-Za-z0-9])`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `SONAR_TOKEN=${f.chars('hex', 40)}`,
        { path: 'sonar-project.properties', text: `sonar.host.url=https://sonarcloud.io\nsonar.login=${f.chars('hex', 40)}\n` },
      ],
      ignores: (f) => [
        'sonar.login=${env.SONAR_TOKEN}',
        `sonar.scm.revision=${f.chars('hex', 40)}`,
        `SONAR_TOKEN=squ_${f.chars('hex', 40)}`,
      ],
    },
  },
  {
    id: 'codecov-upload-token',
    title: 'Codecov upload token',
    kind: 'api-key',
    keywords: ['codecov'],
    pattern: new RegExp(String.raw`codecov[_.-]?(?:upload[_.-]?|api[_.-]?)?token${ASSIGN}(?<secret>${UUID})(?![A-Za-z0-9-])`, 'i'),
    validate: isRandomUuid,
    samples: {
      matches: (f) => [`CODECOV_TOKEN=${uuid(f)}`, `        CODECOV_TOKEN: "${uuid(f)}"`],
      ignores: (f) => [
        'CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}',
        'CODECOV_TOKEN=00000000-0000-0000-0000-000000000000',
        `CODECOV_FLAGS=${uuid(f)}`,
      ],
    },
  },

  // ------------------------------------------------------------- Infrastructure
  {
    id: 'fly-io-token',
    title: 'Fly.io access token',
    kind: 'api-key',
    keywords: ['fm1r_', 'fm1a_', 'fm2_', 'fo1_'],
    // macaroon tokens (fm1r_/fm1a_/fm2_, base64, several joined by commas after "FlyV1 "), OAuth (fo1_)
    pattern:
      /(?<![A-Za-z0-9_])(?:fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,2000}={0,2}(?:,fm(?:1[ar]|2)_[A-Za-z0-9+/]{20,2000}={0,2}){0,8}|fo1_[A-Za-z0-9_-]{43})(?![A-Za-z0-9+/=_-])/,
    samples: {
      matches: (f) => [
        `FLY_API_TOKEN="FlyV1 fm2_lJPE${f.chars('b64', 300)},fm2_lJPE${f.chars('b64', 200)}"`,
        `fly auth token fm2_${f.chars('b64', 250)}`,
        `FLY_ACCESS_TOKEN=fo1_${f.chars('b64url', 43)}`,
      ],
      ignores: (f) => ['FLY_API_TOKEN="FlyV1 fm2_..."', 'token: "FlyV1 fm2_super-secret-token"', `fm2_${f.chars('b64', 40)}`],
    },
  },
  {
    id: 'supabase-access-token',
    title: 'Supabase personal access token',
    kind: 'api-key',
    keywords: ['sbp_'],
    pattern: /(?<![A-Za-z0-9_])sbp_[0-9a-f]{40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [`SUPABASE_ACCESS_TOKEN=sbp_${f.chars('hex', 40)}`, `supabase login --token sbp_${f.chars('hex', 40)}`],
      ignores: (f) => ['SUPABASE_ACCESS_TOKEN=sbp_…', `sbp_${f.chars('hex', 24)}`],
    },
  },
  {
    id: 'planetscale-api-token',
    title: 'PlanetScale service token',
    kind: 'api-key',
    keywords: ['pscale_tkn_'],
    pattern: /(?<![A-Za-z0-9_])pscale_tkn_[A-Za-z0-9_-]{32,64}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [`PLANETSCALE_SERVICE_TOKEN=pscale_tkn_${f.chars('b64url', 43)}`, `service_token: "pscale_tkn_${f.chars('aA0', 43)}"`],
      ignores: (f) => [`pscale_tkn_${f.chars('aA0', 16)}`, 'PLANETSCALE_SERVICE_TOKEN=pscale_tkn_${TOKEN}'],
    },
  },
  {
    id: 'planetscale-password',
    title: 'PlanetScale database password',
    kind: 'database-credential',
    keywords: ['pscale_pw_'],
    pattern: /(?<![A-Za-z0-9_])pscale_pw_[A-Za-z0-9_-]{32,64}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `PLANETSCALE_PASSWORD: "pscale_pw_${f.chars('b64url', 43)}"`,
        `DB_PASSWORD=pscale_pw_${f.chars('aA0', 43)}`,
      ],
      ignores: (f) => [`pscale_pw_${f.chars('aA0', 16)}`, 'DB_PASSWORD=pscale_pw_<password>'],
    },
  },
  {
    id: 'planetscale-oauth-token',
    title: 'PlanetScale OAuth token',
    kind: 'oauth-token',
    keywords: ['pscale_oauth_'],
    pattern: /(?<![A-Za-z0-9_])pscale_oauth_[A-Za-z0-9_-]{32,64}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [`access_token=pscale_oauth_${f.chars('b64url', 43)}`, `"token": "pscale_oauth_${f.chars('aA0', 43)}"`],
      ignores: (f) => [`pscale_oauth_${f.chars('aA0', 16)}`, '"token": "pscale_oauth_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'],
    },
  },
  {
    id: 'databricks-access-token',
    title: 'Databricks personal access token',
    kind: 'api-key',
    keywords: ['dapi'],
    pattern: /(?<![A-Za-z0-9_])dapi[0-9a-f]{32}(?:-\d{1,2})?(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `DATABRICKS_TOKEN=dapi${f.chars('hex', 32)}`,
        { path: '.databrickscfg', text: `[DEFAULT]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\ntoken = dapi${f.chars('hex', 32)}-2\n` },
      ],
      ignores: (f) => [`dapi${f.chars('hex', 20)}`, 'const dapiClient = new DapiClient();', `dapi${f.chars('hex', 40)}`],
    },
  },
  {
    id: 'tailscale-key',
    title: 'Tailscale auth key, API access token or OAuth client secret',
    kind: 'api-key',
    keywords: ['tskey-'],
    pattern: /(?<![A-Za-z0-9_-])tskey-(?:[a-z]{3,8}-)?[A-Za-z0-9]{8,24}-[A-Za-z0-9]{20,64}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `TS_AUTHKEY=tskey-auth-k${f.chars('aA0', 10)}CNTRL-${f.chars('aA0', 33)}`,
        `tailscale up --authkey=tskey-auth-k${f.chars('aA0', 10)}CNTRL-${f.chars('aA0', 33)}`,
        `TS_API_KEY: "tskey-api-k${f.chars('aA0', 10)}CNTRL-${f.chars('aA0', 33)}"`,
      ],
      ignores: (f) => ['TS_AUTHKEY=tskey-auth-xxxxxx', 'tailscale up --authkey=${TS_AUTHKEY}', `tskey-auth-k${f.chars('aA0', 10)}`],
    },
  },
  {
    id: '1password-service-account-token',
    title: '1Password service account token',
    kind: 'api-key',
    keywords: ['ops_eyj'],
    pattern: /(?<![A-Za-z0-9_])ops_eyJ[A-Za-z0-9+/_-]{200,4000}={0,2}(?![A-Za-z0-9+/=_-])/,
    samples: {
      matches: (f) => {
        const token = () =>
          `ops_${b64json({
            signInAddress: 'acme.1password.com',
            userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: f.chars('b64url', 22) },
            email: `${f.chars('a0', 13)}@1passwordserviceaccounts.com`,
            srpX: f.chars('hex', 64),
            muk: { alg: 'A256GCM', ext: true, k: f.chars('b64url', 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
            secretKey: `A3-${f.chars('A0', 6)}-${f.chars('A0', 6)}`,
            deviceUuid: f.chars('a0', 26),
          })}`;
        return [`OP_SERVICE_ACCOUNT_TOKEN=${token()}`, `env:\n  OP_SERVICE_ACCOUNT_TOKEN: "${token()}"`];
      },
      ignores: (f) => ['OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ...', `ops_eyJ${f.chars('b64', 50)}`, 'OP_SERVICE_ACCOUNT_TOKEN: ${{ secrets.OP_TOKEN }}'],
    },
  },
  {
    id: 'okta-api-token',
    title: 'Okta API token',
    kind: 'api-key',
    keywords: ['ssws', 'okta'],
    // `00` + 40 base64url characters, in an SSWS Authorization header or under an Okta name.
    pattern: new RegExp(
      String.raw`(?:SSWS\s{1,4}|okta[A-Za-z0-9_.-]{0,20}?(?:api[_.-]?)?(?:token|key)${ASSIGN})(?<secret>00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `curl -H "Authorization: SSWS 00${f.chars('b64url', 40)}" https://acme.okta.com/api/v1/users`,
        `OKTA_API_TOKEN=00${f.chars('aA0', 40)}`,
        `okta:\n  client:\n    token: x\nokta_client_token: "00${f.chars('b64url', 40)}"`,
      ],
      ignores: (f) => [
        'Authorization: SSWS ${OKTA_API_TOKEN}',
        `OKTA_CLIENT_ID=0oa${f.chars('aA0', 17)}`,
        `OKTA_API_TOKEN=00${f.chars('aA0', 20)}`,
        `OKTA_API_TOKEN=00${'0'.repeat(40)}`,
      ],
    },
  },
];
