import type { Rule } from '../rule.js';

export const KEY_RULES: readonly Rule[] = [];
