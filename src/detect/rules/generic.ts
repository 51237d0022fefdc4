/**
 * Generic, name-based rules: passwords, secrets, API keys and tokens that carry no format of their
 * own and are recognised by the name they are written under (`password`, `DB_PASSWORD`,
 * `clientSecret`, `GITLAB_TOKEN`...), plus the few shapes that say "credential" whatever the provider:
 * credentials in URLs, Basic and Bearer authorization headers, signed JWTs.
 *
 * Every name-based rule has a minEntropy: it is "generic" for the engine and yields to a format rule
 * that finds the same text. The rules are split so that one piece of text is found by one rule only:
 * passwords by syntax family (the file type decides which one applies), secrets by the name's last
 * word (`..._secret`, `..._api_key`, `..._token`, `client_secret`, `access_token`) and by quoting.
 *
 * Names are matched in any case and convention (snake, camel, kebab, SCREAMING, dotted) with any
 * prefix, but must END with the credential word (an allowed tail such as `_prod` or `2` aside):
 * `password_hash`, `secret_name`, `token_url`, `api_key_header` name something else.
 */
import type { Rule } from '../rule.js';
import { isPlaceholder } from '../placeholders.js';
import { isBase64, isSignedJwt, isVaried, shannonEntropy } from '../validators.js';
import { isTrivialPassword } from './patterns.js';

// ------------------------------------------------------------------------------------------- names

/** Characters of a name: identifier characters plus the separators of dotted and kebab keys. */
const NC = '[A-Za-z0-9_.\\-]';

/**
 * A word in any letter case; `_` inside it stands for an optional separator (`api_key` matches
 * apikey, api_key, api-key, api.key, ApiKey, API_KEY).
 */
