/**
 * Golden tests: each case (a credential kind in a file type) against its reviewed markdown under
 * test/fixtures/remediate/, the suggested edit parsed where a parser is at hand, and no trace of any
 * secret in any output. UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
 */
import { describe, expect, it } from '@jest/globals';
import { renderRemediationMarkdown } from '../../src/remediate/index.js';
import { remediate } from '../../src/remediate/index.js';
import { CASES } from './cases.js';
import { applySuggestion, readGolden, runCase, secretPieces, syntaxErrors, UPDATE, writeGolden } from './support.js';

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it(`chooses ${c.mechanism}${c.suggests ? ' and suggests an edit' : ' without an edit'}`, () => {
    const { remediation } = runCase(c);
    expect(remediation.mechanismId).toBe(c.mechanism);
    expect(remediation.suggestion !== undefined).toBe(c.suggests);
    if (!c.suggests) expect(remediation.note).toMatch(/^No suggested edit: /);
  });

  it('matches its golden file', () => {
    const { finding, remediation } = runCase(c);
    const s = remediation.suggestion;
    const header = `<!-- ${c.path} | ${finding.kind} | lines ${finding.startLine}-${finding.endLine}${s ? ` | suggestion ${s.startLine}-${s.endLine}` : ''} -->\n\n`;
    const actual = header + renderRemediationMarkdown(remediation);
    const golden = readGolden(c.name);
    if (UPDATE || golden === undefined) {
      writeGolden(c.name, actual);
      if (!UPDATE) throw new Error(`wrote missing golden file ${c.name}.md: review it`);
      return;
    }
    expect(actual).toBe(golden);
  });

  if (c.parser) {
    const parser = c.parser;
    it(`still parses as ${parser} with the suggestion applied`, () => {
      const { text, remediation } = runCase(c);
      expect(syntaxErrors(text, parser, c.path)).toEqual([]);
      const edited = applySuggestion(text, remediation);
      expect(edited).not.toBe(text);
      expect(syntaxErrors(edited, parser, c.path)).toEqual([]);
    });
  }

  it('never carries a secret, for any finding in the file, with or without the file text', () => {
    const { text, findings } = runCase(c);
    const pieces = findings.flatMap(secretPieces);
    for (const finding of findings) {
      for (const context of [{ repo: 'acme/my-repo', path: c.path, fileText: text }, { path: c.path }]) {
        const r = remediate(finding, context);
        const outputs = [JSON.stringify(r), renderRemediationMarkdown(r)];
        for (const out of outputs) for (const piece of pieces) expect(out.includes(piece)).toBe(false);
        if (r.suggestion) for (const piece of secretPieces(finding)) expect(applySuggestion(text, r).includes(piece)).toBe(false);
      }
    }
  });
});

it('covers at least 30 combinations of kind and file type', () => {
  const combos = new Set(CASES.map((c) => `${runCase(c).finding.kind}|${c.path.slice(c.path.lastIndexOf('.'))}|${c.mechanism}`));
  expect(combos.size).toBeGreaterThanOrEqual(30);
});
