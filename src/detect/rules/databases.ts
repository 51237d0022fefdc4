import type { Rule } from '../rule.js';

export const DATABASE_RULES: readonly Rule[] = [];
