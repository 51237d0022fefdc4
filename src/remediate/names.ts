/**
 * Names the fix introduces: the environment variable (or CI secret) the code reads, and the Secrets
 * Manager secret that holds the value, derived from the name the credential was written under, the
 * repository and the environment the path speaks of.
 */
import type { Kind } from '../detect/rule.js';

/** Words of an identifier: camelCase, PascalCase, snake_case, kebab-case, dotted and colon paths. */
export function words(raw: string): string[] {
  return raw
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** `stripeSecretKey`, `stripe-secret-key`, `spring.datasource.password` -> `STRIPE_SECRET_KEY`... */
export function envName(raw: string): string {
  const name = words(raw).join('_').toUpperCase();
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export function kebab(raw: string): string {
  return words(raw).join('-');
}

/** Names that say "a secret" without saying which one: they need a qualifier (the parent key, the rule). */
const GENERIC_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'secrets',
  'token',
  'key',
  'value',
  'apikey',
  'api_key',
  'auth',
  'credential',
  'credentials',
  'client_secret',
  'secret_key',
  'access_token',
  'private_key',
  'connection_string',
  'url',
  'uri',
  'dsn',
  'default',
  'data',
]);

export function isGenericName(raw: string): boolean {
  const w = words(raw);
  return w.length === 0 || GENERIC_WORDS.has(w.join('_')) || (w.length === 1 && w[0]!.length <= 3);
}

const KIND_NAMES: Readonly<Record<Kind, string>> = {
  'aws-access-key': 'AWS_ACCESS_KEY_ID',
  'private-key': 'PRIVATE_KEY',
  'database-credential': 'DATABASE_PASSWORD',
  password: 'PASSWORD',
  'oauth-token': 'OAUTH_TOKEN',
  'api-key': 'API_KEY',
  'cloud-credential': 'CLOUD_CREDENTIALS',
};

/** A name from the rule that found the credential: `stripe-secret-key` -> `STRIPE_SECRET_KEY`. */
export function nameFromRule(ruleId: string, kind: Kind): string {
  if (ruleId.startsWith('aws-secret-access-key')) return 'AWS_SECRET_ACCESS_KEY';
  if (ruleId.startsWith('aws-session-token')) return 'AWS_SESSION_TOKEN';
  if (kind === 'aws-access-key') return 'AWS_ACCESS_KEY_ID';
  if (ruleId.startsWith('private-key')) return 'PRIVATE_KEY';
  const stripped = ruleId.replace(/^generic-/, '').replace(/-(?:value|by-prefix|beside-[\w-]+|legacy|v\d+)$/, '');
  if (ruleId.startsWith('generic-') || isGenericName(stripped)) return KIND_NAMES[kind];
  return envName(stripped);
}

/** Environment words a path may hold, and the short form used in secret names. */
const ENVIRONMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:prod|production|prd|live)$/, 'prod'],
  [/^(?:staging|stage|stg)$/, 'staging'],
  [/^(?:preprod|pre-prod)$/, 'preprod'],
  [/^(?:dev|development|develop)$/, 'dev'],
  [/^(?:qa|uat|sandbox|sbx)$/, ''],
];

/** `deploy/prod/values.yaml`, `.env.production`, `application-staging.yml` -> prod, prod, staging. */
export function environmentOf(path: string): string | undefined {
  for (const token of path.toLowerCase().split(/[/._-]+/)) {
    for (const [pattern, short] of ENVIRONMENTS) if (pattern.test(token)) return short || token;
  }
  return undefined;
}

const SECRET_NAME_UNSAFE = /[^A-Za-z0-9/_+=.@-]+/g;

/** `my-repo/prod/db-password`: the repository name, the path's environment (if any), the variable. */
export function secretNameFor(repo: string | undefined, path: string, variable: string): string {
  const repoName = repo ? repo.slice(repo.lastIndexOf('/') + 1) : undefined;
  const env = environmentOf(path);
  const parts = [repoName, env, kebab(variable)].filter((p): p is string => p !== undefined && p !== '');
  return parts.map((p) => p.replace(SECRET_NAME_UNSAFE, '-')).join('/');
}

/** A Terraform / HCL identifier: `db_password`. */
export function snakeName(variable: string): string {
  return words(variable).join('_') || 'secret';
}
