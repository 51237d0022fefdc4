import type { Rule } from '../rule.js';

export const SAAS_RULES: readonly Rule[] = [];
