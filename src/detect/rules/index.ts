/**
 * The rule catalog: every family file, from provider formats to name-based rules, which is the order
 * in which ties between overlapping findings are broken.
 */
import type { Rule } from '../rule.js';
import { AWS_RULES } from './aws.js';
import { KEY_RULES } from './keys.js';
import { DEVTOOLS_RULES } from './devtools.js';
import { SAAS_RULES } from './saas.js';
import { CLOUD_RULES } from './cloud.js';
import { DATABASE_RULES } from './databases.js';
import { GENERIC_RULES } from './generic.js';

export const RULES: readonly Rule[] = [
  ...AWS_RULES,
  ...KEY_RULES,
  ...DEVTOOLS_RULES,
  ...SAAS_RULES,
  ...CLOUD_RULES,
  ...DATABASE_RULES,
  ...GENERIC_RULES,
];
