/**
 * A realistic benchmark corpus: source and config files of several languages with a known set of
 * planted credentials and look-alike non-secrets, written to a directory. Deterministic per seed.
 * Every value is generated here at run time; nothing in the repository holds a real-format token.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFake } from '../test/support/fake.js';
import type { Fake } from '../src/detect/rule.js';

export interface Planted {
  readonly path: string;
  readonly line: number;
  readonly type: string;
}

export interface Corpus {
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  readonly planted: readonly Planted[];
}

type Language = 'ts' | 'py' | 'go' | 'java' | 'yaml' | 'json' | 'env' | 'tf' | 'md';
const LANGUAGES: readonly Language[] = ['ts', 'ts', 'py', 'py', 'go', 'java', 'yaml', 'json', 'env', 'tf', 'md'];

/** A planted credential: the lines to insert (the first one holds the finding) and its type. */
interface Plant {
  readonly type: string;
  readonly lines: (lang: Language) => string[];
}

const quote = (lang: Language, name: string, value: string): string => {
  switch (lang) {
    case 'py':
      return `${name.toUpperCase()} = "${value}"`;
    case 'go':
      return `\t${name} := "${value}"`;
    case 'java':
      return `    private static final String ${name.toUpperCase()} = "${value}";`;
    case 'yaml':
      return `  ${name}: "${value}"`;
    case 'json':
      return `  "${name}": "${value}",`;
    case 'env':
      return `${name.toUpperCase()}=${value}`;
    case 'tf':
      return `  ${name} = "${value}"`;
    case 'md':
      return `    ${name.toUpperCase()}=${value}`;
    default:
      return `  const ${name} = '${value}';`;
  }
};

function plants(f: Fake): Plant[] {
  return [
    { type: 'aws-access-key-id', lines: (l) => [quote(l, 'aws_access_key_id', `AKIA${f.chars('A', 16)}`)] },
    { type: 'aws-secret-access-key', lines: (l) => [quote(l, 'aws_secret_access_key', f.chars('b64', 40))] },
    { type: 'github-token', lines: (l) => [quote(l, 'github_token', f.githubToken('ghp'))] },
    { type: 'npm-token', lines: (l) => [quote(l, 'npm_auth', f.npmToken())] },
    { type: 'slack-bot-token', lines: (l) => [quote(l, 'slack_bot', `xoxb-${f.chars('0', 12)}-${f.chars('0', 12)}-${f.chars('aA0', 24)}`)] },
    { type: 'stripe-secret-key', lines: (l) => [quote(l, 'stripe_key', `sk_live_${f.chars('aA0', 24)}`)] },
    { type: 'sendgrid-api-key', lines: (l) => [quote(l, 'sendgrid', `SG.${f.chars('aA0', 22)}.${f.chars('aA0', 43)}`)] },
    { type: 'google-api-key', lines: (l) => [quote(l, 'maps_api', `AIza${f.chars('aA0', 35)}`)] },
    { type: 'gitlab-token', lines: (l) => [quote(l, 'gitlab', `glpat-${f.chars('aA0', 20)}`)] },
    {
      type: 'postgres-url',
      lines: (l) => [quote(l, 'database_url', `postgres://app_user:${f.chars('aA0', 18)}@db.internal:5432/orders`)],
    },
    { type: 'password', lines: (l) => [quote(l, 'smtp_password', `${f.chars('aA', 6)}${f.chars('0', 3)}!${f.chars('aA0', 5)}`)] },
    {
      type: 'private-key',
      lines: (l) => (l === 'md' || l === 'env' || l === 'tf' ? f.pem('RSA PRIVATE KEY', 14).split('\n') : [quote(l, 'signing_key', f.pem('PRIVATE KEY', 10).replace(/\n/g, '\\n'))]),
    },
  ];
}

