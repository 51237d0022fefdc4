/**
 * The name a credential is written under, read from the source text left of it: `const DB_PASSWORD =`,
 * `"password":`, `'api_key' =>`, `setPassword(`, `ENV NPM_TOKEN`, `--password=`, `export TOKEN=`.
 */

export interface KeyBefore {
  /** the name as written (dotted paths kept), without quotes, sigils or `this.` */
  readonly key?: string;
  /** the value is a positional argument of a call the name of which says nothing */
  readonly positional: boolean;
}

const OPERATOR = /\s*(?::=|=>|\|\|=|\?\?=|\+=|==?|:|\(|,|\[)\s*$/;
const SECRETISH = /pass|secret|token|key|auth|cred|pwd/i;
const KEYWORDS = new Set(['return', 'else', 'if', 'then', 'do', 'in', 'of', 'new', 'await', 'yield', 'case', 'default', 'export', 'ENV', 'ARG']);

export function keyBefore(prefix: string, language: string): KeyBefore {
  let s = prefix.replace(/\s+$/, '');
  const op = OPERATOR.exec(s);
  const operator = op ? op[0].trim() : '';
  if (op) s = s.slice(0, op.index);

  if (operator === '(' || operator === ',') {
    if (operator === ',') return { positional: true };
    const callee = /([A-Za-z_$][\w$]*)$/.exec(s)?.[1];
    if (!callee) return { positional: true };
    const setter = /^(?:set|with)([A-Z_]\w*)$/.exec(callee);
    if (setter) return { key: setter[1], positional: false };
    return SECRETISH.test(callee) && !/^(?:get|load|read|fetch)/.test(callee) ? { key: callee, positional: false } : { positional: true };
  }

  // command-line flags: --password=..., --token ...
  const flag = /(?:^|\s)--?([A-Za-z][\w-]*)$/.exec(s);
  if (flag && (operator === '=' || operator === '')) return { key: flag[1], positional: false };

  // XML element text: <password>value</password>
  const element = /<([A-Za-z_][\w.:-]*)[^>]*>$/.exec(s);
  if (element && operator === '') return { key: element[1], positional: false };

  // Dockerfile: ENV NAME value
  const dockerEnv = /^\s*(?:ENV|ARG)\s+([A-Za-z_][\w]*)$/.exec(s);
  if (dockerEnv) return { key: dockerEnv[1], positional: false };

  if (operator === '') return { positional: true };

  if (language === 'go') {
    const decl = /\b(?:var|const)\s+([A-Za-z_]\w*)(?:\s+[^=]+)?$/.exec(s);
    if (decl) return { key: decl[1], positional: false };
  }
  // a type annotation between name and `=`: `const key: string =`, `val key: String =`
  if (operator === '=') {
    const typed = /([A-Za-z_$][\w$]*)\s*[?!]?\s*:\s*[\w.<>[\]| ?,]+$/.exec(s);
    if (typed && !/["']$/.test(s)) return { key: typed[1], positional: false };
  }
  const quoted = /["']([^"']{1,200})["']\s*\]?$/.exec(s);
  if (quoted) return { key: quoted[1], positional: false };
  const ident = /([A-Za-z_$@:][\w$.\-:]*)\]?$/.exec(s);
  if (!ident) return { positional: true };
  let key = ident[1]!.replace(/^[$@:]+/, '').replace(/^(?:this|self)\./, '').replace(/:$/, '');
  if (KEYWORDS.has(key) || key === '') return { positional: true };
  if (/^\d+$/.test(key)) return { positional: true };
  key = key.replace(/\.$/, '');
  return { key, positional: false };
}

/** A qualifier from the header of the block that encloses the value: `database: {` -> `database`. */
export function qualifierFromHeader(header: string, language: string): string | undefined {
  const h = header.trim();
  if (language === 'terraform') {
    const labels = [...h.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const last = labels[labels.length - 1];
    if (last && !/^(?:main|this|default|primary|example)$/.test(last)) return last;
    const type = labels.length > 1 ? labels[0] : undefined;
    return type ? type.replace(/^[a-z]+_/, '') : undefined;
  }
  if (/(?:[:=]|=>)$/.test(h)) return keyBefore(h, language).key;
  const decl = /\b(?:class|object|struct|module)\s+([A-Za-z_]\w*)/.exec(h);
  return decl?.[1];
}
