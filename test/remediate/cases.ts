/**
 * Remediation cases: one credential kind in one file type each. The file text is built at test time
 * from fake values (no whole real-format token lives in the repository); the expected output of each
 * case is a reviewed golden file under test/fixtures/remediate/<name>.md.
 */
import type { Fake, Kind } from '../../src/detect/rule.js';
import { AWS_CASES } from './cases-aws.js';
import { SECRET_CASES } from './cases-secrets.js';

export type Parser = 'ts' | 'tsx' | 'js' | 'json' | 'yaml';

export interface Case {
  /** golden file name (without .md) */
  readonly name: string;
  readonly path: string;
  readonly text: (f: Fake) => string;
  readonly repo?: string;
  /** which finding of the scan to remediate (default: the first) */
  readonly pick?: { readonly kind?: Kind; readonly rule?: RegExp; readonly line?: number };
  readonly mechanism: string;
  /** whether a suggestion is expected */
  readonly suggests: boolean;
  /** parse the file after applying the suggestion */
  readonly parser?: Parser;
}

export const CASES: readonly Case[] = [...AWS_CASES, ...SECRET_CASES];
