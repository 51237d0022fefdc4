/**
 * The engine: keyword prefilter -> bounded windows -> rule patterns -> validators and filters ->
 * findings. It knows nothing of files, diffs or GitHub: it scans a piece of text whose first line has
 * a known line number.
 */
import { RULES } from './rules/index.js';
import type { Rule } from './rule.js';
import { KeywordIndex } from './keywords.js';
import {
  attachEvidence,
  detached,
  DEFAULT_FINGERPRINT_KEY,
  fingerprint,
  redact,
  type Finding,
  type Suppression,
} from './finding.js';
import { isPlaceholder, isWellKnownNonSecret } from './placeholders.js';
import { inlineAllowMarker } from './inline-allow.js';
import { shannonEntropy } from './validators.js';
import { severityOf } from './severity.js';

/** A piece of text to scan: a whole file, or a block of consecutive added lines of a diff. */
export interface Source {
  /** repository-relative path, forward slashes */
  readonly path: string;
  readonly text: string;
  /** line number of the text's first line (default 1) */
  readonly firstLine?: number;
  /** the line right above the text when known (for "allow" comments on the line before) */
  readonly precedingLine?: string;
}

export interface ScannerOptions {
  /** the rules to run (default: the whole catalog) */
  readonly rules?: readonly Rule[];
  /** rule ids whose findings are reported as suppressed (by: 'rule') */
  readonly disabledRules?: readonly string[];
  readonly fingerprintKey?: string;
}

/** How far around a keyword a single-line rule looks: bounds regex work on minified or huge lines. */
const WINDOW_BEFORE = 256;
const WINDOW_AFTER = 4096;
/** Hits merged into one window stop growing it past this size (then a new window starts). */
const MAX_WINDOW = 64 * 1024;
/** How far past its keyword's line a multi-line rule (a PEM block) looks. */
const MULTILINE_WINDOW = 32 * 1024;
/** A multi-line hit this far before its window's end starts a window of its own. */
const MULTILINE_TAIL = 16 * 1024;

/** A subject long enough (V8 tiers up at 1000 characters) that a regex's first run compiles it natively. */
const WARM_UP = ' '.repeat(1024);

interface Window {
  start: number;
  end: number;
  /** end of the line the window lies on (single-line rules), -1 for multi-line windows */
  lineEnd: number;
}

interface CompiledRule {
  readonly rule: Rule;
  readonly pattern: RegExp;
  readonly generic: boolean;
  /** position in the catalog: breaks ties between overlapping findings */
  readonly order: number;
  /** the pattern has run once (see WARM_UP) */
  warm: boolean;
}

interface Candidate {
  readonly compiled: CompiledRule;
  readonly start: number;
  readonly end: number;
  readonly secret: string;
}

export class Scanner {
  readonly rules: readonly Rule[];
  private readonly compiled: CompiledRule[];
  private readonly index: KeywordIndex;
  /** keyword index -> rules that carry it */
  private readonly rulesOfKeyword: number[][];
  private readonly disabled: ReadonlySet<string>;
  private readonly key: string;

  constructor(options: ScannerOptions = {}) {
    this.rules = options.rules ?? RULES;
    this.disabled = new Set(options.disabledRules ?? []);
    this.key = options.fingerprintKey ?? DEFAULT_FINGERPRINT_KEY;
    this.compiled = this.rules.map((rule, order) => ({
      rule,
      order,
      pattern: new RegExp(rule.pattern.source, withFlags(rule.pattern.flags, 'dg')),
      generic: rule.minEntropy !== undefined,
      warm: false,
    }));
    const keywords: string[] = [];
    const keywordIds = new Map<string, number>();
    this.rulesOfKeyword = [];
    this.compiled.forEach((c, ruleIndex) => {
      for (const raw of c.rule.keywords) {
        const keyword = raw.toLowerCase();
        let id = keywordIds.get(keyword);
        if (id === undefined) {
          id = keywords.length;
          keywordIds.set(keyword, id);
          keywords.push(keyword);
          this.rulesOfKeyword.push([]);
        }
        const list = this.rulesOfKeyword[id]!;
        if (list[list.length - 1] !== ruleIndex) list.push(ruleIndex);
      }
    });
    this.index = new KeywordIndex(keywords);
  }

