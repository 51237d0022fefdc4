/**
 * Structural checks that formats carry: checksums, JWT shape, base64 bodies, entropy. A rule that
 * can prove a value is real-shaped reports it with confidence; one that cannot leans on entropy.
 */
import { crc32 } from 'node:zlib';

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** GitHub and npm use the lexicographic (GMP) base62 alphabet for their token checksums. */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(n: number, width: number): string {
  let out = '';
  let rest = n >>> 0;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** CRC32 of `entropy`, base62, 6 characters: the checksum GitHub and npm append to their tokens. */
export function tokenChecksum(entropy: string): string {
  return base62(crc32(entropy), 6);
}

/**
 * `<prefix>_<30 base62><6 base62 checksum>` (GitHub ghp_/gho_/ghu_/ghs_/ghr_, npm npm_): the last six
 * characters must be the CRC32 of the thirty before them.
 */
export function hasValidTokenChecksum(token: string): boolean {
  const underscore = token.indexOf('_');
  const body = token.slice(underscore + 1);
  if (body.length !== 36) return false;
  return tokenChecksum(body.slice(0, 30)) === body.slice(30);
}

function decodeBase64UrlJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A JWT that carries a signature: JSON header with `alg` (not "none"), JSON payload, non-empty signature. */
export function isSignedJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  const h = decodeBase64UrlJson(header) as { alg?: unknown } | undefined;
  if (!h || typeof h !== 'object' || typeof h.alg !== 'string' || h.alg.toLowerCase() === 'none') return false;
  const p = decodeBase64UrlJson(payload);
  if (!p || typeof p !== 'object') return false;
  return signature.length >= 16 && /^[A-Za-z0-9_-]+$/.test(signature);
}

/** Standard or URL-safe base64 with correct padding and a length that decodes whole. */
export function isBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 === 1) return false;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact);
}

/**
 * A PEM block whose body is base64 (headers such as Proc-Type/DEK-Info of encrypted legacy keys
 * allowed) and long enough to be a key rather than a truncated sample or a placeholder.
 */
export function isPemKeyBlock(block: string, minBodyChars = 64): boolean {
  const lines = block.split(/\r?\n/).map((l) => l.trim());
  const body: string[] = [];
  for (const line of lines) {
    if (line.startsWith('-----') || line === '' || /^[A-Za-z-]+:\s/.test(line) || line.startsWith('=')) continue;
    body.push(line);
  }
  const joined = body.join('');
  if (joined.length < minBodyChars || !isBase64(joined)) return false;
  // A body of one repeated character ("AAAA...") is a placeholder, not a key.
  return shannonEntropy(joined) > 3.5;
}

/** The value is not obviously a run or a sequence ("aaaaaaaa", "abcdefgh", "12345678"). */
export function isVaried(value: string): boolean {
  let sequential = 0;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (d === 0 || d === 1 || d === -1) sequential++;
  }
  return sequential < (value.length - 1) * 0.6;
}
