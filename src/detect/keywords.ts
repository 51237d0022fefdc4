/**
 * The prefilter: one pass over the text finds every occurrence of every rule keyword (ASCII,
 * case-insensitive), so a rule's pattern only ever runs near a place where it can match.
 *
 * An Aho-Corasick automaton compiled to a dense DFA over a reduced alphabet: characters that occur in
 * no keyword share one class, so the transition table stays small enough for the CPU cache and the
 * inner loop is two array reads per character.
 */

const INITIAL_ENDS = 1024;
const MAX_KEPT_ENDS = 1 << 20;

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
  /**
   * States where some keyword ends are numbered last: a state is accepting iff it is >= this
   * (pre-multiplied), so the inner loop tests a register instead of reading a table.
   */
  private readonly firstAccepting: number;
  /** per state: keyword indices that end there (including via suffix links), or null */
  private readonly outputs: (number[] | null)[];
  private readonly lengths: number[];
  /** scratch for find(): (end offset, state) pairs, reused across calls */
  private ends: Int32Array = new Int32Array(INITIAL_ENDS);

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
    // Renumber: non-accepting states first (the root, never accepting, stays 0), then accepting ones.
    const order: number[] = [];
    for (let state = 0; state < states; state++) if (out[state]!.size === 0) order.push(state);
    const firstAccepting = order.length;
    for (let state = 0; state < states; state++) if (out[state]!.size > 0) order.push(state);
    const renamed = new Int32Array(states);
    order.forEach((old, state) => (renamed[old] = state));
    this.table = new Int32Array(states * next);
    for (let state = 0; state < states; state++) {
      const from = order[state]! * next;
      for (let cls = 0; cls < next; cls++) this.table[state * next + cls] = renamed[table[from + cls]!]! * next;
    }
    this.firstAccepting = firstAccepting * next;
    this.outputs = order.map((old) => (out[old]!.size > 0 ? [...out[old]!] : null));
  }

  /** Every keyword occurrence, in text order of their ends. */
  find(text: string): KeywordHit[] {
    const { classOf, table, firstAccepting } = this;
    // The hot loop only records where an accepting state was reached; hits are built afterwards.
    // Keeping allocation and the output lists out of the loop made it about a quarter faster.
    let ends = this.ends;
    let count = 0;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const code = text.charCodeAt(i);
      state = table[state + (code < 128 ? classOf[code]! : 0)]!;
      if (state >= firstAccepting) {
        if (count === ends.length) ends = this.grow();
        ends[count] = i;
        ends[count + 1] = state;
        count += 2;
      }
    }
    const { outputs, lengths, classes } = this;
    const hits: KeywordHit[] = [];
    for (let j = 0; j < count; j += 2) {
      const end = ends[j]!;
      for (const k of outputs[ends[j + 1]! / classes]!) hits.push({ keyword: k, start: end + 1 - lengths[k]! });
    }
    // A text dense with keywords grew the scratch: do not keep a large one alive between scans.
    if (ends.length > MAX_KEPT_ENDS) this.ends = new Int32Array(INITIAL_ENDS);
    return hits;
  }

  private grow(): Int32Array {
    const grown = new Int32Array(this.ends.length * 2);
    grown.set(this.ends);
    this.ends = grown;
    return grown;
  }
}
