/**
 * Edits for program code: the string literal that holds the credential becomes a run-time lookup of an
 * environment variable, in the idiom of the language and of the file (the import it already has, the
 * config helper it already uses). An edit that would need a new import, or that lands where only a
 * constant may stand, is withheld.
 */
import type { Site } from '../site.js';
import type { Mechanism } from '../mechanism.js';
import type { Language } from '../file-type.js';
import { enclosingLiteral, fillsLiteral, isConnectionString, type Literal, type Located } from '../literal.js';
import { refuse, replaceSpan, withLineAbove, withLineBelow, type EditOutcome } from './edit.js';

interface Lookup {
  readonly expr: string;
  readonly note?: string;
}

function pythonLookup(name: string, text: string | undefined, quote: string): Lookup | string {
  const q = quote === "'" || quote === "'''" ? "'" : '"';
  if (text === undefined) return { expr: `os.environ[${q}${name}${q}]`, note: 'The module needs `import os`.' };
  if (/^\s*\w+\s*=\s*environ\.Env\(/m.test(text)) return { expr: `env(${q}${name}${q})` };
  const importsOs = /^\s*import\s+(?:[\w.]+\s*,\s*)*os\b/m.test(text);
  if (importsOs && /\bos\.getenv\(/.test(text) && !/\bos\.environ\[/.test(text)) return { expr: `os.getenv(${q}${name}${q})` };
  if (importsOs) return { expr: `os.environ[${q}${name}${q}]` };
  if (/^\s*from\s+os\s+import\s+[^\n]*\benviron\b/m.test(text)) return { expr: `environ[${q}${name}${q}]` };
  if (/^\s*from\s+os\s+import\s+[^\n]*\bgetenv\b/m.test(text)) return { expr: `getenv(${q}${name}${q})` };
  return 'the module does not import `os`, and a one-line edit cannot add the import';
}

function goImportsOs(text: string): boolean {
  return /^import\s+"os"/m.test(text) || /^import\s*\([^)]*^\s*"os"\s*$/ms.test(text);
}

/** The run-time lookup for this language and file, or the reason there is none. */
function lookupFor(site: Site, name: string, literal: Literal): Lookup | string {
  const text = site.fileText;
  switch (site.file.language) {
    case 'typescript':
    case 'javascript':
      return { expr: `process.env.${name}` };
    case 'python':
      return pythonLookup(name, text, literal.quote);
    case 'go':
      if (text === undefined) return { expr: `os.Getenv("${name}")`, note: 'The file needs `import "os"`.' };
      return goImportsOs(text) ? { expr: `os.Getenv("${name}")` } : 'the file does not import "os", and a one-line edit cannot add the import';
    case 'java':
    case 'kotlin':
      return { expr: `System.getenv("${name}")` };
    case 'csharp':
      return { expr: text !== undefined && /^\s*(?:global\s+)?using\s+System\s*;/m.test(text) ? `Environment.GetEnvironmentVariable("${name}")` : `System.Environment.GetEnvironmentVariable("${name}")` };
    case 'ruby':
      return { expr: `ENV.fetch("${name}")` };
    case 'php':
      if (/(?:^|\/)config\//.test(site.path) && text !== undefined && /\benv\(\s*'/.test(text)) return { expr: `env('${name}')` };
      return { expr: `getenv('${name}')` };
    default:
      return 'no run-time lookup is known for this language';
  }
}

/** Places where only a constant expression may stand, by language. */
function constantContext(site: Site, line: string, literalStart: number): string | undefined {
  const before = line.slice(0, literalStart);
  const language = site.file.language;
  const inner = site.blocks[site.blocks.length - 1] ?? '';
  if (/^\s*@|^\s*\[\w+\(/.test(before)) return 'the value is an annotation or attribute argument, which must be a constant';
  if (/\bcase\b/.test(before)) return 'the value is a case label, which must be a constant';
  switch (language) {
    case 'csharp':
      if (/\bconst\b/.test(before)) return 'the value initialises a `const`, which cannot call a method';
      break;
    case 'php':
      if (/^\s*(?:(?:public|private|protected|static|var|const|readonly)\s+)+/.test(before)) return 'the value is a class constant or property default, which must be a constant expression';
      if (/\b(?:class|trait|interface|enum)\b/.test(inner) && !/\bfunction\b/.test(inner)) return 'the value sits in a class property default, which must be a constant expression';
      break;
    case 'go':
      if (inGoConstBlock(site)) return 'the value is in a `const (...)` block';
      break;
    case 'typescript':
      if (/\benum\b/.test(inner)) return 'the value is a string enum member, which must be a constant';
      if (/^\s*(?:export\s+)?(?:declare\s+)?type\b/.test(line)) return 'the value is a type';
      break;
  }
  return undefined;
}

/** Whether the line sits inside a Go `const (` ... `)` group. */
function inGoConstBlock(site: Site): boolean {
  const lines = site.fileLines;
  const loc = site.located;
  if (!lines || !loc) return false;
  for (let i = loc.firstLine - 2; i >= 0; i--) {
    const line = lines[i]!;
    if (/^\s*const\s*\(\s*$/.test(line)) return true;
    if (/^\s*\)/.test(line) || /^(?:func|type|var|import|package)\b/.test(line) || /^\s*(?:var|import|type)\s*\(\s*$/.test(line)) return false;
  }
  return false;
}

/** Go `const x = "..."` and Kotlin `const val x = "..."` must lose `const` to hold a call. */
function unconst(prefix: string, language: Language): string {
  if (language === 'go') return prefix.replace(/^(\s*)const(\s+)/, '$1var$2');
  if (language === 'kotlin') return prefix.replace(/\bconst\s+val\b/, 'val');
  return prefix;
}

/** The literal, looking one line up or down for a multi-line string that opens or closes alone. */
function literalOf(site: Site, loc: Located): { loc: Located; literal: Literal } | undefined {
  const language = site.file.language;
  let here = loc;
  let literal = enclosingLiteral(here, language);
  if (!literal && loc.lines.length > 1 && loc.lines[0]!.slice(0, loc.start).trim() === '') {
    const up = withLineAbove(loc, site.fileLines);
    if (up) {
      here = up;
      literal = enclosingLiteral(here, language);
      if (!literal && loc.lines[loc.lines.length - 1]!.slice(loc.end).trim() === '') {
        const down = withLineBelow(up, site.fileLines);
        if (down) {
          here = down;
          literal = enclosingLiteral(here, language);
        }
      }
    }
  }
  return literal ? { loc: here, literal } : undefined;
}

export function codeEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located!;
  if (mechanism.id === 'cognito-identity-pool' || mechanism.id === 'backend-proxy')
    return refuse('the credential must leave the client entirely (an app on a device or in a browser has no private environment to read it from)');
  if (mechanism.id === 'restrict-client-key') return refuse('a key used from the browser or an app stays visible by design; restrict it rather than move it');
  const found = literalOf(site, loc);
  if (!found) return refuse('the value is not a plain string literal on this line');
  const { literal } = found;
  const at = found.loc;
  const first = at.lines[0]!;
  const constant = constantContext(site, first, literal.start);
  if (constant) return refuse(constant);
  const lookup = lookupFor(site, site.variable, literal);
  if (typeof lookup === 'string') return refuse(lookup);

  let expr = lookup.expr;
  const content = literal.before + (site.secret ?? '') + literal.after;
  if (!fillsLiteral(literal) && !isConnectionString(content)) {
    if (at.lines.length > 1) return refuse('the value shares a multi-line string with other text');
    const open = literal.prefix + literal.quote;
    const parts = [literal.before ? `${open}${literal.before}${literal.quote}` : '', expr, literal.after ? `${open}${literal.after}${literal.quote}` : ''].filter((p) => p !== '');
    expr = `(${parts.join(site.file.language === 'php' ? ' . ' : ' + ')})`;
  }
  const prefix = unconst(first.slice(0, literal.start), site.file.language);
  const edit = replaceSpan(at, 0, literal.end, prefix + expr, lookup.note);
  return edit;
}
