/**
 * Reading and checking the repository configuration. Every problem becomes a ConfigError that names
 * the key and the reason, so the app can show it in a neutral check run and the CLI on stderr.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { Rule } from '../detect/rule.js';
import {
  CONFIG_SCHEMA,
  DEFAULT_CONFIG,
  type ConfigFile,
  type CustomRuleConfig,
  type RepositoryConfig,
} from './schema.js';

export class ConfigError extends Error {
  constructor(
    /** the offending key as a path, e.g. `rules.custom[0].pattern` */
    readonly key: string,
    readonly reason: string,
  ) {
    super(key ? `invalid configuration at ${key}: ${reason}` : `invalid configuration: ${reason}`);
    this.name = 'ConfigError';
  }
}

// The YAML parser, the schema validator and the ReDoS checker are loaded on first use: worker threads
// (and a CLI run without a configuration file) import this module but never parse a file, and each
// costs tens of milliseconds at start-up.
const require = createRequire(import.meta.url);
const loadYaml = () => require('yaml') as typeof import('yaml');
const loadRecheck = () => require('recheck') as typeof import('recheck');
let validator: ValidateFunction<ConfigFile> | undefined;
const compileSchema = () =>
  new (require('ajv') as typeof import('ajv')).Ajv({ allErrors: false, strict: false }).compile(CONFIG_SCHEMA);

/** YAML text -> checked configuration with defaults filled in. */
export function parseConfigText(text: string): RepositoryConfig {
  const yaml = loadYaml();
  let data: unknown;
  try {
    data = yaml.parse(text, { maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof yaml.YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      throw new ConfigError('', `YAML syntax error${line ? ` at line ${line}` : ''}: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
  return parseConfig(data ?? {});
}

/** A parsed file (or Probot's merged `context.config` result) -> checked configuration. */
export function parseConfig(data: unknown): RepositoryConfig {
  validator ??= compileSchema();
  if (!validator(data)) throw schemaError(validator.errors?.[0]);
  const file = data as ConfigFile;
  const custom = file.rules?.custom ?? [];
  custom.forEach((rule, i) => checkCustomPattern(rule, `rules.custom[${i}]`));
  return {
    paths: { ignore: file.paths?.ignore ?? DEFAULT_CONFIG.paths.ignore },
    rules: { disable: file.rules?.disable ?? [], custom },
    allow: {
      fingerprints: (file.allow?.fingerprints ?? []).map((f) => (typeof f === 'string' ? { fingerprint: f } : f)),
    },
    failOn: file.failOn ?? DEFAULT_CONFIG.failOn,
    review: {
      event: file.review?.event ?? DEFAULT_CONFIG.review.event,
      maxComments: file.review?.maxComments ?? DEFAULT_CONFIG.review.maxComments,
    },
  };
}

function schemaError(error: ErrorObject | undefined): ConfigError {
  if (!error) return new ConfigError('', 'does not match the schema');
  const key = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return new ConfigError(key ? `${key}.${extra}` : extra, 'unknown key');
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return new ConfigError(key, `must be one of ${allowed.map(String).join(', ')}`);
  }
  return new ConfigError(key, error.message ?? 'is invalid');
}

/**
 * A custom pattern must compile, and must not backtrack catastrophically: it runs on every pushed
 * line of the repository, so one bad pattern would stall reviews for everybody sharing the server.
 */
function checkCustomPattern(rule: CustomRuleConfig, key: string): void {
  const flags = rule.flags ?? '';
  try {
    new RegExp(rule.pattern, flags);
  } catch (error) {
    throw new ConfigError(`${key}.pattern`, `not a valid regular expression (${(error as Error).message})`);
  }
  const verdict = loadRecheck().checkSync(rule.pattern, flags, { timeout: 2000 });
  if (verdict.status === 'vulnerable') {
    throw new ConfigError(
      `${key}.pattern`,
      `can backtrack catastrophically (${verdict.complexity.type} time on input like ${JSON.stringify(verdict.attack.pattern)}); bound its repetitions`,
    );
  }
  if (verdict.status === 'unknown') {
    throw new ConfigError(`${key}.pattern`, 'could not be proven safe from catastrophic backtracking; simplify it');
  }
}

/** Custom rules from the configuration, in the catalog's own shape. */
export function customRules(config: RepositoryConfig): Rule[] {
  return config.rules.custom.map((c) => ({
    id: c.id,
    title: c.title ?? c.id,
    kind: c.kind,
    keywords: c.keywords.map((k) => k.toLowerCase()),
    pattern: new RegExp(c.pattern, c.flags ?? ''),
    ...(c.minEntropy !== undefined ? { minEntropy: c.minEntropy } : {}),
    samples: { matches: () => [], ignores: () => [] },
  }));
}