  scan(source: Source): Finding[] {
    const { text } = source;
    const hits = this.index.find(text);
    if (hits.length === 0) return [];

    // Windows around keyword hits, per rule. Hits of one rule close together on a line share one
    // window, so regex work stays linear in the text even on a minified line full of keywords.
    const open = new Map<number, Window>();
    const candidates: Candidate[] = [];
    const flush = (ruleIndex: number, w: Window) =>
      this.matchWindow(this.compiled[ruleIndex]!, text, w.start, w.end, candidates);
    for (const hit of hits) {
      for (const ruleIndex of this.rulesOfKeyword[hit.keyword]!) {
        const { rule } = this.compiled[ruleIndex]!;
        if (rule.paths && !rule.paths.test(source.path)) continue;
        const current = open.get(ruleIndex);
        if (rule.multiline) {
          // A PEM block is far shorter than the window: a hit well inside the open window is covered.
          if (current && hit.start + MULTILINE_TAIL < current.end) continue;
          if (current) flush(ruleIndex, current);
          // From the line's start (indented blocks), but never far before the hit on a minified line.
          const start = Math.max(text.lastIndexOf('\n', hit.start - 1) + 1, hit.start - WINDOW_BEFORE);
          open.set(ruleIndex, { start, end: Math.min(text.length, start + MULTILINE_WINDOW), lineEnd: -1 });
          continue;
        }
        if (current && hit.start < current.lineEnd && hit.start - WINDOW_BEFORE <= current.end && current.end - current.start < MAX_WINDOW) {
          current.end = Math.min(current.lineEnd, hit.start + WINDOW_AFTER);
          continue;
        }
        if (current) flush(ruleIndex, current);
        const lineStart = text.lastIndexOf('\n', hit.start - 1) + 1;
        let lineEnd = text.indexOf('\n', hit.start);
        if (lineEnd === -1) lineEnd = text.length;
        open.set(ruleIndex, {
          start: Math.max(lineStart, hit.start - WINDOW_BEFORE),
          end: Math.min(lineEnd, hit.start + WINDOW_AFTER),
          lineEnd,
        });
      }
    }
    for (const [ruleIndex, w] of open) flush(ruleIndex, w);
    // Most texts with a keyword hold no credential: only those that do pay for a line map.
    return candidates.length === 0 ? [] : this.toFindings(source, resolveOverlaps(candidates));
  }

  private matchWindow(compiled: CompiledRule, text: string, from: number, to: number, out: Candidate[]): void {
    const { rule, pattern } = compiled;
    if (!compiled.warm) {
      // V8 runs a new regex as bytecode first, and compiles it to machine code on a later run unless
      // the subject is long; for our large generic patterns the bytecode step is the costly one (it
      // was a third of a 50 MB scan). One run on a long throwaway subject goes straight to machine code.
      compiled.warm = true;
      pattern.lastIndex = 0;
      pattern.exec(WARM_UP);
    }
    const window = text.slice(from, to);
    pattern.lastIndex = 0;
    for (let m = pattern.exec(window); m !== null; m = pattern.exec(window)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const span = m.indices?.groups?.['secret'] ?? m.indices?.[0];
      if (!span) continue;
      const secret = window.slice(span[0], span[1]);
      if (secret.length === 0) continue;
      if (rule.validate && !rule.validate(secret)) continue;
      if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
      if (!rule.skipPlaceholderFilter && isPlaceholder(secret)) continue;
      if (compiled.generic && isWellKnownNonSecret(secret)) continue;
      out.push({ compiled, start: from + span[0], end: from + span[1], secret });
    }
  }

