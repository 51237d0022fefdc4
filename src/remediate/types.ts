/**
 * What remediation produces for one finding. Everything here may leave the process (review comments,
 * issues, SARIF, logs): it names credentials by their redacted form only, never by value.
 */
import type { Strategy } from './strategy.js';

export interface RemediationContext {
  /** owner/name, when known: it names the Secrets Manager secret and the GitHub commands */
  readonly repo?: string;
  /** repository-relative path of the file the finding sits in */
  readonly path: string;
  /** the whole head-side file, when known: lets edits see imports, enclosing blocks and YAML paths */
  readonly fileText?: string;
}

/** A block of code or configuration the reviewer copies (an SDK call, a Terraform data block...). */
export interface Snippet {
  readonly title: string;
  /** a fence info string: ts, python, hcl, yaml, json, dockerfile, shell... */
  readonly language: string;
  readonly code: string;
}

/** The body of a GitHub ```suggestion block: replaces head-side lines startLine..endLine. */
export interface Suggestion {
  readonly startLine: number;
  readonly endLine: number;
  /** the new lines; empty deletes the lines */
  readonly replacement: readonly string[];
}

export interface Remediation {
  readonly strategy: Strategy;
  /** stable identifier of the mechanism, e.g. 'github-oidc' (for machine-readable output) */
  readonly mechanismId: string;
  /** e.g. 'GitHub Actions OIDC (aws-actions/configure-aws-credentials, role-to-assume)' */
  readonly mechanism: string;
  readonly why: string;
  /** checklist lines: revoke or rotate now, replace, verify, optionally purge history */
  readonly steps: readonly string[];
  /** the environment variable (or CI secret) the code reads after the fix, e.g. 'DB_PASSWORD' */
  readonly variable?: string;
  /** e.g. 'my-repo/prod/db-password' */
  readonly secretName?: string;
  /** exact shell commands; never the value (placeholders such as $ACCESS_KEY_ID where needed) */
  readonly commands?: readonly string[];
  readonly snippets?: readonly Snippet[];
  /** omitted when no safe edit exists; then `note` says why */
  readonly suggestion?: Suggestion;
  /** why there is no suggestion, or what the suggestion needs besides itself */
  readonly note?: string;
}
