/**
 * The redaction layer every log line passes through. Three nets, so that no token, private key,
 * webhook secret or found secret reaches the output at any level:
 *
 * 1. Field names: a value under a credential-like key (authorization, token, secret, password,
 *    private key, cookie, signature...) is replaced whole, whatever it holds.
 * 2. Known values: the deployment's own secrets (webhook secret, private key and each line of its
 *    body, client secret, fingerprint key, Redis password) are replaced wherever they appear in a string.
 * 3. The engine: every string is scanned with the detection engine (src/detect/scanner.ts) and each
 *    secret it finds is replaced by the finding's redacted form (a few edge characters and stars).
 */
import { readFileSync } from 'node:fs';
import { evidenceOf } from '../detect/finding.js';
import { Scanner } from '../detect/scanner.js';

export const REDACTED = '[Redacted]';

/** Keys whose values are credentials, whatever they hold (compared lower-case, without - and _). */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'xhubsignature',
  'xhubsignature256',
  'token',
  'accesstoken',
  'refreshtoken',
  'installationtoken',
  'bearertoken',
  'apitoken',
  'authtoken',
  'jwt',
  'secret',
  'webhooksecret',
  'clientsecret',
  'secretaccesskey',
  'password',
  'passwd',
  'passphrase',
  'privatekey',
  'privatekeypem',
  'apikey',
  'fingerprintkey',
  'credentials',
  'credential',
]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** Secrets of the deployment itself, from the environment (values shorter than 8 characters are ignored). */
export function knownSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const values: string[] = [];
  const add = (value: string | undefined) => {
    if (!value) return;
    values.push(value);
    // A key may be logged in part or with \n escapes: each line of a PEM body counts on its own.
    if (value.includes('-----BEGIN')) {
      for (const line of value.replace(/\\n/g, '\n').split(/\r?\n/)) if (!line.startsWith('-----')) values.push(line.trim());
    }
  };
  // Probot's public default: not a secret, and redacting the word would garble unrelated messages.
  if (env.WEBHOOK_SECRET !== 'development') add(env.WEBHOOK_SECRET);
  add(env.PRIVATE_KEY);
  if (env.PRIVATE_KEY_PATH) {
    try {
      add(readFileSync(env.PRIVATE_KEY_PATH, 'utf8'));
    } catch {
      // Probot reports a missing key file itself.
    }
  }
  add(env.GITHUB_CLIENT_SECRET);
  add(env.SECRET_REVIEW_FINGERPRINT_KEY);
  for (const name of ['REDIS_URL', 'SENTRY_DSN']) {
    const raw = env[name];
    if (!raw) continue;
    try {
      const url = new URL(raw);
      if (url.password) add(decodeURIComponent(url.password));
      if (name === 'SENTRY_DSN' && url.username) add(decodeURIComponent(url.username));
    } catch {
      // not a URL: nothing to pick out
    }
  }
  return values.filter((v) => v.length >= 8);
}

export interface Scrubber {
  /** a string with every secret in it replaced */
  text(value: string): string;
  /** a deep copy of a JSON-like value with secret fields and secrets in strings replaced */
  value(value: unknown): unknown;
  /** one serialised log line (JSON), scrubbed; a line that is not JSON is scrubbed as text */
  line(line: string): string;
}

export function createScrubber(known: readonly string[] = []): Scrubber {
  const scanner = new Scanner();
  // Longest first, so a whole key goes before one of its lines.
  const literals = [...new Set(known)].sort((a, b) => b.length - a.length);

  const text = (input: string): string => {
    let out = input;
    for (const secret of literals) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // Also the JSON-escaped form of a multi-line value (a key logged inside a string of JSON).
    for (const secret of literals) {
      if (!secret.includes('\n')) continue;
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (out.includes(escaped)) out = out.split(escaped).join(REDACTED);
    }
    const replaceFound = (scanned: string, escape: (secret: string) => string) => {
      for (const finding of scanner.scan({ path: 'log', text: scanned })) {
        const secret = evidenceOf(finding)?.secret;
        if (!secret) continue;
        const shown = escape(secret);
        if (out.includes(shown)) out = out.split(shown).join(finding.redacted);
      }
    };
    replaceFound(out, (secret) => secret);
    // A PEM block (or any secret) escaped inside a string of JSON reads as one line: scan it unescaped.
    if (out.includes('\\n')) replaceFound(out.replace(/\\n/g, '\n'), (secret) => secret.replace(/\n/g, '\\n'));
    return out;
  };

  const value = (input: unknown, depth = 0, seen = new WeakSet<object>()): unknown => {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth > 12) return '[Too deep]';
    if (seen.has(input)) return '[Circular]';
    seen.add(input);
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    const source = input instanceof Error ? errorFields(input) : (input as Record<string, unknown>);
    for (const [key, item] of Object.entries(source)) {
      out[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? REDACTED : value(item, depth + 1, seen);
    }
    return out;
  };

  const line = (serialised: string): string => {
    const trimmed = serialised.trimEnd();
    const newline = serialised.slice(trimmed.length);
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return text(serialised);
    }
    return JSON.stringify(value(parsed)) + newline;
  };

  return { text, value: (v) => value(v), line };
}

/** An error's message, stack and own enumerable fields (a cause too), as a plain object. */
function errorFields(error: Error): Record<string, unknown> {
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...Object.fromEntries(Object.entries(error)),
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  };
}
