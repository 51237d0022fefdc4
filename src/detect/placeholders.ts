/**
 * Precision filters shared by all rules: values that have a credential's shape but are documented
 * examples, placeholders, references to where the real secret lives, or well-known non-secrets.
 */

/** Substrings (lower-case) that mark a value as an example or placeholder rather than a credential. */
const PLACEHOLDER_MARKERS = [
  'example',
  'sample',
  'dummy',
  'placeholder',
  'your_',
  'your-',
  'yourkey',
  'yoursecret',
  'yourpassword',
  'changeme',
  'change_me',
  'change-me',
  'replace_me',
  'replaceme',
  'redacted',
  'notreal',
  'not_real',
  'not-a-real',
  'fake',
  'xxxx',
  '****',
  '....',
  '<',
  '>',
  '${',
  '{{',
  '}}',
  '$(',
  '%(',
  '#{',
];

/** Run-time references: the value names where the secret comes from instead of holding it. */
const REFERENCE_PATTERN =
  /^(?:\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\$\{[^}]{1,100}\}|\{\{[^}]{1,100}\}\})$|process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|system\.getenv|env\[|env\(|secretsmanager|secrets-manager|ssm:|resolve:|arn:aws:|vault:|keyvault|secretkeyref|valuefrom/i;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIXED_HASH = /^(?:sha1|sha224|sha256|sha384|sha512|md5)[-:][A-Za-z0-9+/=]{16,}$/i;
const SAME_CHAR = /^(.)\1*$/;

/** A placeholder, documented example or run-time reference: never a finding. */
export function isPlaceholder(secret: string): boolean {
  const lower = secret.toLowerCase();
  for (const marker of PLACEHOLDER_MARKERS) if (lower.includes(marker)) return true;
  if (SAME_CHAR.test(secret)) return true;
  return REFERENCE_PATTERN.test(secret);
}

/**
 * For generic rules, which have only a name and an entropy to go on: identifiers, hashes and paths
 * that sit in secret-named fields without being secrets.
 */
export function isWellKnownNonSecret(secret: string): boolean {
  if (UUID.test(secret) || PREFIXED_HASH.test(secret)) return true;
  // file paths and plain URLs without credentials
  if (/^(?:\.{0,2}\/|[A-Za-z]:\\)[\w./\\-]+$/.test(secret)) return true;
  if (/^https?:\/\/[^@\s]+$/i.test(secret)) return true;
  // code, not a literal: a call, a member chain, a dotted config key
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+(?:\(.*\))?$/.test(secret)) return true;
  if (/^[A-Za-z_][\w]*\(.*\)$/.test(secret)) return true;
  // words only: "password", "secret_value", "true", "null"
  if (/^[a-z]+(?:[_-][a-z]+)*$/.test(secret) || /^[A-Z]+(?:_[A-Z]+)*$/.test(secret)) return true;
  return false;
}
