/**
 * File names as git writes them in headers. Names with special characters are C-quoted
 * ("a/caf\303\251.txt", octal escapes are UTF-8 bytes); unquoted names may contain spaces,
 * which makes "diff --git a/x b/y" ambiguous, so the unquoted case is resolved like git apply does.
 */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92,
};

/** Parses a C-quoted string starting at `from` (which must be '"'); returns [value, index after the closing quote]. */
export function unquoteCString(text: string, from: number): [string, number] | undefined {
  if (text.charCodeAt(from) !== 34) return undefined;
  const bytes: number[] = [];
  let i = from + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') return [Buffer.from(bytes).toString('utf8'), i + 1];
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else {
        // Raw non-ASCII (core.quotePath=false): keep it as UTF-8 bytes, surrogate pairs included.
        const char = String.fromCodePoint(text.codePointAt(i) as number);
        for (const b of Buffer.from(char, 'utf8')) bytes.push(b);
        i += char.length;
        continue;
      }
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const octal = text.slice(i + 1, i + 4);
    if (!/^[0-3][0-7]{2}$/.test(octal)) return undefined;
    bytes.push(parseInt(octal, 8));
    i += 4;
  }
  return undefined;
}

/** Removes the first path component ("a/", "b/", or a mnemonic prefix like "i/"), like `git apply -p1`. */
export function stripPrefix(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

export interface HeaderNames {
  oldName: string;
  newName: string;
}

/**
 * Splits the part after "diff --git " into the two raw names (prefixes not yet removed).
 * Returns undefined when unquoted names with spaces cannot be told apart (renames: their
 * "rename from/to" lines give the names instead).
 */
export function splitGitHeaderNames(rest: string): HeaderNames | undefined {
  if (rest.startsWith('"')) {
    const first = unquoteCString(rest, 0);
    if (!first || rest.charCodeAt(first[1]) !== 32) return undefined;
    const second = readName(rest, first[1] + 1);
    return second === undefined ? undefined : { oldName: first[0], newName: second };
  }
  if (rest.endsWith('"')) {
    // Only the second name is quoted; an unquoted name cannot contain '"', so the first ' "' splits.
    const split = rest.indexOf(' "');
    const second = split === -1 ? undefined : unquoteCString(rest, split + 1);
    if (!second || second[1] !== rest.length) return undefined;
    return { oldName: rest.slice(0, split), newName: second[0] };
  }
  // Same name on both sides: "P/name Q/name" (or "name name" without prefixes) splits in the middle.
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const oldName = rest.slice(0, half);
    const newName = rest.slice(half + 1);
    if (rest.charCodeAt(half) === 32 && (oldName === newName || stripPrefix(oldName) === stripPrefix(newName))) {
      return { oldName, newName };
    }
  }
  const firstSpace = rest.indexOf(' ');
  if (firstSpace !== -1 && rest.indexOf(' ', firstSpace + 1) === -1) {
    return { oldName: rest.slice(0, firstSpace), newName: rest.slice(firstSpace + 1) };
  }
  return undefined;
}

/** A name that is either C-quoted or runs to the end of the text. */
function readName(text: string, from: number): string | undefined {
  if (text.charCodeAt(from) !== 34) return text.slice(from);
  const quoted = unquoteCString(text, from);
  return quoted && quoted[1] === text.length ? quoted[0] : undefined;
}

/**
 * The name on a "--- " / "+++ " line (`rest` is what follows the marker). Git ends an unquoted
 * name containing a space with a tab, and plain `diff -u` puts a timestamp after a tab, so an
 * unquoted name stops at the first tab. Returns null for /dev/null.
 */
export function parseMarkerName(rest: string): string | null | undefined {
  let name: string;
  if (rest.startsWith('"')) {
    const quoted = unquoteCString(rest, 0);
    if (!quoted) return undefined;
    name = quoted[0];
  } else {
    const tab = rest.indexOf('\t');
    name = tab === -1 ? rest : rest.slice(0, tab);
  }
  if (name === '/dev/null') return null;
  return name === '' ? undefined : name;
}

/** The name on "rename from", "copy to" etc. lines: no prefix, possibly quoted. */
export function parsePlainName(rest: string): string | undefined {
  if (!rest.startsWith('"')) return rest === '' ? undefined : rest;
  const quoted = unquoteCString(rest, 0);
  return quoted && quoted[1] === rest.length ? quoted[0] : undefined;
}
