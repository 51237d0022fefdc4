/**
 * Where the secret sits on its line(s): the span of the secret itself, and the string literal (quotes,
 * prefixes such as r"" or @"" included) that holds it, with the source text that shares the literal.
 */
import type { Language } from './file-type.js';

/** The finding's lines as they are in the head file, and the secret's place in them. */
export interface Located {
  /** 1-based head-side line number of lines[0] */
  readonly firstLine: number;
  readonly lines: readonly string[];
  /** 0-based column of the secret's first character in lines[0] */
  readonly start: number;
  /** 0-based column just past the secret's last character in the last line */
  readonly end: number;
}

export interface Literal {
  /** column in lines[0] where the literal starts (its prefix letters included) */
  readonly start: number;
  /** column in the last line just past the closing quote */
  readonly end: number;
  /** the opening (and closing) quote: " ' ` """ ''' */
  readonly quote: string;
  /** prefix letters before the opening quote: r, b, f, rb, @, $, $@ ... */
  readonly prefix: string;
  /** source text inside the literal before and after the secret (same line only) */
  readonly before: string;
  readonly after: string;
}

/** Quote characters that open a string in each language (longest first). */
function quotesOf(language: Language): readonly string[] {
  switch (language) {
    case 'python':
      return ['"""', "'''", '"', "'"];
    case 'java':
    case 'kotlin':
    case 'csharp':
    case 'swift':
      return ['"""', '"'];
    case 'typescript':
    case 'javascript':
      return ['"', "'", '`'];
    case 'go':
      return ['"', '`'];
    case 'terraform':
    case 'json':
      return ['"'];
    default:
      return ['"', "'"];
  }
}

/** Whether a backslash escapes the next character inside this quote. */
function backslashEscapes(language: Language, quote: string, prefix: string): boolean {
  if (quote === '`' && language === 'go') return false;
  if (quote === "'" && (language === 'yaml' || language === 'shell' || language === 'dotenv')) return false;
  if (language === 'csharp' && prefix.includes('@')) return false;
  if (language === 'python' && /r/i.test(prefix)) return true; // raw strings still cannot end in a lone \
  return true;
}

const PREFIX: Partial<Record<Language, RegExp>> = {
  python: /(?:[rRbBuUfF]{1,2})$/,
  csharp: /(?:\$@|@\$|@|\$+)$/,
};

interface Open {
  readonly at: number;
  readonly quote: string;
  readonly prefix: string;
}

/** The literal open at `pos` on `line`, scanning from the line start, or undefined when outside any. */
function openAt(line: string, pos: number, language: Language): Open | undefined {
  const quotes = quotesOf(language);
  let open: Open | undefined;
  for (let i = 0; i < pos; ) {
    if (open) {
      const { quote, prefix } = open;
      if (backslashEscapes(language, quote, prefix) && line[i] === '\\') {
        i += 2;
        continue;
      }
      if (line.startsWith(quote, i)) {
        // doubled quotes escape in YAML single quotes and C# verbatim strings
        const doubled = (quote === "'" && language === 'yaml') || (language === 'csharp' && prefix.includes('@'));
        if (doubled && line.startsWith(quote, i + 1)) {
          i += 2;
          continue;
        }
        open = undefined;
        i += quote.length;
        continue;
      }
      i++;
      continue;
    }
    const quote = quotes.find((q) => line.startsWith(q, i));
    if (quote) {
      const prefix = PREFIX[language]?.exec(line.slice(Math.max(0, i - 3), i))?.[0] ?? '';
      const standalone = prefix === '' || i - prefix.length === 0 || !/[\w]/.test(line[i - prefix.length - 1]!);
      open = { at: i, quote, prefix: standalone ? prefix : '' };
      i += quote.length;
      continue;
    }
    i++;
  }
  return open;
}

/** The closing quote's column in `line` at or after `from`, or -1. */
function closeFrom(line: string, from: number, open: Open, language: Language): number {
  for (let i = from; i < line.length; i++) {
    if (backslashEscapes(language, open.quote, open.prefix) && line[i] === '\\') {
      i++;
      continue;
    }
    if (line.startsWith(open.quote, i)) {
      const doubled = (open.quote === "'" && language === 'yaml') || (language === 'csharp' && open.prefix.includes('@'));
      if (doubled && line.startsWith(open.quote, i + 1)) {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/** The string literal holding the secret, when the secret sits inside one that opens on its first line. */
export function enclosingLiteral(loc: Located, language: Language): Literal | undefined {
  const first = loc.lines[0];
  const last = loc.lines[loc.lines.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const open = openAt(first, loc.start, language);
  if (!open) return undefined;
  const close = closeFrom(last, loc.end, open, language);
  if (close === -1) return undefined;
  const before = first.slice(open.at + open.quote.length, loc.start);
  // a secret that starts right after a lone backslash would split an escape sequence
  if (/(?:^|[^\\])(?:\\\\)*\\$/.test(before)) return undefined;
  return {
    start: open.at - open.prefix.length,
    end: close + open.quote.length,
    quote: open.quote,
    prefix: open.prefix,
    before,
    after: last.slice(loc.end, close),
  };
}

/** Whether the secret fills its literal (text around it, if any, is blank). */
export function fillsLiteral(literal: Literal): boolean {
  return literal.before.trim() === '' && literal.after.trim() === '';
}

/** A URL with credentials or a key=value connection string: the whole value moves, not the password alone. */
export function isConnectionString(text: string): boolean {
  return /^[a-z][\w+.:-]{1,40}:\/\/[^\s]*@/i.test(text.trim()) || /(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey)\s*=/i.test(text);
}