function ci(word: string): string {
  let out = '';
  for (const ch of word) {
    if (/[a-z]/i.test(ch)) out += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else if (ch === '_') out += '[_.\\-]?';
    else out += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return out;
}

const anyOf = (words: readonly string[]) => words.map(ci).join('|');

/**
 * Words that must form a whole segment of the name (`is_password`, `isPassword`, `IS_PASSWORD`, but
 * not `issuer` or `ISSUER`): short words that would otherwise match inside longer ones.
 */
function segment(words: readonly string[]): string {
  const lower = words.join('|');
  const title = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('|');
  const upper = words.map((w) => w.toUpperCase()).join('|');
  return `(?<![A-Za-z0-9])(?:${lower})(?![a-z])|(?<![A-Z])(?:${title})(?![a-z])|(?<![A-Za-z0-9])(?:${upper})(?![A-Za-z])`;
}

/** Keyword variants of a compound name: `api_key` -> apikey, api_key, api-key, api.key. */
function variants(word: string): string[] {
  if (!word.includes('_')) return [word];
  return ['', '_', '-', '.'].map((sep) => word.split('_').join(sep));
}

interface NameSpec {
  /** the credential word(s) the name must end with: regex sources */
  readonly cores: readonly string[];
  /** short credential words (`pass`, `pwd`): segment-bounded, no tail */
  readonly shortCores?: string;
  /** words that disqualify the name wherever they occur in it */
  readonly anywhere: readonly string[];
  /** short words that disqualify the name when they form one of its segments */
  readonly segments: readonly string[];
  /** endings allowed after the core (`_prod`, `Value`, `2`) */
  readonly tails: readonly string[];
}

/** Words in names that are about a credential without holding one (UI, validation, hashing...). */
const NOT_A_SECRET_ANYWHERE = [
  'hash',
  'digest',
  'checksum',
  'salt',
  'crypt',
  'confirm',
  'reset',
  'forgot',
  'forget',
  'verif',
  'validat',
  'check',
  'placeholder',
  'label',
  'prompt',
  'input',
  'field',
  'regex',
  'policy',
  'require',
  'toggle',
  'mask',
  'visib',
  'hint',
  'tooltip',
  'message',
  'error',
  'invalid',
  'wrong',
  'missing',
  'empty',
  'mock',
  'fake',
  'dummy',
  'example',
  'sample',
  'template',
  'format',
  'expir',
  'strength',
  'complex',
  'length',
  'generat',
  'public',
  'publishable',
  'revoked',
];

const NOT_A_SECRET_SEGMENTS = ['is', 'has', 'use', 'no', 'get', 'set', 'show', 'hide', 'min', 'max', 'num', 'type', 'allow', 'can', 'should', 'must', 'needs'];

const COMMON_TAILS = [
  'value',
  'val',
  'str',
  'string',
  'prod',
  'production',
  'dev',
  'development',
  'staging',
  'stage',
  'stg',
  'test',
  'qa',
  'uat',
  'live',
  'local',
  'sandbox',
];

/**
 * A name that ends with one of `spec.cores`: not glued to a preceding identifier, any prefix of name
 * characters (`db_`, `smtp.`, `spring.datasource.`, `this.`, `$`), an allowed tail, then its end.
 */
function name(spec: NameSpec): string {
  const exclude = `(?!${NC}{0,64}?(?:${anyOf(spec.anywhere)}|${segment(spec.segments)}))`;
  const tail = `(?:[_.\\-]?(?:\\d{1,3}|${anyOf(spec.tails)}))?`;
  const short = spec.shortCores ? `|${spec.shortCores}` : '';
  return `(?<![A-Za-z0-9_.\\-])(?=[A-Za-z_])${exclude}${NC}{0,64}?(?:(?:${spec.cores.join('|')})${tail}${short})(?![A-Za-z0-9_.\\-])`;
}

/** Words of database password names, which the databases family reads. */
const DATABASE_WORDS = ['database', 'datasource', 'postgres', 'pgpass', 'mysql', 'mariadb', 'mongo', 'redis', 'rabbitmq', 'mssql', 'sqlserver', 'neo4j', 'masteruser'];

const PASSWORD_NAME = name({
  cores: [
    ci('password'),
    ci('passwd'),
    ci('passphrase'),
    ci('pass_phrase'),
    ci('passcode'),
  ],
  // short words need a segment boundary: DB_PASS, dbPass, smtp.pass, but not bypass or compass
  shortCores: '(?:(?<![A-Za-z0-9])(?:pass|PASS)|(?<![A-Z])Pass)(?![\\t\\r\\n])|(?<![A-Za-z0-9])(?:pwd|PWD)|(?<![A-Z])Pwd',
  // database passwords (DB_PASSWORD, POSTGRES_PASSWORD, spring.datasource.password...) are the databases family's
  anywhere: [...NOT_A_SECRET_ANYWHERE, ...DATABASE_WORDS],
  segments: [...NOT_A_SECRET_SEGMENTS, 'db', 'pg', 'sa'],
  tails: COMMON_TAILS,
});

/** `*_secret`, `secret_key`, signing/encryption/master keys; client, consumer, app, token, API and OAuth secrets belong to other rules. */
const SECRET_NAME = name({
  cores: [
    `(?<!(?:${anyOf(['client', 'consumer', 'app', 'application', 'token', 'oauth', 'api', 'access'])})[_.\\-]?)${ci('secret')}(?:${ci('_key')}|${ci('_token')})?`,
    ci('signing_key'),
    ci('encryption_key'),
    ci('encrypt_key'),
    ci('master_key'),
    ci('private_key'),
    ci('hmac_key'),
    ci('jwt_key'),
    ci('crypto_key'),
    ci('cipher_key'),
    ci('aes_key'),
    ci('app_key'),
    ci('shared_key'),
  ],
  // existingSecret (Helm) names a Kubernetes Secret; AWS keys are the AWS family's
  anywhere: [...NOT_A_SECRET_ANYWHERE.filter((w) => w !== 'crypt'), 'encrypted', 'existing', 'aws'],
  segments: NOT_A_SECRET_SEGMENTS,
  tails: [...COMMON_TAILS, 'base', 'b64', 'base64', 'hex'],
});

const API_KEY_NAME = name({
  cores: [ci('api_key'), ci('api_token'), `${ci('api_secret')}(?:${ci('_key')})?`, ci('subscription_key')],
  anywhere: [...NOT_A_SECRET_ANYWHERE, 'header'],
  segments: NOT_A_SECRET_SEGMENTS,
  tails: [...COMMON_TAILS, 'b64', 'base64', 'hex'],
});

/** `PREFIX_TOKEN`, `prefixToken`, `prefix-token`: a bare `token` is too common to mean anything. */
const TOKEN_NAME = name({
  cores: ['(?<=[A-Za-z0-9][_\\-])(?:token|TOKEN|Token)|(?<=[a-z0-9])Token'],
  anywhere: [
    ...NOT_A_SECRET_ANYWHERE,
    'csrf',
    'xsrf',
    'forgery',
    'continuation',
    'pagination',
    'cancel',
    'device',
    'registration',
    'session',
    'security',
    'access',
    'refresh',
    'oauth',
    'bearer',
    'secret',
    'special',
    'completion',
    'output',
    'count',
    'total',
    'cache',
    'invite',
    'invitation',
    'unsubscribe',
    'lexer',
    'parse',
  ],
  segments: [...NOT_A_SECRET_SEGMENTS, 'id', 'api', 'page', 'next', 'prev', 'sync', 'push', 'eos', 'bos', 'pad', 'unk', 'sep', 'cls', 'start', 'end', 'stop', 'last', 'form'],
  tails: COMMON_TAILS,
});

const CLIENT_SECRET_NAME = name({
  cores: [`(?:${anyOf(['client', 'consumer', 'app', 'application'])})[_.\\-]?${ci('secret')}(?:${ci('_key')})?`],
  anywhere: NOT_A_SECRET_ANYWHERE,
  segments: NOT_A_SECRET_SEGMENTS,
  tails: COMMON_TAILS,
});

const OAUTH_TOKEN_NAME = name({
  cores: [
    ci('access_token'),
    ci('refresh_token'),
    ci('oauth_token'),
    ci('bearer_token'),
    `(?:${ci('access_')}|${ci('oauth_')})?${ci('token_secret')}`,
    ci('oauth_secret'),
    ci('access_secret'),
  ],
  anywhere: NOT_A_SECRET_ANYWHERE,
  segments: NOT_A_SECRET_SEGMENTS,
  tails: COMMON_TAILS,
});

/** Every password name contains one: the long words, `pwd`, or `pass` right before what ends a name. */
const PASSWORD_KEYWORDS = ['password', 'passwd', ...variants('pass_phrase'), 'passcode', 'pwd', 'pass=', 'pass:', 'pass"', "pass'", 'pass ', 'pass>', 'pass`', 'pass]', 'pass|', 'pass?', 'pass<', 'pass{'];
const SECRET_KEYWORDS = [
  'secret',
  'signing',
  'encrypt',
  ...['master_key', 'private_key', 'hmac_key', 'jwt_key', 'crypto_key', 'cipher_key', 'aes_key', 'app_key', 'shared_key'].flatMap(variants),
];
const API_KEY_KEYWORDS = [...variants('api_key'), ...variants('api_token'), 'secret', 'subscription'];
const CLIENT_SECRET_KEYWORDS = ['client_secret', 'consumer_secret', 'app_secret', 'application_secret'].flatMap(variants);
const OAUTH_KEYWORDS = [
  ...['access_token', 'refresh_token', 'bearer_token', 'token_secret', 'access_secret'].flatMap(variants),
  'oauth',
];

// ------------------------------------------------------------------------------------------ syntax

/** A type annotation between a name and its value: `password: string =`, `var password string =`. */
const TYPE = `(?:(?:[ \\t]{0,4}:[ \\t]{0,4}|[ \\t]{1,4})(?:[Ss]tring|str|&(?:'static[ \\t]{1,4})?str)\\??)?`;
/** Assignment operators of the languages: `=`, `:`, `:=`, `=>`, `||=`, `??=`, `<-` (not `==`, `=~`, `::`). */
const OP = '(?::=|=>|\\|\\|=|\\?\\?=|<-|=(?![=~>])|:(?![:=]))';
/** A C# auto-property between a name and its initializer: `Password { get; set; } = "..."`. */
const CS_PROPERTY = '(?:[ \\t]{0,4}\\{[ \\t]{0,4}get;[^}\\n]{0,40}\\})?';
/** String prefixes: Python b'' r'' u'', C# @"". */
const STR_PREFIX = '(?:[bBrRuU]{1,2}|@)?';
/** Not written right after `export`/`set`: the shell-export rule reads those. */
const NOT_SHELL = '(?<!\\b(?:export|set)[ \\t]{1,8})';
/** Django's DATABASES `'PASSWORD': '...'` is the databases family's. */
const DJANGO_DB_KEY = `(?!PASSWORD["'][ \\t]{0,4}:)`;

/** `--db-password`, `--redis-pass`: database passwords are the databases family's. */
const NOT_DATABASE_FLAG = `(?![\\w-]{0,40}?(?:${anyOf(DATABASE_WORDS)}|(?<![A-Za-z0-9])(?:db|pg|sa|DB|PG|SA)(?![A-Za-z0-9])))`;
/** The password word of a command-line flag: --password, --smtp-pass, -Dmail.password, --set auth.pwd. */
const CLI_CORE = `(?:${anyOf(['password', 'passwd', 'pass_phrase', 'pass', 'pwd'])})`;
/** Command lines other families read: mysql/redis-cli passwords, `docker login` to Azure Container Registry. */
const NOT_OTHER_CLI = String.raw`(?<!\b(?:mysql(?:dump|admin|import|check|sh|slap|pump)?|redis-cli)(?:\.exe)?[ \t][^\r\n|;&]{0,200})(?<!azurecr\.io[^\r\n]{0,300})(?![^\r\n]{0,300}azurecr\.io)`;

/** A quoted value (any of ' " `), captured without its quotes. */
function quoted(min: number, max: number): string {
  return `(?<secret>[^\\s"'\`\\\\<>]{${min},${max}})(?=["'\`])`;
}

/** Code: `name = "v"`, `name: 'v'`, `"name": "v"`, `$name = 'v'`, `name := "v"`, `'name' => 'v'`, `("name", "v")`. */
function codeForms(nameRe: string): string {
  const call = `(?<=\\([ \\t]{0,4}["'])${nameRe}["'][ \\t]{0,4},[ \\t]{0,4}`;
  const assign = `${NOT_SHELL}${nameRe}(?:["']\\]?|\\])?${CS_PROPERTY}${TYPE}[ \\t]{0,4}${OP}[ \\t]{0,4}`;
  return `(?:${call}|${assign})${STR_PREFIX}["'\`]`;
}

/** Markup: `<name>v</name>`, `<add key="name" value="v"/>`, `<entry key="name">v</entry>`, `<property name="name" value="v"/>`. */
function markupForms(nameRe: string): string {
  // an element with its closing tag (not a `<password>` placeholder nor a regex's `(?<secret>` group)
  const element = `(?<=<(?:[A-Za-z][\\w.-]{0,30}:)?)${nameRe}>(?=[^<>\\n]{1,600}</)`;
  const keyed = `(?<=\\b(?:key|name)[ \\t]{0,4}=[ \\t]{0,4}["'])${nameRe}["'](?:[ \\t]{1,8}value[ \\t]{0,4}=[ \\t]{0,4}["']|[ \\t]{0,4}>)`;
  return `(?:${element}|${keyed})`;
}

/** Any quoted or markup form, value up to a quote or `<`. */
function anyQuotedForm(nameRe: string, min: number, max: number): RegExp {
  return new RegExp(`(?:${codeForms(nameRe)}|${markupForms(nameRe)})(?<secret>[^\\s"'\`\\\\<>]{${min},${max}})(?=["'\`<])`);
}

/** The end of an unquoted value: end of line, maybe after a comment. */
const EOL = '(?=[ \\t]{0,40}(?:[#;][^\\n]{0,1000})?\\r?$)';

/** A value in a config file: quoted, or bare up to the end of the line (or a comment). */
function configValue(min: number, max: number): string {
  return `["']?(?<secret>[^\\s"'\`#][^\\s"'\`]{${min - 1},${max - 1}})(?:["']|${EOL})`;
}

/**
 * An unquoted value up to the end of the line (or a comment); a quoted one belongs to the quoted rules.
 * No brackets, commas or semicolons: `privateKey: getPrivateKey(),` in a README's snippet is code.
 */
function bareValue(min: number, max: number): string {
  return `(?<secret>[^\\s"'\`#()[\\]{},;][^\\s"'\`()[\\]{},;]{${min - 1},${max - 1}})${EOL}`;
}

// ------------------------------------------------------------------------------------------- paths

const YAML_FILE = String.raw`\.ya?ml$`;
const JSON_FILE = String.raw`\.(?:json5?|jsonc)$`;
const TERRAFORM_FILE = String.raw`\.(?:tf|tfvars|hcl)$`;
const DOCKER_FILE = String.raw`(?:^|/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.dockerfile$`;
/** dotenv, Java properties, INI/TOML and the rc files written in them. */
const CONFIG_FILE = String.raw`(?:^|/)(?:\.env(?:\.[\w.-]+)?|\.npmrc|\.pypirc|\.yarnrc|\.s3cfg)$|\.(?:env|properties|ini|cfg|conf|cnf|toml)$`;
const SHELL_FILE = String.raw`\.(?:sh|bash|zsh|ksh|envrc)$|(?:^|/)\.envrc$`;
/** Documentation and plain text, where a bare `NAME=value` is a copied .env line rather than code. */
const DOCS_FILE = String.raw`\.(?:md|mdx|markdown|rst|txt|adoc|asciidoc|org)$|(?:^|/)README$`;

const only = (...sources: string[]) => new RegExp(sources.join('|'), 'i');
const except = (...sources: string[]) => new RegExp(`^(?!.*(?:${sources.join('|')}))`, 'i');

/** The paths each password rule reads: one syntax family per file type, so a line is read by one rule only. */
const CODE_PASSWORD_FILES = except(YAML_FILE, JSON_FILE, TERRAFORM_FILE, DOCKER_FILE, CONFIG_FILE, String.raw`(?:^|/)database\.ya?ml\.erb$`);
/** Rails' config/database.yml is the databases family's. */
const YAML_PASSWORD_FILES = new RegExp(String.raw`^(?!(?:.*/)?database\.ya?ml$).*${YAML_FILE}`, 'i');
/** MySQL option files (my.cnf) are the databases family's. */
const CONFIG_PASSWORD_FILES = new RegExp(String.raw`^(?!(?:.*/)?\.?my\.(?:cnf|ini)$).*(?:${CONFIG_FILE})`, 'i');
const UNQUOTED_SECRET_FILES = only(CONFIG_FILE, YAML_FILE, DOCKER_FILE, SHELL_FILE, DOCS_FILE);

// ------------------------------------------------------------------------------------ thresholds

const PASSWORD_MIN = 6;
const PASSWORD_MAX = 128;
/** Bits per character for passwords: short, human-made; isVaried and the value checks do the rest. */
const PASSWORD_ENTROPY = 2.8;
const SECRET_MIN = 16;
const SECRET_MAX = 512;
/**
 * Bits per character for keys and tokens. Hex tops out at 4 and a random 20-character hex key can
 * fall near 3.0, so that is the floor; other alphabets must reach NON_HEX_ENTROPY (see plausibleSecret).
 * Entropy alone does not tell words from keys (`my_app_secret_key_v2` has 3.5): the value checks do.
 */
const SECRET_ENTROPY = 3;
const NON_HEX_ENTROPY = 3.2;

// -------------------------------------------------------------------------------------- validation

/** Stored password hashes (bcrypt, argon2, crypt(3), PBKDF2, LDAP schemes), not passwords. */
const HASHED = /^(?:\$(?:2[abxy]?|argon2(?:id|i|d)|[1567]|y|gy|scrypt|pbkdf2[\w-]*|sha\d*|md5)\$|\{(?:S?SHA\d*|S?MD5|CRYPT|BCRYPT|PBKDF2[\w-]*|ARGON2)\}|(?:pbkdf2_sha\d+|bcrypt(?:_sha256)?|argon2|sha1|sha256|md5|scrypt)\$)/i;
/** Encrypted or indirected values: SOPS, Jasypt, Ansible Vault, KMS ciphertext, YAML anchors and tags. */
const INDIRECT = /^(?:ENC\[|ENC\(|\$ANSIBLE_VAULT|AQICA|[&*][\w-]+$|!!?[A-Za-z]+$|\{[A-Za-z0-9+/]{8,}={0,2}\}$)/;
/** Format strings, bind parameters, interpolations: `{0}`, `{password}`, `%s`, `:password`, `@password`, `$dir/key.pem`. */
const TEMPLATE = /\{\w*\}|%[sdvq]|^[:@?][A-Za-z_]\w*$|(?:^|[/=:])\$[A-Za-z_{(]/;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\//;
/** `prod/db/password`, `secrets/api.key`, `config/app.json`: a name or path, not a value. */
const PATH_LIKE = /^[a-z0-9_.-]+(?:\/[a-z0-9_.-]+)+$|^[\w.-]+(?:\/[\w.-]+)+\.[a-z]{1,5}$/;
/** A word in any script, or words in CamelCase without digits: `Passwort`, `Contraseña`, `PasswordInput`. */
const WORDS = /^\p{Lu}?\p{Ll}+(?:\p{Lu}\p{Ll}+)*$|^\p{Lu}+$/u;
/** HTTP header names and MIME-like words: `X-API-Key`, `Bearer-Token`. */
const HEADER_NAME = /^[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+$/;

/** Words of made-up values in tests and docs: `secret123`, `existing-token-1`, `my-test-password`. */
const DUMMY_WORDS = /secret|pass|pwd|token|key|test|dummy|fake|demo|sample|example|admin|user|hello|world|foo|bar|baz|xyz|qwerty|letmein|welcome|existing|valid|super|level|changeit|default|guest|anonymous|root|mock|stub/;

/**
 * Values the OAuth RFCs use in their examples (RFC 5849, 6749, 6750), copied into countless docs and
 * tests. Written split so that no whole example sits in this file.
 */
const RFC_EXAMPLES = new Set([
  ['2YotnFZFEjr1', 'zCsicMWpAA'], // RFC 6749 access token
  ['tGzv3JOkF0XG', '5Qx2TlKWIA'], // RFC 6749 refresh token
  ['SplxlOBeZQQY', 'bYS6WxSbIA'], // RFC 6749 authorization code
  ['gX1fBa', 't3bV'], // RFC 6749 client password
  ['7Fjfp0ZBr1Kt', 'DRbnfVdmIw'], // RFC 6749 client secret
  ['mF_9.B5f', '-4.1JqM'], // RFC 6750 bearer token
  ['ad180jjd', '733klru7'], // RFC 5849 token
  ['hh5s93j4', 'hdidpola'], // RFC 5849 temporary credentials
  ['hdk48Djd', 'sa'], // RFC 5849 temporary credentials secret
  ['nnch734d', '00sl2jdk'], // RFC 5849 token
  ['pfkkdhi9', 'sl3r4s00'], // RFC 5849 token secret
  ['kd94hf93', 'k423kf44'], // RFC 5849 client secret
  ['dj9r8x5u8', 'sdhtb5x'], // RFC 5849 token secret
].map((parts) => parts.join('')));

/**
 * A made-up value: words (lower, Title, UPPER or camelCase runs) and short numbers only, one of them a
 * word that made-up values are made of. Random values have runs of mixed case that are not words.
 */
function isDummyValue(value: string): boolean {
  if (!/^[A-Za-z0-9_.!@#$%^&*?-]+$/.test(value) || /\d{7}/.test(value)) return false;
  const runs = value.split(/[^A-Za-z]+/).filter((r) => r.length > 0);
  return runs.length > 0 && runs.every((r) => WORDS.test(r)) && DUMMY_WORDS.test(value.toLowerCase());
}

/** Redacted or truncated values in docs and logs: `dckr_pat_***`, `pypi-AgEI...`. */
const REDACTED = /\*{3}|\.{3}|\u2026/;
/**
 * Prefixes of checksummed tokens (GitHub, npm, GitLab): their format rules verify them, and one that
 * fails the check is a made-up token, not a secret for a generic rule to pick up.
 */
const CHECKSUMMED = /^(?:gh[pousr]_|github_pat_|npm_|glpat-)/;

/** What a value in a credential field must not look like, for every generic rule. */
function plausibleValue(value: string): boolean {
  return (
    // printable ASCII: UI strings in other scripts (`パスワードを入力`) are not credentials
    /^[\x21-\x7e]+$/.test(value) &&
    isVaried(value) &&
    !RFC_EXAMPLES.has(value) &&
    !isTrivialPassword(value) &&
    !isDummyValue(value) &&
    !REDACTED.test(value) &&
    !CHECKSUMMED.test(value) &&
    !HASHED.test(value) &&
    !INDIRECT.test(value) &&
    !TEMPLATE.test(value) &&
    !EMAIL.test(value) &&
    !URL_LIKE.test(value) &&
    !PATH_LIKE.test(value) &&
    !WORDS.test(value.replace(/[.,;:!?]+$/, '')) &&
    !HEADER_NAME.test(value)
  );
}

/**
 * A name rather than a key: words (and short numbers) joined by `-`, `_` or `.`, in one case, at least
 * two real words: `my-release-postgresql`, `prod_db_credentials_v2`, `generate-a-random-string`.
 */
function isNameLike(value: string): boolean {
  if (!/^[a-z0-9]+(?:[-_.][a-z0-9]+)+$|^[A-Z0-9]+(?:[-_.][A-Z0-9]+)+$/.test(value)) return false;
  const segments = value.split(/[-_.]/);
  return segments.every((seg) => /^[a-z]+\d{0,3}$|^\d{1,4}$/i.test(seg)) && segments.filter((seg) => /[a-z]{3}/i.test(seg)).length >= 2;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}

const plausiblePassword = (value: string) => plausibleValue(value);
/** Keys and tokens are machine-made: at least two kinds of characters (hex has letters and digits). */
const plausibleSecret = (value: string) =>
  plausibleValue(value) &&
  characterClasses(value) >= 2 &&
  !isNameLike(value) &&
  (/^(?:[0-9a-f]+|[0-9A-F]+)$/.test(value) || shannonEntropy(value) >= NON_HEX_ENTROPY);

/** The password of `user:password` in a Basic authorization header (base64), or the user when it is the key. */
function isBasicCredential(b64: string): boolean {
  if (!isBase64(b64) || b64.length % 4 !== 0) return false;
  const decoded = Buffer.from(b64, 'base64').toString('latin1');
  if (!/^[\x20-\x7e]+$/.test(decoded)) return false;
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  const secret = pass.length > 0 ? pass : user;
  return secret.length >= 4 && !isPlaceholder(secret) && !/^[a-z]+$|^[A-Z]+$/.test(secret) && plausibleValue(secret);
}

/** A signed JWT that is not a documentation example nor a public (anonymous-role) key. */
function isSecretJwt(token: string): boolean {
  if (!isSignedJwt(token)) return false;
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    // the documentation examples of jwt.io, PyJWT and jsonwebtoken
    if (payload['sub'] === '1234567890' || payload['some'] === 'payload' || payload['foo'] === 'bar') return false;
    if (payload['role'] === 'anon') return false;
  } catch {
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------- patterns

/** The password name, short for the patterns below. */
const P = PASSWORD_NAME;

/** Names of the unquoted secret rule (API-key kind), each with its own exclusions. */
const API_KEY_KIND_NAMES = `(?:${SECRET_NAME}|${API_KEY_NAME}|${TOKEN_NAME})`;
const OAUTH_KIND_NAMES = `(?:${CLIENT_SECRET_NAME}|${OAUTH_TOKEN_NAME})`;

/** Line-start assignment in config, YAML, Dockerfile and shell files: `NAME=v`, `name: v`, `- NAME=v`, `export NAME=v`, `ENV NAME=v`. */
function bareAssignment(nameRe: string): RegExp {
  return new RegExp(
    `^[ \\t]{0,40}(?:-[ \\t]{1,4}|(?:export|ENV|ARG)[ \\t]{1,8})?["']?${nameRe}["']?[ \\t]{0,8}[=:][ \\t]{0,8}${bareValue(SECRET_MIN, SECRET_MAX)}`,
    'm',
  );
}

/** Schemes whose URLs carry `user:password@`; database schemes are the databases family's. */
const URL_SCHEME_LIST = [
  ...['http', 'https', 'ftp', 'ftps', 'sftp', 'smtp', 'smtps', 'imap', 'imaps', 'pop3', 'pop3s', 'ldap', 'ldaps', 'ws', 'wss'],
  ...['git+http', 'git+https', 'git+ssh', 'ssh', 'svn', 'svn+ssh', 'socks', 'socks4', 'socks4a', 'socks5', 'socks5h'],
  ...['rtsp', 'rtmp', 'nntp', 'xmpp', 'sip', 'dav', 'webdav', 'webdavs'],
];
const URL_SCHEMES = URL_SCHEME_LIST.map((scheme) => scheme.replace('+', '\\+')).join('|');

/** Sample builders: base64 of a Basic credential, base64url of a JWT part. */
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const GENERIC_RULES: readonly Rule[] = [
  // ------------------------------------------------------------------------------------ passwords
  {
    id: 'generic-password-assignment',
    title: 'Password assigned in source code',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(`${DJANGO_DB_KEY}${codeForms(P)}${quoted(PASSWORD_MIN, PASSWORD_MAX)}`),
    paths: CODE_PASSWORD_FILES,
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        `const password = "${f.chars('aA0', 10)}!";`,
        `  auth: { user: 'mailer', pass: '${f.chars('aA0', 12)}' },`,
        `SMTP_PASSWORD = '${f.chars('aA0', 14)}'`,
        `client = ldap.initialize(uri, bind_dn="cn=svc", password="${f.chars('aA0', 12)}")`,
        { path: 'main.go', text: `cfg := Config{Host: "smtp", Password: "${f.chars('aA0', 12)}"}` },
        { path: 'App.java', text: `    private static final String ADMIN_PASSWORD = "${f.chars('aA0', 12)}";` },
        { path: 'app.rb', text: `  config.smtp_password = '${f.chars('aA0', 12)}'` },
        { path: 'config.php', text: `$password = '${f.chars('aA0', 12)}';` },
        { path: 'wp-config.php', text: `define('FTP_PASS', '${f.chars('aA0', 12)}');` },
        { path: 'Settings.cs', text: `    public string Password { get; set; } = @"${f.chars('aA0', 12)}";` },
        { path: 'src/app.ts', text: `  private readonly adminPassword: string = '${f.chars('aA0', 12)}';` },
        { path: 'pom.xml', text: `<server id="nexus" username="deploy" password="${f.chars('aA0', 12)}"/>` },
      ],
      ignores: (f) => [
        'const password = getPassword();',
        'password = os.environ["SMTP_PASSWORD"]',
        'const password = process.env.SMTP_PASSWORD;',
        'password: ""',
        'password_field = "password"',
        `passwordHash = "$2b$12$${f.chars('b64', 53)}"`,
        `password = "$2b$12$${f.chars('b64', 53)}"`,
        `const PASSWORD_REGEX = "^(?=.*[A-Z])${f.chars('aA0', 8)}$";`,
        '<input type="password" name="password" placeholder="Enter your password" />',
        `if (password == "${f.chars('aA0', 10)}") {`,
        'password = "********"',
        'password = "changeme"',
        "password: 'Contraseña'",
        "password = '{0}'",
        { path: 'config.yml', text: `password: "${f.chars('aA0', 12)}"` },
        `confirm_password = "${f.chars('aA0', 12)}"`,
        `isPassword: "${f.chars('aA0', 12)}"`,
        `export SMTP_PASSWORD="${f.chars('aA0', 12)}"`,
        `--password="${f.chars('aA0', 12)}"`,
        `bypass = "${f.chars('aA0', 12)}"`,
        `DB_PASSWORD = "${f.chars('aA0', 12)}"`,
      ],
    },
  },
  {
    id: 'generic-password-json',
    title: 'Password in a JSON file',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(`(?<=")${P}"[ \\t]{0,4}:[ \\t]{0,4}"${quoted(PASSWORD_MIN, PASSWORD_MAX)}`),
    paths: only(JSON_FILE),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: 'config/default.json', text: `{\n  "smtp": {\n    "host": "smtp.internal",\n    "user": "mailer",\n    "password": "${f.chars('aA0', 14)}"\n  }\n}\n` },
        { path: 'appsettings.json', text: `{ "Admin": { "UserName": "admin", "AdminPassword": "${f.chars('aA0', 12)}#" } }` },
      ],
      ignores: (f) => [
        { path: 'config.json', text: '{ "password": "" }' },
        { path: 'config.json', text: '{ "password": "${SMTP_PASSWORD}" }' },
        { path: 'config.json', text: '{ "passwordMinLength": 12, "passwordPolicy": "strong" }' },
        { path: 'locales/de.json', text: '{ "password": "Passwort", "passwordHint": "Mindestens 8 Zeichen" }' },
        { path: 'config.json', text: `{ "passwordHash": "$argon2id$v=19$m=65536,t=3,p=4$${f.chars('b64', 22)}$${f.chars('b64', 43)}" }` },
      ],
    },
  },
  {
    id: 'generic-password-yaml',
    title: 'Password in a YAML file',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(
      `^[ \\t]{0,40}(?:-[ \\t]{1,4})?["']?${P}(?:["']?[ \\t]{0,4}:[ \\t]{1,8}|=)${configValue(PASSWORD_MIN, PASSWORD_MAX)}`,
      'm',
    ),
    paths: YAML_PASSWORD_FILES,
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: 'src/main/resources/application.yml', text: `spring:\n  mail:\n    host: smtp.internal\n    username: mailer\n    password: ${f.chars('aA0', 12)}\n` },
        { path: 'docker-compose.yml', text: `services:\n  app:\n    environment:\n      - SMTP_PASSWORD=${f.chars('aA0', 14)}\n` },
        { path: 'group_vars/all.yml', text: `ansible_user: deploy\nansible_become_pass: '${f.chars('aA0', 12)}'\n` },
        { path: 'config.yaml', text: `ldap:\n  bind_password: "${f.chars('aA0', 12)}" # rotate yearly\n` },
      ],
      ignores: (f) => [
        { path: 'application.yml', text: 'spring:\n  mail:\n    password: ${SMTP_PASSWORD}\n' },
        { path: 'values.yaml', text: 'password: "{{ .Values.smtp.password }}"\n' },
        { path: 'config.yml', text: 'password: true\npassword_min_length: 12\npasswordPolicy: strict\n' },
        { path: 'config.yml', text: 'password:\n  min: 8\n' },
        { path: 'vault.yml', text: 'password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n' },
        { path: 'config.yml', text: 'password: changeme\n' },
        { path: 'secrets.enc.yaml', text: `password: ENC[AES256_GCM,data:${f.chars('b64', 16)},iv:${f.chars('b64', 16)},type:str]\n` },
        { path: 'docker-compose.yml', text: `    environment:\n      POSTGRES_PASSWORD: ${f.chars('aA0', 14)}\n` },
      ],
    },
  },
  {
    id: 'generic-password-kubernetes-env',
    title: 'Password in a Kubernetes env entry',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    // - name: SMTP_PASSWORD\n  value: "..."
    pattern: new RegExp(
      `(?<![\\w-])name:[ \\t]{0,4}["']?${P}["']?[ \\t]{0,8}\\r?\\n[ \\t]{0,40}value:[ \\t]{0,4}${configValue(PASSWORD_MIN, PASSWORD_MAX)}`,
      'm',
    ),
    paths: only(YAML_FILE),
    multiline: true,
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: 'k8s/deployment.yaml', text: `      env:\n        - name: SMTP_HOST\n          value: smtp.internal\n        - name: SMTP_PASSWORD\n          value: "${f.chars('aA0', 14)}"\n` },
        { path: 'chart/templates/job.yaml', text: `          env:\n          - name: "ADMIN_PASSWORD"\n            value: ${f.chars('aA0', 12)}\n` },
      ],
      ignores: (f) => [
        { path: 'deploy.yaml', text: '        - name: SMTP_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: smtp\n              key: password\n' },
        { path: 'deploy.yaml', text: '        - name: SMTP_PASSWORD\n          value: "{{ .Values.smtp.password }}"\n' },
        { path: 'deploy.yaml', text: `        - name: DB_PASSWORD\n          value: "${f.chars('aA0', 14)}"\n` },
      ],
    },
  },
  {
    id: 'generic-password-config-file',
    title: 'Password in a .env, properties, INI or TOML file',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(`^[ \\t]{0,20}["']?${P}["']?[ \\t]{0,8}[=:][ \\t]{0,8}${configValue(PASSWORD_MIN, PASSWORD_MAX)}`, 'm'),
    paths: CONFIG_PASSWORD_FILES,
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: '.env', text: `APP_ENV=production\nSMTP_HOST=smtp.internal\nSMTP_PASSWORD=${f.chars('aA0', 14)}\n` },
        { path: '.env.production', text: `ADMIN_PASSWORD="${f.chars('aA0', 12)}"\n` },
        { path: 'src/main/resources/application.properties', text: `mail.smtp.user=mailer\nmail.smtp.password=${f.chars('aA0', 12)}\n` },
        { path: 'settings.ini', text: `[ldap]\nbind_dn = cn=svc\npassword = ${f.chars('aA0', 12)} ; service account\n` },
        { path: 'config.toml', text: `[smtp]\npassword = "${f.chars('aA0', 12)}"\n` },
      ],
      ignores: (f) => [
        { path: '.env', text: 'SMTP_PASSWORD=\nADMIN_PASSWORD=${ADMIN_PASSWORD}\n' },
        { path: 'app.properties', text: 'password.min.length=8\npassword.reset.url=/reset\n' },
        { path: '.env', text: `export SMTP_PASSWORD=${f.chars('aA0', 12)}\n` },
        { path: '.env', text: `DB_PASSWORD=${f.chars('aA0', 12)}\n` },
        { path: 'settings.py', text: `SMTP_PASSWORD=${f.chars('aA0', 12)}\n` },
      ],
    },
  },
  {
    id: 'generic-password-unquoted',
    title: 'Password assigned unquoted in a shell script or documentation',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    // SMTP_PASSWORD=value in a script or a README's code block; quoted values are the code rule's
    pattern: new RegExp(
      `^[ \\t]{0,40}(?:[-*>][ \\t]{1,4})?${P}(?:=|:[ \\t]{1,8})${bareValue(PASSWORD_MIN, PASSWORD_MAX)}`,
      'm',
    ),
    paths: only(SHELL_FILE, DOCS_FILE),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: 'scripts/backup.sh', text: `#!/bin/sh\nBACKUP_USER=backup\nBACKUP_PASSWORD=${f.chars('aA0', 14)}\nrsync -a /data backup@nas:/srv\n` },
        { path: 'README.md', text: `Create a \`.env\` with:\n\n    SMTP_USER=mailer\n    SMTP_PASSWORD=${f.chars('aA0', 12)}\n` },
        { path: 'docs/ops.txt', text: `Service account for the nightly export:\n  user: svc-export\n  password: ${f.chars('aA0', 12)}\n` },
      ],
      ignores: (f) => [
        { path: 'README.md', text: 'SMTP_PASSWORD=<your-smtp-password>\nSMTP_PASSWORD=\n' },
        { path: 'README.md', text: `SMTP_PASSWORD="${f.chars('aA0', 12)}"\n` },
        { path: 'README.md', text: 'Password: the password of the service account\n' },
        { path: 'run.sh', text: 'SMTP_PASSWORD=$(cat /run/secrets/smtp)\n' },
        { path: 'app.py', text: `SMTP_PASSWORD=${f.chars('aA0', 12)}\n` },
      ],
    },
  },
  {
    id: 'generic-password-terraform',
    title: 'Password in a Terraform file',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(`${P}["']?[ \\t]{0,8}[=:][ \\t]{0,8}"${quoted(PASSWORD_MIN, PASSWORD_MAX)}`),
    paths: only(TERRAFORM_FILE),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: 'main.tf', text: `resource "azurerm_linux_virtual_machine" "vm" {\n  admin_username = "azureuser"\n  admin_password = "${f.chars('aA0', 14)}!"\n}\n` },
        { path: 'prod.tfvars', text: `smtp_password = "${f.chars('aA0', 12)}"\n` },
      ],
      ignores: (f) => [
        { path: 'main.tf', text: '  admin_password = var.admin_password\n' },
        { path: 'main.tf', text: '  admin_password = random_password.admin.result\n' },
        { path: 'main.tf', text: '  admin_password = "${var.admin_password}"\n' },
        { path: 'main.tf', text: '  password_reset_required = true\n  minimum_password_length = 14\n' },
        { path: 'main.tf', text: `variable "admin_password" {\n  default = "${f.chars('aA0', 12)}"\n}\n` },
      ],
    },
  },
  {
    id: 'generic-password-terraform-variable',
    title: 'Password as a Terraform variable default',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(
      `variable[ \\t]{1,4}"${P}"[ \\t]{0,4}\\{[^{}]{0,600}?(?<![\\w-])default[ \\t]{0,4}=[ \\t]{0,4}"${quoted(PASSWORD_MIN, PASSWORD_MAX)}`,
    ),
    paths: only(TERRAFORM_FILE),
    multiline: true,
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: 'variables.tf', text: `variable "admin_password" {\n  type      = string\n  sensitive = true\n  default   = "${f.chars('aA0', 14)}"\n}\n` },
        { path: 'vars.tf', text: `variable "smtp_pass" { default = "${f.chars('aA0', 12)}" }` },
      ],
      ignores: () => [
        { path: 'variables.tf', text: 'variable "admin_password" {\n  type      = string\n  sensitive = true\n}\n' },
        { path: 'variables.tf', text: 'variable "admin_password" {\n  default = ""\n}\n' },
        { path: 'variables.tf', text: 'variable "password_length" {\n  default = "24"\n}\n' },
      ],
    },
  },
  {
    id: 'generic-password-dockerfile',
    title: 'Password in a Dockerfile ENV or ARG',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(
      `^[ \\t]{0,8}(?:ENV|ARG|env|arg)[ \\t]{1,8}(?:[^\\n]{0,300}?[ \\t])?["']?${P}(?:=|[ \\t]{1,8})["']?(?<secret>[^\\s"'\`#][^\\s"'\`]{${PASSWORD_MIN - 1},${PASSWORD_MAX - 1}})(?=["']?(?:[ \\t]|\\r?$))`,
      'm',
    ),
    paths: only(DOCKER_FILE),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: 'Dockerfile', text: `FROM node:20-alpine\nENV NODE_ENV=production ADMIN_PASSWORD=${f.chars('aA0', 14)}\nCMD ["node", "server.js"]\n` },
        { path: 'docker/Dockerfile.dev', text: `ARG SMTP_PASSWORD="${f.chars('aA0', 12)}"\n` },
        { path: 'Dockerfile', text: `ENV ADMIN_PASS ${f.chars('aA0', 12)}\n` },
      ],
      ignores: (f) => [
        { path: 'Dockerfile', text: 'ARG SMTP_PASSWORD\nENV SMTP_PASSWORD=${SMTP_PASSWORD}\n' },
        { path: 'Dockerfile', text: 'RUN --mount=type=secret,id=smtp_password cat /run/secrets/smtp_password\n' },
        { path: 'Dockerfile', text: 'ENV PASSWORD_FILE=/run/secrets/password\n' },
        { path: 'Dockerfile', text: `ENV POSTGRES_PASSWORD=${f.chars('aA0', 14)}\n` },
      ],
    },
  },
  {
    id: 'generic-password-shell-export',
    title: 'Password exported in a shell command',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(
      `(?<![\\w-])(?:export|set)[ \\t]{1,8}["']?${P}=["']?(?<secret>[^\\s"'\`#][^\\s"'\`;&|]{${PASSWORD_MIN - 1},${PASSWORD_MAX - 1}})(?=["']?(?:[ \\t;&|)]|\\r?$))`,
      'm',
    ),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        `export API_PASSWORD='${f.chars('aA0', 12)}'`,
        { path: 'README.md', text: `Then run:\n\n    export SMTP_PASSWORD=${f.chars('aA0', 14)}\n    npm start\n` },
        { path: 'scripts/run.bat', text: `set ADMIN_PASSWORD=${f.chars('aA0', 12)}\r\ncall app.exe\r\n` },
        { path: 'deploy.sh', text: `export LDAP_BIND_PASSWORD="${f.chars('aA0', 12)}"; ./deploy` },
      ],
      ignores: (f) => [
        'export SMTP_PASSWORD=$(vault kv get -field=password secret/smtp)',
        'export SMTP_PASSWORD="${SMTP_PASSWORD:?missing}"',
        'export SMTP_PASSWORD=',
        `export PGPASSWORD=${f.chars('aA0', 12)}`,
        `SET password = '${f.chars('aA0', 12)}'`,
      ],
    },
  },
  {
    id: 'generic-password-cli-flag',
    title: 'Password passed as a command-line flag',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(
      `${NOT_OTHER_CLI}(?<![\\w-])(?:--?${NOT_DATABASE_FLAG}(?:[A-Za-z][\\w]{0,30}[-_])?${CLI_CORE}(?:=["']?| {1,4}["']?|["'][ \\t]{0,4},[ \\t]{0,4}["'])|-D[A-Za-z][\\w.-]{0,60}?[._-]?${CLI_CORE}=["']?|--set(?:-string)?[ \\t=][ \\t]{0,3}[\\w.\\-\\[\\]]{0,80}?[._-]?${CLI_CORE}=)(?<secret>[^\\s"'\`;&|,()\\-][^\\s"'\`;&|,()]{${PASSWORD_MIN - 1},${PASSWORD_MAX - 1}})(?=["']?(?:[\\s;&|),\\]]|$))`,
    ),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        `./backup-tool --host nas.internal --user admin --password ${f.chars('aA0', 12)} /data`,
        `ldapsearch-wrapper --bind-password="${f.chars('aA0', 12)}" -b dc=corp`,
        `java -Dmail.smtp.password=${f.chars('aA0', 12)} -jar app.jar`,
        `helm upgrade app ./chart --set auth.password=${f.chars('aA0', 12)}`,
        `subprocess.run(["vpn-cli", "--password", "${f.chars('aA0', 12)}"])`,
      ],
      ignores: (f) => [
        'echo "$TOKEN" | docker login -u ci --password-stdin',
        'app --password "$APP_PASSWORD"',
        'app --password=${APP_PASSWORD}',
        'app --password <password>',
        'app --password --user admin',
        `mysql -u app --password='${f.chars('aA0', 12)}' -e "SHOW TABLES"`,
        'Use the --password flag to set a password.',
      ],
    },
  },
  {
    id: 'generic-password-xml',
    title: 'Password in an XML element or app setting',
    kind: 'password',
    keywords: PASSWORD_KEYWORDS,
    pattern: new RegExp(`${markupForms(P)}(?<secret>[^\\s"'\`\\\\<>]{${PASSWORD_MIN},${PASSWORD_MAX}})(?=["'\`<])`),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: '.m2/settings.xml', text: `<servers>\n  <server>\n    <id>nexus</id>\n    <username>deploy</username>\n    <password>${f.chars('aA0', 14)}</password>\n  </server>\n</servers>\n` },
        { path: 'Web.config', text: `<appSettings>\n  <add key="SmtpPassword" value="${f.chars('aA0', 12)}" />\n</appSettings>\n` },
        { path: 'config.xml', text: `<entry key="mail.password">${f.chars('aA0', 12)}</entry>` },
        { path: 'beans.xml', text: `<property name="smtpPassword" value="${f.chars('aA0', 12)}"/>` },
      ],
      ignores: (f) => [
        { path: 'settings.xml', text: '<password>${env.NEXUS_PASSWORD}</password>' },
        { path: 'settings.xml', text: `<password>{${f.chars('b64', 44)}=}</password>` },
        { path: 'Web.config', text: '<add key="PasswordMinLength" value="12" />' },
        { path: 'settings.xml', text: '<password></password>' },
        { path: 'form.html', text: '<label for="password">Password</label>' },
      ],
    },
  },
  {
    id: 'generic-password-url',
    title: 'Password in a URL (user:password@host)',
    kind: 'password',
    keywords: URL_SCHEME_LIST.map((scheme) => `${scheme}://`),
    pattern: new RegExp(
      `(?<![A-Za-z0-9+.\\-])(?:${URL_SCHEMES})://[^\\s:@/?#"'\`<>\\\\]{0,128}:(?<secret>[^\\s:@/?#"'\`<>\\\\]{3,128})@(?=[A-Za-z0-9\\[])`,
      'i',
    ),
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        `HTTPS_PROXY=http://proxyuser:${f.chars('aA0', 12)}@proxy.corp:3128`,
        { path: '.git-credentials', text: `https://builder:${f.chars('aA0', 14)}@git.internal.corp\n` },
        `mailer.transport("smtps://mailer:${f.chars('aA0', 12)}@smtp.internal:465")`,
        `LDAP_URL="ldaps://svc-reader:${f.chars('aA0', 12)}@ldap.corp:636"`,
      ],
      ignores: (f) => [
        'https://user:password@example.com',
        'git clone https://${GIT_USER}:${GIT_TOKEN}@git.internal.corp/app.git',
        'https://oauth2:$CI_JOB_TOKEN@gitlab.corp/app.git',
        'https://user:<token>@git.internal.corp',
        `postgres://app:${f.chars('aA0', 12)}@db.internal:5432/app`,
        'see http://host:8080/@scope/package',
      ],
    },
  },
  {
    id: 'generic-basic-auth-header',
    title: 'Basic authorization header with credentials',
    kind: 'password',
    keywords: ['authorization'],
    pattern: new RegExp(
      `(?<![A-Za-z0-9])${ci('authorization')}["']?[ \\t]{0,4}[:=,][ \\t]{0,4}["']?[ \\t]{0,4}${ci('basic')}[ \\t]{1,4}(?<secret>[A-Za-z0-9+/]{8,512}={0,2})(?![A-Za-z0-9+/=])`,
    ),
    minEntropy: 3,
    validate: isBasicCredential,
    samples: {
      matches: (f) => [
        `curl -H "Authorization: Basic ${b64(`deploy:${f.chars('aA0', 14)}`)}" https://nexus.internal/repository/`,
        `headers = {"Authorization": "Basic ${b64(`svc-report:${f.chars('aA0', 12)}`)}"}`,
        `req.setRequestHeader('Authorization', 'Basic ${b64(`${f.chars('aA0', 24)}:`)}');`,
      ],
      ignores: () => [
        `Authorization: Basic ${b64('username:password')}`,
        `Authorization: Basic ${b64('aladdin:opensesame')}`,
        'Authorization: Basic ${BASIC_AUTH}',
        'Authorization: Basic <credentials>',
        `Authorization: Basic ${b64('no colon in here at all')}`,
        'headers: { Authorization: `Basic ${btoa(user + ":" + pass)}` }',
      ],
    },
  },
  {
    id: 'generic-password-netrc',
    title: 'Password in a .netrc file',
    kind: 'password',
    keywords: ['password', 'passwd'],
    pattern: /(?<![\w-])(?:password|passwd)[ \t]{1,8}(?<secret>[^\s]{6,128})(?=\s|$)/,
    paths: /(?:^|\/)[._]?netrc$/,
    minEntropy: PASSWORD_ENTROPY,
    validate: plausiblePassword,
    samples: {
      matches: (f) => [
        { path: '.netrc', text: `machine api.internal.corp\n  login deploy\n  password ${f.chars('aA0', 14)}\n` },
        { path: 'ci/_netrc', text: `machine git.corp login builder password ${f.chars('aA0', 12)}\n` },
      ],
      ignores: () => [
        { path: '.netrc', text: 'machine api.internal.corp login deploy password changeme\n' },
        { path: '.netrc', text: 'machine api.internal.corp login deploy password $NETRC_PASSWORD\n' },
        { path: 'notes.txt', text: 'machine api.internal.corp login deploy password Xk29fPq81L\n' },
      ],
    },
  },
  // ------------------------------------------------------------------------- secrets and API keys
  {
    id: 'generic-secret',
    title: 'Secret key assigned in code or configuration',
    kind: 'api-key',
    keywords: SECRET_KEYWORDS,
    pattern: anyQuotedForm(SECRET_NAME, SECRET_MIN, SECRET_MAX),
    minEntropy: SECRET_ENTROPY,
    validate: plausibleSecret,
    samples: {
      matches: (f) => [
        { path: 'mysite/settings.py', text: `DEBUG = False\nSECRET_KEY = '${f.chars('aA0', 40)}!${f.chars('a0', 9)}'\n` },
        `app.use(session({ secret: '${f.chars('aA0', 32)}', resave: false }));`,
        { path: 'config.json', text: `{ "webhookSecret": "${f.chars('hex', 40)}" }` },
        { path: 'config/secrets.yml', text: `production:\n  secret_key_base: "${f.chars('hex', 64)}"\n` },
        { path: '.env', text: `ENCRYPTION_KEY="${f.chars('b64', 43)}="\n` },
        { path: 'appsettings.xml', text: `<SigningKey>${f.chars('aA0', 32)}</SigningKey>` },
      ],
      ignores: (f) => [
        'secret_name = "prod/db/password"',
        'secret: true',
        'SECRET_KEY = os.environ["SECRET_KEY"]',
        'secretKeyRef:',
        `client_secret = "${f.chars('aA0', 32)}"`,
        `secret = "${f.chars('aA0', 10)}"`,
        'jwtSecret: "MySuperSecretSigningKeyForJwt"',
        `secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-${f.chars('aA0', 6)}"`,
        `fake_secret = "${f.chars('aA0', 32)}"`,
      ],
    },
  },
  {
    id: 'generic-api-key',
    title: 'API key assigned in code or configuration',
    kind: 'api-key',
    keywords: API_KEY_KEYWORDS,
    pattern: anyQuotedForm(API_KEY_NAME, SECRET_MIN, SECRET_MAX),
    minEntropy: SECRET_ENTROPY,
    validate: plausibleSecret,
    samples: {
      matches: (f) => [
        `API_KEY = "${f.chars('hex', 32)}"`,
        `const client = new Client({ apiKey: '${f.chars('aA0', 32)}' });`,
        { path: 'config.json', text: `{ "x-api-key": "${f.chars('aA0', 40)}" }` },
        `headers["X-API-Key"] = "${f.chars('aA0', 32)}"`,
        { path: 'web.config', text: `<add key="WeatherApiKey" value="${f.chars('hex', 32)}" />` },
        { path: 'config.yml', text: `geocoder:\n  api_token: '${f.chars('aA0', 36)}'\n` },
      ],
      ignores: (f) => [
        'api_key_header = "X-API-Key"',
        'API_KEY = os.getenv("API_KEY")',
        'api_key = "<your-api-key>"',
        "apiKey: 'YOUR_API_KEY'",
        `api_key_id = "${f.chars('aA0', 20)}"`,
        `invalid_api_key = "${f.chars('aA0', 32)}"`,
        `api_key = "${f.chars('hex', 8)}-${f.chars('hex', 4)}-4${f.chars('hex', 3)}-a${f.chars('hex', 3)}-${f.chars('hex', 12)}"`,
      ],
    },
  },
  {
    id: 'generic-token',
    title: 'Token assigned under a specific name (*_TOKEN)',
    kind: 'api-key',
    keywords: ['token'],
    pattern: anyQuotedForm(TOKEN_NAME, SECRET_MIN, SECRET_MAX),
    minEntropy: SECRET_ENTROPY,
    validate: plausibleSecret,
    samples: {
      matches: (f) => [
        `INTERNAL_SERVICE_TOKEN = "${f.chars('aA0', 40)}"`,
        `const authToken = '${f.chars('hex', 40)}';`,
        { path: 'config.json', text: `{ "deploy-token": "${f.chars('aA0', 32)}" }` },
        { path: '.env', text: `WEBHOOK_AUTH_TOKEN='${f.chars('aA0', 32)}'\n` },
      ],
      ignores: (f) => [
        `csrf_token = "${f.chars('aA0', 32)}"`,
        `next_page_token = "${f.chars('aA0', 32)}"`,
        `token = "${f.chars('aA0', 32)}"`,
        `id_token = "${f.chars('aA0', 32)}"`,
        `access_token = "${f.chars('aA0', 32)}"`,
        `api_token = "${f.chars('aA0', 32)}"`,
        'pad_token = "[PAD]"',
        'TOKEN_URL = "https://auth.internal/oauth/token"',
        `sessionToken: "${f.chars('aA0', 32)}"`,
        'authToken: process.env.AUTH_TOKEN',
      ],
    },
  },
  {
    id: 'generic-client-secret',
    title: 'OAuth client secret',
    kind: 'oauth-token',
    keywords: CLIENT_SECRET_KEYWORDS,
    pattern: anyQuotedForm(CLIENT_SECRET_NAME, SECRET_MIN, SECRET_MAX),
    minEntropy: SECRET_ENTROPY,
    validate: plausibleSecret,
    samples: {
      matches: (f) => [
        `CLIENT_SECRET = "${f.chars('aA0', 34)}"`,
        { path: 'appsettings.json', text: `{ "AzureAd": { "ClientId": "app", "ClientSecret": "${f.chars('aA0', 8)}~${f.chars('aA0', 31)}" } }` },
        `  consumer_secret: '${f.chars('aA0', 45)}',`,
        { path: 'application.yml', text: `spring.security.oauth2.client.registration.acme.client-secret: "${f.chars('aA0', 40)}"\n` },
      ],
      ignores: (f) => [
        "client_secret = os.environ['CLIENT_SECRET']",
        `client_secret_name = "${f.chars('aA0', 20)}"`,
        "clientSecret: '<client-secret>'",
        'client_secret_expires_at: 0',
        `secret = "${f.chars('aA0', 10)}"`,
      ],
    },
  },
  {
    id: 'generic-oauth-token',
    title: 'OAuth access or refresh token',
    kind: 'oauth-token',
    keywords: OAUTH_KEYWORDS,
    pattern: anyQuotedForm(OAUTH_TOKEN_NAME, SECRET_MIN, SECRET_MAX),
    minEntropy: SECRET_ENTROPY,
    validate: plausibleSecret,
    samples: {
      matches: (f) => [
        `ACCESS_TOKEN = "${f.chars('aA0', 48)}"`,
        { path: 'token.json', text: `{"token_type": "bearer", "refresh_token": "${f.chars('b64url', 64)}", "expires_in": 3600}` },
        `const accessTokenSecret = '${f.chars('aA0', 45)}';`,
        `oauth_token: "${f.chars('aA0', 40)}"`,
      ],
      ignores: (f) => [
        'ACCESS_TOKEN_URL = "https://auth.internal/oauth/token"',
        'access_token = request.args.get("access_token")',
        '"access_token": "<access-token>"',
        'refresh_token = ""',
        `access_token = "${f.jwt()}"`,
        `accessTokenTtl = "${f.chars('0', 20)}"`,
      ],
    },
  },
  {
    id: 'generic-secret-unquoted',
    title: 'Secret, API key or token in a config or shell file',
    kind: 'api-key',
    keywords: [...new Set([...SECRET_KEYWORDS, ...API_KEY_KEYWORDS, 'token'])],
    pattern: bareAssignment(API_KEY_KIND_NAMES),
    paths: UNQUOTED_SECRET_FILES,
    minEntropy: SECRET_ENTROPY,
    validate: plausibleSecret,
    samples: {
      matches: (f) => [
        { path: '.env', text: `NODE_ENV=production\nSESSION_SECRET=${f.chars('aA0', 40)}\n` },
        { path: '.env.local', text: `MAPS_API_KEY=${f.chars('aA0', 39)}\n` },
        { path: 'config/app.yml', text: `jwt:\n  signing_key: ${f.chars('b64', 44)}\n` },
        { path: 'Dockerfile', text: `ENV INTERNAL_SERVICE_TOKEN=${f.chars('hex', 40)}\n` },
        { path: 'scripts/deploy.sh', text: `export WEBHOOK_SECRET=${f.chars('hex', 32)}\n` },
      ],
      ignores: (f) => [
        { path: '.env', text: 'API_KEY=${API_KEY}\nSESSION_SECRET=\n' },
        { path: '.env', text: `API_KEY="${f.chars('aA0', 32)}"\n` },
        { path: 'settings.py', text: `API_KEY = ${f.chars('aA0', 32)}\n` },
        { path: 'config.yml', text: 'secret_name: prod/app/signing-key\napi_key_header: X-Api-Key\n' },
        { path: '.env', text: `CLIENT_SECRET=${f.chars('aA0', 32)}\n` },
      ],
    },
  },
  {
    id: 'generic-oauth-unquoted',
    title: 'OAuth client secret or token in a config or shell file',
    kind: 'oauth-token',
    keywords: [...new Set([...CLIENT_SECRET_KEYWORDS, ...OAUTH_KEYWORDS])],
    pattern: bareAssignment(OAUTH_KIND_NAMES),
    paths: UNQUOTED_SECRET_FILES,
    minEntropy: SECRET_ENTROPY,
    validate: plausibleSecret,
    samples: {
      matches: (f) => [
        { path: '.env', text: `OAUTH_CLIENT_ID=portal\nOAUTH_CLIENT_SECRET=${f.chars('aA0', 40)}\n` },
        { path: 'src/main/resources/application.properties', text: `spring.security.oauth2.client.registration.acme.client-secret=${f.chars('aA0', 40)}\n` },
        { path: 'config.yaml', text: `crm:\n  refresh_token: ${f.chars('b64url', 60)}\n` },
      ],
      ignores: (f) => [
        { path: '.env', text: 'OAUTH_CLIENT_SECRET=${OAUTH_CLIENT_SECRET}\n' },
        { path: '.env', text: `OAUTH_CLIENT_SECRET='${f.chars('aA0', 40)}'\n` },
        { path: 'config.yaml', text: 'access_token_url: https://auth.internal/oauth/token\n' },
        { path: 'app.js', text: `ACCESS_TOKEN=${f.chars('aA0', 40)}\n` },
      ],
    },
  },
  // -------------------------------------------------------------------------------- bearer tokens
  {
    id: 'generic-bearer-token',
    title: 'Bearer token in an authorization header',
    kind: 'oauth-token',
    keywords: ['bearer'],
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${ci('bearer')}[ \\t]{1,4}(?<secret>[A-Za-z0-9\\-._~+/]{20,1024}={0,2})(?![A-Za-z0-9\\-._~+/=])`),
    minEntropy: SECRET_ENTROPY,
    validate: (value) => plausibleSecret(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value),
    samples: {
      matches: (f) => [
        `curl -H "Authorization: Bearer ${f.chars('aA0', 40)}" https://api.internal/v1/orders`,
        `headers = {"Authorization": "Bearer ${f.chars('b64url', 48)}"}`,
        `Authorization: bearer ${f.chars('hex', 40)}`,
      ],
      ignores: (f) => [
        'Authorization: Bearer ${ACCESS_TOKEN}',
        'Authorization: Bearer <token>',
        'Authorization: Bearer YOUR_ACCESS_TOKEN',
        'curl -H "Authorization: Bearer $TOKEN" https://api.internal',
        'The bearer token authentication scheme is described in RFC 6750.',
        `Authorization: Bearer ${f.jwt()}`,
      ],
    },
  },
  {
    id: 'generic-jwt',
    title: 'Signed JSON Web Token',
    kind: 'oauth-token',
    keywords: ['eyj'],
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,8000}\.[A-Za-z0-9_-]{16,1000}(?![A-Za-z0-9_-])/,
    validate: isSecretJwt,
    samples: {
      matches: (f) => [
        `const token = "${f.jwt()}";`,
        `Authorization: Bearer ${f.jwt({ sub: 'svc-billing', scope: 'orders:write', exp: 1893456000 })}`,
        { path: '.env', text: `SERVICE_JWT=${f.jwt({ iss: 'auth.internal', role: 'service_role' })}\n` },
      ],
      ignores: (f) => [
        `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'x' })}.${f.chars('b64url', 43)}`,
        `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.${f.chars('b64url', 43)}`,
        `anonKey: "${f.jwt({ iss: 'supabase', role: 'anon' })}"`,
        `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'x' })}`,
        `eyJ${f.chars('aA0', 30)}.${f.chars('aA0', 30)}.${f.chars('aA0', 30)}`,
      ],
    },
  },
];
