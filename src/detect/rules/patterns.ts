/**
 * Pattern pieces, value checks and sample builders that several family files use. A helper used by
 * one family stays in that family's file; one that two families need lives here, so that no family
 * imports from another.
 */
import type { Fake } from '../rule.js';
import { isVaried, shannonEntropy } from '../validators.js';

/** A word in any letter case, for patterns whose value part must stay case-sensitive. */
export function anyCase(word: string): string {
  return word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

/** A UUID, hex digits in either case (regex source). */
export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A random UUID, not 01234567-89ab-... or all zeros (names such as HEROKU_API_KEY hold UUIDs). */
export function isRandomUuid(value: string): boolean {
  const hex = value.replace(/-/g, '');
  return shannonEntropy(hex) >= 3 && isVaried(hex);
}

/** Default and tutorial passwords: not secrets anywhere (see databases.ts's header comment). */
const TRIVIAL_PASSWORD =
  /^(?:p[a@4]s{1,2}(?:w[o0]rd|wd)?|pwd|s[e3]cr[e3]t|test(?:ing)?|root|toor|admin(?:istrator)?|sa|postgres(?:ql)?|pg|mysql|maria(?:db)?|mongo(?:db)?|redis|oracle|tiger|manager|sys(?:tem)?|guest|rabbit(?:mq)?|neo4j|cassandra|clickhouse|couch(?:db)?|dev(?:elopment)?|local|user|db|database|demo|default|app|changeme|qwerty|letmein|docker|foo(?:bar)?|bar|insecure|mysecretpassword|my-secret-pw)[\d!@#$._-]{0,6}$/i;
/** Passwords of vendors' documentation that sit in copied docker-compose files (e.g. SQL Server's). */
const DOCUMENTED_PASSWORD = /yourstrong|mysecretpassword|my-secret-pw|strong\(!\)password/i;

/** An images' default or a tutorial's password ("postgres", "admin123", "P@ssw0rd!"). */
export function isTrivialPassword(value: string): boolean {
  return TRIVIAL_PASSWORD.test(value) || DOCUMENTED_PASSWORD.test(value);
}

// ---- sample builders (test time only) ----

/** A random (version 4) UUID. */
export function uuid(f: Fake): string {
  return `${f.chars('hex', 8)}-${f.chars('hex', 4)}-4${f.chars('hex', 3)}-a${f.chars('hex', 3)}-${f.chars('hex', 12)}`;
}

/** A multi-line block as it sits in a JSON or source string: line breaks written as `\n` escapes, one at the end too. */
export function escapedNewlines(block: string): string {
  return block.split('\n').join('\\n') + '\\n';
}
