/**
 * Verdicts: the repository's configuration applied to findings. Nothing is dropped: a finding the
 * user chose to ignore comes back marked with what suppressed it, so it can be counted and explained.
 */
import picomatch from 'picomatch';
import type { RepositoryConfig } from '../config/schema.js';
import { customRules } from '../config/load.js';
import { RULES } from './rules/index.js';
import { Scanner } from './scanner.js';
import { suppress, type Finding } from './finding.js';
import { isBlocking } from './severity.js';

/** Compiled scanners by configuration: building one compiles the catalog, and a server reviews the
 * same few repositories' configurations over and over. */
const scanners = new Map<string, Scanner>();
const SCANNER_CACHE_SIZE = 16;

/** The scanner a configuration asks for: the catalog plus custom rules, disabled ones marked. */
export function scannerFor(config: RepositoryConfig, fingerprintKey?: string): Scanner {
  const key = JSON.stringify([config.rules, fingerprintKey ?? '']);
  let scanner = scanners.get(key);
  if (scanner) {
    scanners.delete(key); // re-inserted below: the map's order is least recently used first
  } else {
    scanner = new Scanner({
      rules: [...RULES, ...customRules(config)],
      disabledRules: config.rules.disable,
      ...(fingerprintKey ? { fingerprintKey } : {}),
    });
    if (scanners.size >= SCANNER_CACHE_SIZE) scanners.delete(scanners.keys().next().value!);
  }
  scanners.set(key, scanner);
  return scanner;
}

/** A predicate for the configuration's ignored paths (gitignore-like globs, dotfiles included). */
export function ignoredPath(config: RepositoryConfig): (path: string) => string | undefined {
  const matchers = config.paths.ignore.map((glob) => ({ glob, test: picomatch(glob, { dot: true }) }));
  return (path) => matchers.find((m) => m.test(path))?.glob;
}

/** The configuration's suppressions as one function; build it once, apply it to every batch. */
export function policyOf(config: RepositoryConfig): (findings: readonly Finding[]) => Finding[] {
  const ignored = ignoredPath(config);
  const allowed = new Map(config.allow.fingerprints.map((f) => [f.fingerprint, f.reason]));
  return (findings) =>
    findings.map((finding) => {
      if (finding.suppression) return finding;
      const glob = ignored(finding.path);
      if (glob) return suppress(finding, { by: 'path', detail: glob });
      if (allowed.has(finding.fingerprint)) {
        return suppress(finding, { by: 'fingerprint', detail: allowed.get(finding.fingerprint) ?? finding.fingerprint });
      }
      return finding;
    });
}

/** Findings that count against the check: reported (not suppressed) and at or above the threshold. */
export function blocking(findings: readonly Finding[], config: RepositoryConfig): Finding[] {
  return findings.filter((f) => isBlocking(f, config.failOn));
}
