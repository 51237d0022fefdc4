/**
 * The prefilter: one pass over the text finds every occurrence of every rule keyword (ASCII,
 * case-insensitive), so a rule's pattern only ever runs near a place where it can match.
 *
 * An Aho-Corasick automaton compiled to a dense DFA over a reduced alphabet: characters that occur in
 * no keyword share one class, so the transition table stays small enough for the CPU cache and the
 * inner loop is two array reads per character.
 */

export interface KeywordHit {
  /** index into the keyword list given to the constructor */
  readonly keyword: number;
  /** offset of the keyword's first character in the text */
  readonly start: number;
}

export class KeywordIndex {
  private readonly classOf = new Uint8Array(128);
  private readonly classes: number;
  /** transitions; states are stored pre-multiplied by `classes`, so a step is one add and one read */
  private readonly table: Int32Array;
  /** per pre-multiplied state: 1 where some keyword ends there */
  private readonly accepting: Uint8Array;
  /** per state: keyword indices that end there (including via suffix links), or null */
  private readonly outputs: (number[] | null)[];
  private readonly lengths: number[];

  constructor(keywords: readonly string[]) {
    this.lengths = keywords.map((k) => k.length);
    let next = 1; // class 0: every character that is in no keyword
    for (const keyword of keywords) {
      for (const ch of keyword.toLowerCase()) {
        const code = ch.charCodeAt(0);
        if (code >= 128) throw new Error(`keyword ${JSON.stringify(keyword)} is not ASCII`);
        if (this.classOf[code] === 0) this.classOf[code] = next++;
      }
    }
    // Case-insensitive: an upper-case letter shares its lower-case letter's class.
    for (let c = 65; c <= 90; c++) this.classOf[c] = this.classOf[c + 32]!;
    this.classes = next;

    // Trie with goto edges.
    const goto: Map<number, number>[] = [new Map()];
    const out: Set<number>[] = [new Set()];
    keywords.forEach((keyword, index) => {
      if (keyword.length === 0) throw new Error('empty keyword');
      let state = 0;
      for (const ch of keyword.toLowerCase()) {
        const cls = this.classOf[ch.charCodeAt(0)]!;
        let to = goto[state]!.get(cls);
        if (to === undefined) {
          to = goto.length;
          goto.push(new Map());
          out.push(new Set());
          goto[state]!.set(cls, to);
        }
        state = to;
      }
      out[state]!.add(index);
    });

    // Breadth-first: failure links, folded straight into a full transition table.
    const states = goto.length;
    const table = new Int32Array(states * next);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let cls = 0; cls < next; cls++) {
      const to = goto[0]!.get(cls);
      if (to !== undefined) {
        table[cls] = to;
        queue.push(to);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const k of out[fail[state]!]!) out[state]!.add(k);
      for (let cls = 0; cls < next; cls++) {
        const to = goto[state]!.get(cls);
        if (to !== undefined) {
          fail[to] = table[fail[state]! * next + cls]!;
          table[state * next + cls] = to;
          queue.push(to);
        } else {
          table[state * next + cls] = table[fail[state]! * next + cls]!;
        }
      }
    }
    for (let i = 0; i < table.length; i++) table[i] = table[i]! * next;
    this.table = table;
    this.outputs = out.map((s) => (s.size > 0 ? [...s] : null));
    this.accepting = new Uint8Array(states * next);
    this.outputs.forEach((o, state) => {
      if (o) this.accepting[state * next] = 1;
    });
  }

  /** Every keyword occurrence, in text order of their ends. */
  find(text: string): KeywordHit[] {
    const hits: KeywordHit[] = [];
    const { classOf, table, classes, accepting, outputs, lengths } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const code = text.charCodeAt(i);
      state = table[state + (code < 128 ? classOf[code]! : 0)]!;
      if (accepting[state] !== 0) {
        for (const k of outputs[state / classes]!) hits.push({ keyword: k, start: i + 1 - lengths[k]! });
      }
    }
    return hits;
  }
}
