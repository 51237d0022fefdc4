/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer): one run, the rules that have
 * results, one result per finding. Suppressed findings, when listed, are results with `suppressions`,
 * so a viewer shows them as dismissed rather than as fixed.
 */
import type { Log, ReportingDescriptor, Result, Suppression as SarifSuppression } from 'sarif';
import type { Finding } from '../detect/finding.js';
import type { Severity } from '../detect/severity.js';
import { strategyOf } from '../remediate/strategy.js';
import { describeSuppression, listed, TOOL_NAME, type ReportOptions } from './summary.js';

export interface SarifOptions extends ReportOptions {
  /** the tool's home page, shown by viewers next to its name */
  readonly informationUri?: string;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partial fingerprint's name: versioned, so a change of fingerprint scheme starts new alerts. */
export const FINGERPRINT_NAME = 'secretReview/v1';

/** GitHub ranks security alerts by this score (critical >= 9.0, high >= 7.0, medium >= 4.0). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

const LEVEL: Readonly<Record<Severity, Result.level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** A repository-relative path as a relative URI reference: each segment percent-encoded. */
export function pathToUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** "aws-access-key-id" -> "AwsAccessKeyId": SARIF wants an identifier-like name beside the id. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function descriptor(f: Finding): ReportingDescriptor {
  const { strategy, replacement, advice } = strategyOf(f.kind);
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: f.title },
    fullDescription: { text: `${f.title}: ${strategy} with ${replacement}. ${advice}` },
    help: {
      text: advice,
      markdown: `**${strategy}** with ${replacement}.\n\n${advice}`,
    },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      tags: ['security', 'secret', f.kind],
      kind: f.kind,
      strategy,
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  };
}

function suppressionOf(f: Finding): SarifSuppression[] | undefined {
  if (!f.suppression) return undefined;
  return [
    {
      // A marker in the code is "inSource"; the configuration file is outside the flagged code.
      kind: f.suppression.by === 'inline' ? 'inSource' : 'external',
      justification: describeSuppression(f) ?? f.suppression.by,
    },
  ];
}

function result(f: Finding, ruleIndex: number): Result {
  const { strategy, replacement } = strategyOf(f.kind);
  const suppressions = suppressionOf(f);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `Hard-coded ${f.kind} ${f.redacted} (${f.title}). ${strategy}: ${replacement}.` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(f.path), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: f.startLine,
            startColumn: f.startColumn,
            endLine: f.endLine,
            endColumn: f.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_NAME]: f.fingerprint },
    properties: { kind: f.kind, strategy, severity: f.severity },
    ...(suppressions ? { suppressions } : {}),
  };
}

export function buildSarifLog(findings: readonly Finding[], options: SarifOptions = {}): Log {
  const shown = listed(findings, options);
  const rules: ReportingDescriptor[] = [];
  const indexOf = new Map<string, number>();
  for (const f of [...shown].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))) {
    if (indexOf.has(f.ruleId)) continue;
    indexOf.set(f.ruleId, rules.length);
    rules.push(descriptor(f));
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            rules,
          },
        },
        // JavaScript string offsets are UTF-16 code units; say so rather than rely on the default.
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the scanned repository.' } } },
        results: shown.map((f) => result(f, indexOf.get(f.ruleId)!)),
      },
    ],
  };
}

export function renderSarif(findings: readonly Finding[], options: SarifOptions = {}): string {
  return JSON.stringify(buildSarifLog(findings, options), null, 2) + '\n';
}
