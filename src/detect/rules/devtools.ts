import type { Rule } from '../rule.js';

export const DEVTOOLS_RULES: readonly Rule[] = [];
