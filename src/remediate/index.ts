/** Remediation: finding + file context -> strategy, mechanism, checklist, commands, suggested edit. */
export { remediate } from './remediate.js';
export { fence, renderRemediationMarkdown, type MarkdownOptions } from './markdown.js';
export type { Remediation, RemediationContext, Snippet, Suggestion } from './types.js';
export { STRATEGY_BY_KIND, strategyOf, type KindStrategy, type Strategy } from './strategy.js';
