/**
 * The suggested edit for a finding: the builder for the file's format, then the checks that keep a
 * suggestion safe to commit. Every other credential on the same line is replaced too (a suggestion
 * repeats the line, so it must not repeat a secret), the result must parse where a parser is at hand
 * (YAML, JSON), and no edit ever contains the secret.
 */
import { Scanner } from '../../detect/scanner.js';
import { attachEvidence, evidenceOf, type Finding } from '../../detect/finding.js';
import type { Site } from '../site.js';
import { buildSite } from '../site.js';
import { chooseMechanism, type Mechanism } from '../mechanism.js';
import { CODE_LANGUAGES } from '../file-type.js';
import type { Suggestion } from '../types.js';
import { parsesAsYaml } from '../yaml-place.js';
import { commentEdit, isRefusal, refuse, type EditOutcome, type LineEdit } from './edit.js';
import { codeEdit } from './code.js';
import { terraformEdit } from './terraform.js';
import { yamlEdit } from './yaml.js';
import { dockerfileEdit, dotenvEdit, jsonEdit, mavenSettingsEdit, npmrcEdit, propertiesEdit, shellEdit } from './config.js';

export interface EditResult {
  readonly suggestion?: Suggestion;
  /** why there is no suggestion, or what the suggestion needs */
  readonly note?: string;
}

let scanner: Scanner | undefined;
function scan(path: string, lines: readonly string[], firstLine: number): Finding[] {
  scanner ??= new Scanner();
  if (lines.length === 0) return [];
  return scanner.scan({ path, text: lines.join('\n'), firstLine });
}

/** The findings on the site's lines (the site's own included), as the scanner sees the original text. */
function findingsOnLines(site: Site): Finding[] {
  const loc = site.located!;
  return scan(site.path, loc.lines, loc.firstLine);
}

/** The builder's edit for this site, before the safety checks. */
export function formatEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located;
  if (!loc) return refuse("the finding's lines could not be read from the head file");
  const { language, platform } = site.file;
  const comment = commentEdit(loc, language);
  if (comment) return comment;
  if (CODE_LANGUAGES.has(language)) return codeEdit(site, mechanism);
  switch (language) {
    case 'terraform':
      return terraformEdit(site, mechanism);
    case 'yaml':
      return yamlEdit(site, mechanism);
    case 'json':
      return jsonEdit(site, mechanism);
    case 'dotenv':
      return dotenvEdit(site);
    case 'properties':
      return propertiesEdit(site);
    case 'npmrc':
      return npmrcEdit(site);
    case 'shell':
      return shellEdit(site, mechanism);
    case 'xml':
      return platform === 'maven-settings' ? mavenSettingsEdit(site) : refuse('XML configuration has no general reference syntax');
    case 'dockerfile':
      return dockerfileEdit(site);
    case 'pem':
      return refuse('the whole file is the key; delete it from the repository (`git rm`) and add its name to .gitignore');
    case 'ini':
      return refuse(platform === 'aws-credentials-file' ? 'an AWS credentials file does not belong in the repository; delete it' : 'this format has no reference syntax');
    default:
      return refuse('no safe one-line edit is known for this file type');
  }
}

function applied(lines: readonly string[], edit: LineEdit): string[] {
  return [...lines.slice(0, edit.startLine - 1), ...edit.replacement, ...lines.slice(edit.endLine)];
}

function parses(text: string, language: string): boolean | undefined {
  if (language === 'yaml') return parsesAsYaml(text);
  if (language === 'json') {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }
  return undefined;
}

/**
 * Other credentials on the edited lines get the same treatment, or the edit is withheld: the
 * suggestion repeats the rest of the line, so it must not repeat a secret the finding did not cover.
 */
function foldOthers(site: Site, first: LineEdit, originals: readonly Finding[]): EditOutcome {
  let edit = first;
  for (let round = 0; round < 4; round++) {
    const line = edit.replacement.join('\n');
    const candidates = [...originals, ...scan(site.path, edit.replacement, edit.startLine)];
    const other = candidates.find((f) => {
      const s = evidenceOf(f)?.secret;
      return s !== undefined && s !== '' && line.includes(s);
    });
    if (!other) return edit;
    const secret = evidenceOf(other)!.secret;
    if (secret === site.secret) return refuse('the edit would keep the value');
    if (edit.replacement.length !== 1) return refuse('the lines hold more than one credential');
    const base = site.fileLines ?? [...Array<string>(edit.startLine - 1).fill(''), ...site.located!.lines];
    const text = applied(base, edit);
    // the other credential, placed where it now sits: on line edit.startLine of the edited text
    const at = line.indexOf(secret);
    const moved = attachEvidence({ ...other, startLine: edit.startLine, endLine: edit.startLine, startColumn: at + 1, endColumn: at + 1 + secret.length }, { secret, line });
    const otherSite = buildSite(moved, { path: site.path, ...(site.repo ? { repo: site.repo } : {}), fileText: text.join('\n') });
    const next = formatEdit(otherSite, chooseMechanism(otherSite));
    if (isRefusal(next)) return refuse(`the line also holds ${other.redacted}, and ${next.refused}`);
    if (next.startLine !== edit.startLine || next.endLine !== edit.startLine) return refuse('the line holds more than one credential');
    edit = { startLine: edit.startLine, endLine: edit.endLine, replacement: next.replacement, ...(edit.note || next.note ? { note: [edit.note, next.note].filter(Boolean).join(' ') } : {}) };
  }
  return refuse('the line holds too many credentials for one edit');
}

export function buildEdit(site: Site, mechanism: Mechanism): EditResult {
  let outcome = formatEdit(site, mechanism);
  const originals = site.located ? findingsOnLines(site) : [];
  const secrets = [...(site.secret ? [site.secret] : []), ...originals.map((f) => evidenceOf(f)?.secret ?? '')].filter((x) => x !== '');
  if (!isRefusal(outcome)) outcome = foldOthers(site, outcome, originals);
  if (!isRefusal(outcome) && outcome.replacement.some((l) => secrets.some((s) => l.includes(s)))) outcome = refuse('the edit would keep a value');
  if (!isRefusal(outcome) && site.fileLines) {
    const before = parses(site.fileLines.join('\n'), site.file.language);
    if (before === true && parses(applied(site.fileLines, outcome).join('\n'), site.file.language) === false) outcome = refuse('the edited file would not parse');
  }
  if (isRefusal(outcome)) return { note: `No suggested edit: ${outcome.refused}.` };
  const suggestion: Suggestion = { startLine: outcome.startLine, endLine: outcome.endLine, replacement: outcome.replacement };
  const deletes = outcome.replacement.length === 0 ? `It deletes ${outcome.startLine === outcome.endLine ? 'the line' : 'the lines'}.` : undefined;
  const note = [deletes, outcome.note].filter(Boolean).join(' ');
  return { suggestion, ...(note ? { note } : {}) };
}
