/**
 * Fake credentials assembled at test time, so that no file in the repository holds a whole
 * real-format token that other scanners or push protection would flag.
 */
import type { Charset, Fake } from '../../src/detect/rule.js';
import { tokenChecksum } from '../../src/detect/validators.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

const ALPHABETS: Record<Charset, string> = {
  A: UPPER,
  a: LOWER,
  '0': DIGITS,
  A0: UPPER + DIGITS,
  a0: LOWER + DIGITS,
  aA: LOWER + UPPER,
  aA0: LOWER + UPPER + DIGITS,
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  b64: UPPER + LOWER + DIGITS + '+/',
  b64url: UPPER + LOWER + DIGITS + '-_',
};

/** mulberry32: small, seeded, good enough to make high-entropy strings. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFake(seed = 20261128): Fake {
  const random = prng(seed);

  const chars = (charset: Charset, length: number): string => {
    const alphabet = ALPHABETS[charset];
    // Guarantee variety: a value from a mixed charset holds at least one of each class it names.
    for (;;) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
      if (length < 8 || mixedEnough(charset, out)) return out;
    }
  };

  const checksummed = (prefix: string): string => {
    const entropy = chars('aA0', 30);
    return `${prefix}_${entropy}${tokenChecksum(entropy)}`;
  };

  return {
    chars,
    githubToken: (prefix) => checksummed(prefix),
    npmToken: () => checksummed('npm'),
    jwt(payload = { sub: 'user-' + chars('0', 6), iat: 1764288000 }) {
      const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}.${chars('b64url', 43)}`;
    },
    pem(label, lines = 12, headers = []) {
      const body: string[] = [];
      for (let i = 0; i < lines - 1; i++) body.push(chars('b64', 64));
      body.push(chars('b64', 40) + '==');
      const head = headers.length > 0 ? [...headers, ''] : [];
      return [`-----BEGIN ${label}-----`, ...head, ...body, `-----END ${label}-----`].join('\n');
    },
  };
}

function mixedEnough(charset: Charset, value: string): boolean {
  const has = (set: string) => [...value].some((c) => set.includes(c));
  if (charset.includes('A') && !has(UPPER)) return false;
  if (charset.includes('a') && !has(LOWER)) return false;
  if (charset.includes('0') && !has(DIGITS)) return false;
  return true;
}
