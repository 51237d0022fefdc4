/**
 * Inline suppression: our own marker plus the ones users of other scanners already have in their
 * code, so adopting this tool does not resurface findings they had already reviewed.
 */

/** Markers that suppress a finding on their own line. */
const SAME_LINE = [
  /secret-review:allow/i,
  /gitleaks:allow/i,
  /pragma:\s*allowlist[ -]secret/i,
  /secretlint-disable-line/i,
  /trufflehog:ignore/i,
];

/**
 * gosec and bandit: a bare `nosec` silences everything; `nosec G101` (gosec, hard-coded credentials)
 * or `nosec B105`..`B107` (bandit, hard-coded passwords) silence secrets; other codes do not.
 */
const NOSEC = /(?:#|\/\/)\s*nosec\b([ \t:]*[A-Z]\d{3}(?:[ \t,]+[A-Z]\d{3}){0,20})?/;
const NOSEC_SECRET_CODES = /\b(?:G101|B10[567])\b/;

function nosecMarker(line: string): string | undefined {
  const m = NOSEC.exec(line);
  if (!m) return undefined;
  return m[1] === undefined || NOSEC_SECRET_CODES.test(m[1]) ? m[0] : undefined;
}

/** Markers that suppress a finding on the next line, written on a comment line of their own. */
const NEXT_LINE = [
  /secret-review:allow/i,
  /secretlint-disable-next-line/i,
  /pragma:\s*allowlist[ -]nextline[ -]secret/i,
  /gitleaks:allow/i,
];

/** A line that holds a comment and nothing else (so a marker there cannot belong to code on it). */
const COMMENT_ONLY = /^\s*(?:#|\/\/|\/\*|\*|--|;|<!--|'|%|rem\s)/i;

/** The marker text that suppresses a finding on `line` (with `previous` the line above), if any. */
export function inlineAllowMarker(line: string, previous: string | undefined): string | undefined {
  for (const marker of SAME_LINE) {
    const m = marker.exec(line);
    if (m) return m[0];
  }
  const nosec = nosecMarker(line);
  if (nosec) return nosec;
  if (previous !== undefined && COMMENT_ONLY.test(previous)) {
    for (const marker of NEXT_LINE) {
      const m = marker.exec(previous);
      if (m) return m[0];
    }
  }
  return undefined;
}