  private toFindings(source: Source, candidates: Candidate[]): Finding[] {
    const places = locate(source.text, candidates);
    const firstLine = source.firstLine ?? 1;
    return candidates.map(({ compiled: { rule }, start, end, secret }, i) => {
      const a = places[2 * i]!;
      const b = places[2 * i + 1]!;
      const lineText = a.lineText();
      const previous = a.line > 0 ? a.previousLineText() : source.precedingLine;
      const marker = inlineAllowMarker(lineText, previous);
      let suppression: Suppression | undefined;
      if (marker) suppression = { by: 'inline', detail: detached(marker) };
      else if (this.disabled.has(rule.id)) suppression = { by: 'rule', detail: rule.id };
      const finding: Finding = {
        ruleId: rule.id,
        title: rule.title,
        kind: rule.kind,
        severity: severityOf(rule),
        path: source.path,
        startLine: firstLine + a.line,
        endLine: firstLine + b.line,
        startColumn: a.column + 1,
        endColumn: b.column + 1,
        redacted: redact(secret),
        fingerprint: fingerprint(this.key, rule.id, source.path, secret),
        ...(suppression ? { suppression } : {}),
      };
      return attachEvidence(finding, { secret, line: lineText });
    });
  }
}

/**
 * Where a generic rule (name + entropy) and a format rule found the same text, the format rule's
 * finding is the one to keep. Between two generic rules, or two format rules on the very same span,
 * the first in catalog order wins (families are ordered from specific to generic).
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((x, y) => x.start - y.start || y.end - x.end);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    // Spans are bounded (MULTILINE_WINDOW), so only recent keepers can overlap: look back that far only.
    let clash = -1;
    for (let i = kept.length - 1; i >= 0 && kept[i]!.start + MULTILINE_WINDOW > c.start; i--) {
      const k = kept[i]!;
      if (c.start < k.end && k.start < c.end) {
        clash = i;
        break;
      }
    }
    if (clash === -1) {
      kept.push(c);
      continue;
    }
    const other = kept[clash]!;
    const sameSpan = c.start === other.start && c.end === other.end;
    if (other.compiled.generic !== c.compiled.generic) {
      if (other.compiled.generic) kept[clash] = c;
    } else if (c.compiled.generic || sameSpan) {
      if (c.compiled.order < other.compiled.order) kept[clash] = c;
    } else {
      kept.push(c);
    }
  }
  return kept.sort((x, y) => x.start - y.start);
}

function withFlags(flags: string, extra: string): string {
  let out = flags.replace(/[gy]/g, '');
  for (const f of extra) if (!out.includes(f)) out += f;
  return out;
}

/** Where an offset lies: 0-based line and column, and the bounds of its line and the one before. */
class Place {
  constructor(
    private readonly text: string,
    readonly line: number,
    readonly column: number,
    private readonly lineStart: number,
    /** offset of the line's '\n', or the text's length */
    private readonly lineEnd: number,
    private readonly previousStart: number,
  ) {}

  lineText(): string {
    return this.text.slice(this.lineStart, this.lineEnd).replace(/\r$/, '');
  }

  /** only when line > 0 */
  previousLineText(): string {
    return this.text.slice(this.previousStart, this.lineStart - 1).replace(/\r$/, '');
  }
}

/**
 * The places of each candidate's start and end (at 2i and 2i + 1). One forward sweep over the
 * newlines, up to the last offset asked for, storing nothing per line: a text with a finding usually
 * has one or two, and a table of every line start cost more than the rest of the findings' work.
 */
function locate(text: string, candidates: readonly Candidate[]): Place[] {
  const offsets: number[] = [];
  for (const c of candidates) offsets.push(c.start, c.end);
  const order = offsets.map((_, i) => i).sort((x, y) => offsets[x]! - offsets[y]!);
  const places = new Array<Place>(offsets.length);
  let line = 0;
  let lineStart = 0;
  let previousStart = 0;
  let newline = text.indexOf('\n');
  for (const i of order) {
    const offset = offsets[i]!;
    // Line = number of newlines before the offset; each newline is passed once in all.
    while (newline !== -1 && newline < offset) {
      line++;
      previousStart = lineStart;
      lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
    }
    places[i] = new Place(text, line, offset - lineStart, lineStart, newline === -1 ? text.length : newline, previousStart);
  }
  return places;
}
