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
const NONE: number[] = [];

export interface KeywordHit {
  /** index into the keyword list given to the constructor */
  readonly keyword: number;
  /** offset of the keyword's first character in the text */
  readonly start: number;
}

export class KeywordIndex {
  // Fields set in the constructor are `declare`d: an emitted field declaration first sets them to
  // undefined, and V8's then less specific field types made find()'s loop about 15% slower.
  /**
   * One entry per UTF-16 code unit (64 KB; only the ASCII part is ever hot): indexing it with
   * charCodeAt needs neither a range test nor a bounds check.
   */
  private readonly classOf = new Uint8Array(65536);
  private declare readonly classes: number;
  /** transitions; states are stored pre-multiplied by `classes`, so a step is one add and one read */
  private declare readonly table: Int32Array;
  /**
   * States where some keyword ends are numbered last: a state is accepting iff it is >= this
   * (pre-multiplied), so the inner loop tests a register instead of reading a table.
   */
  private declare readonly firstAccepting: number;
  /** per state: keyword indices that end there (including via suffix links), or null */
  private declare readonly outputs: (number[] | null)[];
  private declare readonly lengths: number[];
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

    // Built once per Scanner, in cold (unoptimised) code: the steps below work per state or per edge
    // on flat arrays, and leave the states x classes table to native copies.
    // Trie: child[state * next + cls] (0: none; the root is no one's child) and, per state, a linked
    // list of its edges for the breadth-first walk.
    let maxStates = 1;
    for (const keyword of keywords) maxStates += keyword.length;
    const child = new Int32Array(maxStates * next);
    const firstEdge = new Int32Array(maxStates).fill(-1);
    const edgeNext = new Int32Array(maxStates);
    const edgeClass = new Int32Array(maxStates);
    const own: (number[] | undefined)[] = [];
    let states = 1;
    keywords.forEach((keyword, index) => {
      if (keyword.length === 0) throw new Error('empty keyword');
      let state = 0;
      for (const ch of keyword.toLowerCase()) {
        const cls = this.classOf[ch.charCodeAt(0)]!;
        let to = child[state * next + cls]!;
        if (to === 0) {
          to = states++;
          child[state * next + cls] = to;
          edgeClass[to] = cls;
          edgeNext[to] = firstEdge[state]!;
          firstEdge[state] = to;
        }
        state = to;
      }
      const list = (own[state] ??= []);
      if (!list.includes(index)) list.push(index);
    });

    // Breadth-first: failure links (up the suffix chain) and outputs (a state's own keywords, then
    // its failure state's; a state with none of its own shares its failure state's list).
    const fail = new Int32Array(states);
    const out: number[][] = new Array<number[]>(states);
    out[0] = NONE;
    const queue = new Int32Array(states);
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      if (state !== 0) {
        const inherited = out[fail[state]!]!;
        const mine = own[state];
        if (mine === undefined) out[state] = inherited;
        else {
          for (const k of inherited) if (!mine.includes(k)) mine.push(k);
          out[state] = mine;
        }
      }
      for (let to = firstEdge[state]!; to !== -1; to = edgeNext[to]!) {
        if (state !== 0) {
          const cls = edgeClass[to]!;
          let f = fail[state]!;
          while (f !== 0 && child[f * next + cls] === 0) f = fail[f]!;
          fail[to] = child[f * next + cls]!;
        }
        queue[tail++] = to;
      }
    }

    // Number non-accepting states first (the root, never accepting, stays 0), then accepting ones.
    const renamed = new Int32Array(states);
    const order: number[] = [];
    for (let state = 0; state < states; state++) if (out[state]!.length === 0) order.push(state);
    const firstAccepting = order.length;
    for (let state = 0; state < states; state++) if (out[state]!.length > 0) order.push(state);
    for (let state = 0; state < states; state++) renamed[order[state]!] = state;

    // The full transition table, in breadth-first order so that a state's failure row is complete
    // before it is copied: a state's row is its failure state's row with its own edges on top.
    const table = new Int32Array(states * next);
    for (let head = 0; head < states; head++) {
      const state = queue[head]!;
      const row = renamed[state]! * next;
      if (state !== 0) {
        const from = renamed[fail[state]!]! * next;
        table.copyWithin(row, from, from + next);
      }
      for (let to = firstEdge[state]!; to !== -1; to = edgeNext[to]!) table[row + edgeClass[to]!] = renamed[to]! * next;
    }
    this.table = table;
    this.firstAccepting = firstAccepting * next;
    this.outputs = order.map((old) => (out[old]!.length > 0 ? out[old]! : null));
  }

  /** Every keyword occurrence, in text order of their ends. */
  find(text: string): KeywordHit[] {
    const count = this.mark(text);
    const { ends, outputs, lengths, classes } = this;
    const hits: KeywordHit[] = [];
    for (let j = 0; j < count; j += 2) {
      const end = ends[j]!;
      for (const k of outputs[ends[j + 1]! / classes]!) hits.push({ keyword: k, start: end + 1 - lengths[k]! });
    }
    // A text dense with keywords grew the scratch: do not keep a large one alive between scans.
    if (ends.length > MAX_KEPT_ENDS) this.ends = new Int32Array(INITIAL_ENDS);
    return hits;
  }

  /**
   * The hot loop, most of a scan's time: runs the automaton over the text and records in `ends` an
   * (offset, state) pair wherever an accepting state is reached; returns the number of entries.
   * Kept apart from building the hits (that code in the same function made the loop ~15% slower),
   * unrolled by four, with room for four records made once per step.
   */
  private mark(text: string): number {
    const { classOf, table, firstAccepting } = this;
    let ends = this.ends;
    let count = 0;
    let state = 0;
    let i = 0;
    const n = text.length;
    for (; i + 4 <= n; i += 4) {
      if (count + 8 > ends.length) ends = this.grow();
      state = table[state + classOf[text.charCodeAt(i)]!]!;
      if (state >= firstAccepting) {
        ends[count] = i;
        ends[count + 1] = state;
        count += 2;
      }
      state = table[state + classOf[text.charCodeAt(i + 1)]!]!;
      if (state >= firstAccepting) {
        ends[count] = i + 1;
        ends[count + 1] = state;
        count += 2;
      }
      state = table[state + classOf[text.charCodeAt(i + 2)]!]!;
      if (state >= firstAccepting) {
        ends[count] = i + 2;
        ends[count + 1] = state;
        count += 2;
      }
      state = table[state + classOf[text.charCodeAt(i + 3)]!]!;
      if (state >= firstAccepting) {
        ends[count] = i + 3;
        ends[count + 1] = state;
        count += 2;
      }
    }
    if (count + 8 > ends.length) ends = this.grow();
    for (; i < n; i++) {
      state = table[state + classOf[text.charCodeAt(i)]!]!;
      if (state >= firstAccepting) {
        ends[count] = i;
        ends[count + 1] = state;
        count += 2;
      }
    }
    return count;
  }

  private grow(): Int32Array {
    const grown = new Int32Array(this.ends.length * 2);
    grown.set(this.ends);
    this.ends = grown;
    return grown;
  }
}
