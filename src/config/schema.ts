/**
 * The repository configuration (`.github/secret-review.yml`), shared by the app and the CLI: its JSON
 * schema, its typed form and the defaults.
 */
import type { JSONSchemaType } from 'ajv';
import type { Kind } from '../detect/rule.js';
import { KINDS } from '../detect/rule.js';
import { SEVERITIES, type Severity } from '../detect/severity.js';

export const CONFIG_PATH = '.github/secret-review.yml';

export interface CustomRuleConfig {
  id: string;
  title?: string;
  kind: Kind;
  keywords: string[];
  /** a JavaScript regular expression source; a named group `secret` marks the credential */
  pattern: string;
  /** regular expression flags, only i, m, s, u */
  flags?: string;
  minEntropy?: number;
}

export interface AllowedFingerprint {
  fingerprint: string;
  reason?: string;
}

export interface RepositoryConfig {
  paths: { ignore: string[] };
  rules: { disable: string[]; custom: CustomRuleConfig[] };
  allow: { fingerprints: AllowedFingerprint[] };
  /** findings at or above this severity fail the check (and the CLI's exit code) */
  failOn: Severity;
  review: { event: 'COMMENT' | 'REQUEST_CHANGES'; maxComments: number };
}

export const DEFAULT_CONFIG: RepositoryConfig = {
  paths: { ignore: [] },
  rules: { disable: [], custom: [] },
  allow: { fingerprints: [] },
  failOn: 'low',
  review: { event: 'COMMENT', maxComments: 30 },
};

/** The file as a user writes it: every section optional; fingerprints as strings or objects. */
export interface ConfigFile {
  paths?: { ignore?: string[] };
  rules?: { disable?: string[]; custom?: CustomRuleConfig[] };
  allow?: { fingerprints?: (string | AllowedFingerprint)[] };
  failOn?: Severity;
  review?: { event?: 'COMMENT' | 'REQUEST_CHANGES'; maxComments?: number };
  /** Probot's org-wide inheritance; resolved before validation */
  _extends?: string;
}

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, nullable: true } as const;

export const CONFIG_SCHEMA: JSONSchemaType<ConfigFile> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    _extends: { type: 'string', nullable: true },
    paths: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: { ignore: stringList },
    },
    rules: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: {
        disable: stringList,
        custom: {
          type: 'array',
          nullable: true,
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'kind', 'keywords', 'pattern'],
            properties: {
              id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 },
              title: { type: 'string', nullable: true, maxLength: 120 },
              kind: { type: 'string', enum: [...KINDS] },
              keywords: {
                type: 'array',
                minItems: 1,
                maxItems: 20,
                items: { type: 'string', minLength: 3, maxLength: 64, pattern: '^[\\x20-\\x7e]+$' },
              },
              pattern: { type: 'string', minLength: 1, maxLength: 512 },
              flags: { type: 'string', nullable: true, pattern: '^[imsu]*$' },
              minEntropy: { type: 'number', nullable: true, minimum: 0, maximum: 8 },
            },
          },
        },
      },
    },
    allow: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: {
        fingerprints: {
          type: 'array',
          nullable: true,
          items: {
            anyOf: [
              { type: 'string', pattern: '^[0-9a-f]{32}$' },
              {
                type: 'object',
                additionalProperties: false,
                required: ['fingerprint'],
                properties: {
                  fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
                  reason: { type: 'string', nullable: true },
                },
              },
            ],
          } as never,
        },
      },
    },
    failOn: { type: 'string', nullable: true, enum: [...SEVERITIES] },
    review: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: {
        event: { type: 'string', nullable: true, enum: ['COMMENT', 'REQUEST_CHANGES'] },
        maxComments: { type: 'integer', nullable: true, minimum: 0, maximum: 100 },
      },
    },
  },
};
