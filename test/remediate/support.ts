/** Helpers of the remediation tests: running a case, applying a suggestion, parsing the result. */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { Scanner } from '../../src/detect/scanner.js';
import { evidenceOf, type Finding } from '../../src/detect/finding.js';
import { remediate, type Remediation } from '../../src/remediate/index.js';
import { createFake } from '../support/fake.js';
import type { Case, Parser } from './cases.js';

const scanner = new Scanner();
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'remediate');
export const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function seedOf(name: string): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

export interface Run {
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly finding: Finding;
  readonly remediation: Remediation;
}

export function runCase(c: Case): Run {
  const text = c.text(createFake(seedOf(c.name)));
  const findings = scanner.scan({ path: c.path, text });
  const finding = findings.find(
    (f) => (!c.pick?.kind || f.kind === c.pick.kind) && (!c.pick?.rule || c.pick.rule.test(f.ruleId)) && (!c.pick?.line || f.startLine === c.pick.line),
  );
  if (!finding) throw new Error(`${c.name}: no matching finding in ${JSON.stringify(findings.map((f) => `${f.ruleId}@${f.startLine}`))}`);
  return { text, findings, finding, remediation: remediate(finding, { repo: c.repo ?? 'acme/my-repo', path: c.path, fileText: text }) };
}

/** The file with the suggestion applied. */
export function applySuggestion(text: string, remediation: Remediation): string {
  const s = remediation.suggestion;
  if (!s) return text;
  const lines = text.split('\n');
  return [...lines.slice(0, s.startLine - 1), ...s.replacement, ...lines.slice(s.endLine)].join('\n');
}

/** Syntax errors of `text` in the given format (empty: it parses). */
export function syntaxErrors(text: string, parser: Parser, fileName: string): string[] {
  switch (parser) {
    case 'ts':
    case 'tsx':
    case 'js': {
      const kind = parser === 'ts' ? ts.ScriptKind.TS : parser === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.JS;
      const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
      const diagnostics = (sf as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
      return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    }
    case 'json':
      try {
        JSON.parse(text);
        return [];
      } catch (e) {
        return [(e as Error).message];
      }
    case 'yaml':
      return parseAllDocuments(text).flatMap((d) => d.errors.map((e) => e.message));
  }
}

/** Every piece of a finding's secret that would identify it (the whole, and each line of a PEM). */
export function secretPieces(finding: Finding): string[] {
  const secret = evidenceOf(finding)?.secret;
  if (!secret) throw new Error('finding without evidence');
  return [secret, ...secret.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'))];
}

export function readGolden(name: string): string | undefined {
  const file = join(FIXTURES, `${name}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export function writeGolden(name: string, content: string): void {
  mkdirSync(FIXTURES, { recursive: true });
  writeFileSync(join(FIXTURES, `${name}.md`), content);
}
