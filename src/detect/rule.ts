/**
 * The shape of a rule: one detector in the catalog. Rules are data; the engine (scanner.ts) knows how
 * to run them, so adding a provider is adding one object to one file under rules/.
 */

import type { Severity } from './severity.js';

export const KINDS = [
  'aws-access-key',
  'private-key',
  'database-credential',
  'password',
  'oauth-token',
  'api-key',
  'cloud-credential',
] as const;

/** What the credential is; it decides the remediation strategy. */
export type Kind = (typeof KINDS)[number];

export interface Rule {
  /** kebab-case, unique across the catalog, stable (users disable rules and allow-list by it) */
  readonly id: string;
  /** a short human title, e.g. "AWS access key ID" */
  readonly title: string;
  readonly kind: Kind;
  /** Overrides the severity the kind implies (see severity.ts), e.g. 'low' for test-mode keys. */
  readonly severity?: Severity;
  /**
   * Lower-case literals for the prefilter: the rule's pattern runs only near a place where one of them
   * occurs (matched case-insensitively). Every match of the pattern must contain one of them.
   */
  readonly keywords: readonly string[];
  /**
   * The pattern, without the g/y flags (the engine adds them). A named group `secret` marks the
   * credential inside the match; without it the whole match is the credential. Patterns must not
   * backtrack catastrophically: bound every repetition ({8,64} rather than + where the format allows).
   */
  readonly pattern: RegExp;
  /** The rule runs only on files whose path matches (e.g. /(^|\/)\.env(\.[\w.-]+)?$/ for dotenv files). */
  readonly paths?: RegExp;
  /** The pattern spans lines (PEM blocks): it runs on a window that starts at the keyword's line. */
  readonly multiline?: boolean;
  /**
   * Minimum Shannon entropy of the secret, in bits per character. A rule with one is name-based
   * ("generic"): it yields to a format rule that finds the same text, and skips hashes, UUIDs and paths.
   */
  readonly minEntropy?: number;
  /** Structural checks the format has (checksums, JWT shape...). false means: not a finding. */
  readonly validate?: (secret: string) => boolean;
  /**
   * Skip the shared placeholder/example filter. Only for formats whose validator already proves the
   * value is real-shaped (checksummed tokens), where an "example"-looking substring is irrelevant.
   */
  readonly skipPlaceholderFilter?: boolean;
  /**
   * True and false positive samples, generated at test time (no file in the repository may hold a
   * whole real-format token). `matches` must each yield exactly one finding of this rule; `ignores`
   * must yield none of this rule.
   */
  readonly samples: {
    readonly matches: (fake: Fake) => readonly Sample[];
    readonly ignores: (fake: Fake) => readonly Sample[];
  };
}

/** A sample text; scanned as `sample.txt` unless it names a path (for rules limited by `paths`). */
export type Sample = string | { readonly path: string; readonly text: string };

/**
 * Character sets for fake values: 'A' upper, 'a' lower, '0' digits, combinations such as 'A0' or
 * 'aA0' (alphanumeric), 'hex' (lower-case hex), 'HEX', 'b64' (standard base64 alphabet without
 * padding), 'b64url'.
 */
export type Charset = 'A' | 'a' | '0' | 'A0' | 'a0' | 'aA' | 'aA0' | 'hex' | 'HEX' | 'b64' | 'b64url';

/** Builds fake credential values at test time. Deterministic per seed, random-looking (high entropy). */
export interface Fake {
  chars(charset: Charset, length: number): string;
  /** A GitHub token `<prefix>_` + 30 base62 chars + 6-char base62 CRC32 checksum (ghp, gho, ghu, ghs, ghr). */
  githubToken(prefix: 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr'): string;
  /** An npm token `npm_` + 30 base62 chars + 6-char base62 CRC32 checksum. */
  npmToken(): string;
  /** A structurally valid JWT (base64url JSON header and payload, and a signature). */
  jwt(payload?: Record<string, unknown>): string;
  /** A PEM block with the given label (e.g. "RSA PRIVATE KEY") and `lines` base64 lines of 64 chars. */
  pem(label: string, lines?: number, headers?: readonly string[]): string;
}
