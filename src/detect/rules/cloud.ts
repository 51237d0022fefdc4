import type { Rule } from '../rule.js';

export const CLOUD_RULES: readonly Rule[] = [];
