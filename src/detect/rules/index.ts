/** The rule catalog: every family file, in the order ties between rules are broken. */
import type { Rule } from '../rule.js';
import { AWS_RULES } from './aws.js';
import { KEY_RULES } from './keys.js';
import { DATABASE_RULES } from './databases.js';
import { DEVTOOLS_RULES } from './devtools.js';
import { SAAS_RULES } from './saas.js';
import { CLOUD_RULES } from './cloud.js';
import { GENERIC_RULES } from './generic.js';

export const RULES: readonly Rule[] = [
  ...AWS_RULES,
  ...KEY_RULES,
  ...DATABASE_RULES,
  ...DEVTOOLS_RULES,
  ...SAAS_RULES,
  ...CLOUD_RULES,
  ...GENERIC_RULES,
];
