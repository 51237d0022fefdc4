/**
 * Small text helpers the edits share: lines and offsets, indentation, comments, and the blocks that
 * enclose a position in brace languages (Terraform, C-like code). Heuristic by design: they read one
 * file, not a build, and an edit that depends on them is validated or withheld when unsure.
 */
import type { Language } from './file-type.js';

/** Lines without their terminators (a trailing \r is dropped too). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** Characters that start a line comment, per language. */
function lineCommentTokens(language: Language): readonly string[] {
  switch (language) {
    case 'python':
    case 'ruby':
    case 'shell':
    case 'powershell':
    case 'yaml':
    case 'dotenv':
    case 'dockerfile':
    case 'toml':
    case 'ini':
    case 'npmrc':
      return ['#'];
    case 'properties':
      return ['#', '!'];
    case 'terraform':
    case 'php':
      return ['#', '//'];
    case 'json':
    case 'pem':
    case 'text':
    case 'xml':
      return [];
    default:
      return ['//'];
  }
}

/**
 * The column where a line comment starts on this line (outside quotes), or -1. For '#' in YAML and
 * shell-like formats the marker counts only at the start or after whitespace.
 */
export function commentStart(line: string, language: Language): number {
  const tokens = lineCommentTokens(language);
  if (tokens.length === 0) return -1;
  const lineStartOnly = language === 'properties' || language === 'ini' || language === 'dotenv';
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote !== "'") i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || (c === '`' && language !== 'yaml')) {
      if (lineStartOnly) return /^\s*[#!;]/.test(line) ? indentOf(line).length : -1;
      quote = c;
      continue;
    }
    for (const t of tokens) {
      if (!line.startsWith(t, i)) continue;
      if (t === '#' && i > 0 && !/\s/.test(line[i - 1]!) && language !== 'terraform' && language !== 'php') continue;
      if (lineStartOnly && line.slice(0, i).trim() !== '') continue;
      return i;
    }
  }
  return -1;
}

/**
 * The headers of the blocks (`{`) that enclose `offset` in `text`, outermost first: for each open
 * brace, the text on its line before it (or the previous non-blank line when the brace stands alone).
 * Strings and comments are skipped so braces inside them do not count.
 */
export function enclosingHeaders(text: string, offset: number, language: Language): string[] {
  const hashComments = language === 'terraform' || language === 'php' || language === 'ruby' || language === 'python';
  const stack: number[] = [];
  let i = 0;
  while (i < offset) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') i = skipTo(text, i, '\n');
    else if (c === '#' && hashComments) i = skipTo(text, i, '\n');
    else if (c === '/' && next === '*') i = text.indexOf('*/', i + 2) === -1 ? offset : text.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'" || c === '`') i = skipString(text, i, offset);
    else {
      if (c === '{') stack.push(i);
      else if (c === '}') stack.pop();
      i++;
    }
  }
  return stack.map((pos) => headerBefore(text, pos));
}

function skipTo(text: string, from: number, what: string): number {
  const at = text.indexOf(what, from);
  return at === -1 ? text.length : at;
}

function skipString(text: string, start: number, limit: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < limit; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n' && quote !== '`') return i + 1;
  }
  return limit;
}

function headerBefore(text: string, bracePos: number): string {
  const lineStart = text.lastIndexOf('\n', bracePos - 1) + 1;
  const onLine = text.slice(lineStart, bracePos).trim();
  if (onLine !== '') return onLine;
  // Allman style: the header is the previous non-blank line
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    if (line !== '') return line;
    end = start - 1;
  }
  return '';
}

/** Offsets of each line's first character in `text`. */
export function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
