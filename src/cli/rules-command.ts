/** `secret-review rules`: the catalog, for people (a table) or for tools (JSON). */
import { RULES } from '../detect/rules/index.js';
import type { Rule } from '../detect/rule.js';
import { severityOf } from '../detect/severity.js';
import { strategyOf } from '../remediate/strategy.js';

export function renderRules(format: 'text' | 'json', rules: readonly Rule[] = RULES): string {
  const rows = rules.map((rule) => ({
    id: rule.id,
    kind: rule.kind,
    severity: severityOf(rule),
    strategy: strategyOf(rule.kind).strategy,
    title: rule.title,
  }));
  if (format === 'json') return JSON.stringify({ version: 1, rules: rows }, null, 2) + '\n';
  const header = { id: 'ID', kind: 'KIND', severity: 'SEVERITY', strategy: 'STRATEGY', title: 'TITLE' };
  const all = [header, ...rows];
  const width = (key: 'id' | 'kind' | 'severity' | 'strategy') => Math.max(...all.map((r) => r[key].length));
  const w = { id: width('id'), kind: width('kind'), severity: width('severity'), strategy: width('strategy') };
  const lines = all.map((r) =>
    [r.id.padEnd(w.id), r.kind.padEnd(w.kind), r.severity.padEnd(w.severity), r.strategy.padEnd(w.strategy), r.title].join('  '),
  );
  return lines.join('\n') + `\n\n${rows.length} rules\n`;
}