/** Values with a credential's shape that are not credentials: every finding on them is a false positive. */
function lookAlikes(f: Fake): ((lang: Language) => string)[] {
  return [
    (l) => quote(l, 'aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE'),
    (l) => quote(l, 'api_token', '${API_TOKEN}'),
    (l) => quote(l, 'password', '<your-password>'),
    (l) => quote(l, 'request_id', `${f.chars('hex', 8)}-${f.chars('hex', 4)}-4${f.chars('hex', 3)}-a${f.chars('hex', 3)}-${f.chars('hex', 12)}`),
    (l) => quote(l, 'commit_sha', f.chars('hex', 40)),
    (l) => quote(l, 'integrity', `sha512-${f.chars('b64', 86)}==`),
    (l) => quote(l, 'public_key', `ssh-rsa AAAAB3NzaC1yc2E${f.chars('b64', 200)} deploy@ci`),
    (l) => quote(l, 'stripe_publishable', `pk_live_${f.chars('aA0', 24)}`),
    (l) => quote(l, 'github_token', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
    (l) => quote(l, 'checksum', f.chars('b64', 44)),
    () => '  const password = process.env.DB_PASSWORD;',
    () => '  password_field = "password"',
  ];
}

const IDENTS = ['user', 'order', 'invoice', 'cart', 'session', 'config', 'client', 'record', 'event', 'queue', 'cache', 'report'];

function fillerLine(lang: Language, f: Fake, i: number): string {
  const a = IDENTS[i % IDENTS.length]!;
  const b = IDENTS[(i * 7 + 3) % IDENTS.length]!;
  const n = f.chars('0', 3);
  switch (lang) {
    case 'py':
      return i % 5 === 0 ? `def handle_${a}_${n}(${b}, retries=3):` : `    ${a}_${n} = ${b}.get("${a}_id", ${n})  # look up the ${b}`;
    case 'go':
      return i % 5 === 0 ? `func handle${a}${n}(ctx context.Context, ${b} *${b}Store) error {` : `\tif err := ${b}.Save(ctx, "${a}-${n}"); err != nil { return err }`;
    case 'java':
      return i % 5 === 0 ? `    public ${a}Dto find${b}(long id${n}) {` : `        ${a}Repository.save(new ${b}Entity(${n}, "${a}")); // persist`;
    case 'yaml':
      return i % 4 === 0 ? `${a}_${n}:` : `  ${b}_timeout: ${n}ms`;
    case 'json':
      return `  "${a}_${n}": { "${b}": ${n}, "enabled": true },`;
    case 'env':
      return `${a.toUpperCase()}_${b.toUpperCase()}_LIMIT=${n}`;
    case 'tf':
      return i % 4 === 0 ? `resource "aws_s3_bucket" "${a}_${n}" {` : `  tags = { Name = "${a}-${b}-${n}" }`;
    case 'md':
      return `The ${a} service keeps ${b} records for ${n} days before archiving them to cold storage.`;
    default:
      return i % 6 === 0
        ? `export async function load${a}${n}(id: string): Promise<${b}> {`
        : `  const ${a}${n} = await ${b}Service.fetch({ id, limit: ${n} }); // ${b} lookup`;
  }
}

const EXTENSION: Record<Language, string> = { ts: 'ts', py: 'py', go: 'go', java: 'java', yaml: 'yaml', json: 'json', env: 'env', tf: 'tf', md: 'md' };

/**
 * Writes about `megabytes` MB of files under `dir`: roughly one planted credential and one look-alike
 * per 100 KB, each at a recorded line.
 */
export function generateCorpus(dir: string, megabytes: number, seed = 42): Corpus {
  const f = createFake(seed);
  const plantList = plants(f);
  const alikeList = lookAlikes(f);
  const planted: Planted[] = [];
  const target = megabytes * 1024 * 1024;
  let bytes = 0;
  let files = 0;
  let counter = 0;
  while (bytes < target) {
    const lang = LANGUAGES[files % LANGUAGES.length]!;
    const sub = join(dir, `pkg${files % 37}`, lang);
    mkdirSync(sub, { recursive: true });
    const path = join(`pkg${files % 37}`, lang, `file${files}.${lang === 'env' ? 'env' : EXTENSION[lang]}`);
    const lines: string[] = [];
    const size = 8 * 1024 + ((files * 7919) % (120 * 1024));
    let fileBytes = 0;
    while (fileBytes < size) {
      counter++;
      let line: string;
      if (counter % 1500 === 0) {
        const plant = plantList[(counter / 1500) % plantList.length]!;
        const plantLines = plant.lines(lang);
        planted.push({ path, line: lines.length + 1, type: plant.type });
        lines.push(...plantLines);
        fileBytes += plantLines.join('\n').length + 1;
        continue;
      }
      if (counter % 1500 === 750) line = alikeList[(counter / 1500) % alikeList.length | 0]!(lang);
      else line = fillerLine(lang, f, counter);
      lines.push(line);
      fileBytes += line.length + 1;
    }
    writeFileSync(join(dir, path), lines.join('\n') + '\n');
    bytes += fileBytes;
    files++;
  }
  return { dir, files, bytes, planted };
}
