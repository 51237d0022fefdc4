import type { Rule } from '../rule.js';

export const GENERIC_RULES: readonly Rule[] = [];
