/**
 * The vocabulary: words counted straight from bytes (no JavaScript string per token), then
 * sorted by descending count with rare words dropped, plus the Huffman tree that hierarchical
 * softmax walks.
 */

/**
 * Open-addressing hash table from byte strings to provisional ids (in order of first
 * appearance). Word bytes live in one growing arena; only distinct words are stored.
 */
export class ByteVocab {
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  private starts = new Int32Array(1024);
  private lens = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  /** Occurrences of each provisional id. */
  counts = new Float64Array(1024);
  /** Number of distinct words so far. */
  size = 0;
  private table = new Int32Array(2048).fill(-1);
  private mask = 2047;

  /** FNV-1a over `bytes[0..len)`; callers that hash incrementally must produce the same value. */
  static hash(bytes: Uint8Array, len: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ bytes[i], 16777619);
    return h;
  }

  /** Id of the word `bytes[0..len)` (hash `h` from {@link ByteVocab.hash}), adding it if new; counts one occurrence. */
  add(bytes: Uint8Array, len: number, h: number): number {
    const table = this.table;
    const arena = this.arena;
    let slot = h & this.mask;
    for (;;) {
      const id = table[slot];
      if (id < 0) break;
      if (this.hashes[id] === h && this.lens[id] === len) {
        const s = this.starts[id];
        let same = true;
        for (let i = 0; i < len; i++) {
          if (arena[s + i] !== bytes[i]) { same = false; break; }
        }
        if (same) { this.counts[id]++; return id; }
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.insert(bytes, len, h);
    table[slot] = id;
    if (this.size * 2 > this.mask) this.rehash();
    return id;
  }

  /** The bytes of provisional id `id` (a view into the arena). */
  bytesOf(id: number): Uint8Array {
    return this.arena.subarray(this.starts[id], this.starts[id] + this.lens[id]);
  }

  private insert(bytes: Uint8Array, len: number, h: number): number {
    const id = this.size++;
    if (id === this.starts.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.lens = grow(this.lens);
      this.hashes = grow(this.hashes);
      this.counts = grow(this.counts);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const b = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      b.set(this.arena);
      this.arena = b;
    }
    this.arena.set(bytes.subarray(0, len), this.arenaUsed);
    this.starts[id] = this.arenaUsed;
    this.lens[id] = len;
    this.hashes[id] = h;
    this.counts[id] = 1;
    this.arenaUsed += len;
    return id;
  }

  private rehash(): void {
    const cap = (this.mask + 1) * 2;
    const table = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id] & mask;
      while (table[slot] >= 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** The final vocabulary: words sorted by descending count (ties in order of first appearance). */
export interface Vocabulary {
  /** Words, most frequent first. Index = word id in the weight matrices. */
  words: string[];
  /** counts[i] = occurrences of words[i] in the corpus. */
  counts: Float64Array;
  /** Sum of counts: the in-vocabulary words of one pass (the C tool's train_words). */
  totalWords: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Bytes to a word: UTF-8 when valid, else Latin-1 (so no two distinct byte strings share a replacement character). */
export function decodeWord(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/**
 * Sorts, prunes and decodes a {@link ByteVocab}. Returns the vocabulary and `remap`, which maps
 * each provisional id to its final id, or -1 for a word below `minCount`.
 */
export function finalizeVocab(bv: ByteVocab, minCount: number): { vocab: Vocabulary; remap: Int32Array } {
  const n = bv.size;
  const counts = bv.counts.slice(0, n);
  // Two byte strings can decode to one string only through the Latin-1 fallback; merge them.
  const alias = new Int32Array(n).fill(-1);
  const seen = new Map<string, number>();
  const strings: string[] = new Array(n);
  for (let id = 0; id < n; id++) {
    const w = decodeWord(bv.bytesOf(id));
    const first = seen.get(w);
    if (first === undefined) {
      seen.set(w, id);
      strings[id] = w;
    } else {
      alias[id] = first;
      counts[first] += counts[id];
    }
  }
  const order: number[] = [];
  for (let id = 0; id < n; id++) if (alias[id] < 0 && counts[id] >= minCount) order.push(id);
  order.sort((a, b) => counts[b] - counts[a] || a - b);
  const remap = new Int32Array(n).fill(-1);
  const words: string[] = new Array(order.length);
  const finalCounts = new Float64Array(order.length);
  let total = 0;
  for (let i = 0; i < order.length; i++) {
    remap[order[i]] = i;
    words[i] = strings[order[i]];
    finalCounts[i] = counts[order[i]];
    total += finalCounts[i];
  }
  for (let id = 0; id < n; id++) if (alias[id] >= 0) remap[id] = remap[alias[id]];
  return { vocab: { words, counts: finalCounts, totalWords: total }, remap };
}

/**
 * Huffman codes for hierarchical softmax, flat: word w's path is entries
 * `start[w] .. start[w+1]-1` of `codes` (0/1 branch, root first) and `points` (index of the
 * inner node, row of syn1, root = V-2). Built like the C tool's CreateBinaryTree on counts
 * sorted in descending order.
 */
export interface HuffmanTree {
  start: Int32Array;
  codes: Uint8Array;
  points: Int32Array;
}

/**
 * The Huffman tree of hierarchical softmax for word counts sorted in descending order (the
 * C tool's CreateBinaryTree): frequent words get short codes. See {@link HuffmanTree}.
 *
 * @example
 * const tree = buildHuffman(Float64Array.from([5, 3, 2])); // codes of word 0: tree.codes.slice(tree.start[0], tree.start[1])
 */
export function buildHuffman(counts: Float64Array): HuffmanTree {
  const V = counts.length;
  const start = new Int32Array(V + 1);
  if (V < 2) return { start, codes: new Uint8Array(0), points: new Int32Array(0) };
  // Nodes 0..V-1 are leaves (descending counts), V..2V-2 inner nodes in creation order.
  const count = new Float64Array(2 * V - 1);
  count.set(counts);
  for (let i = V; i < 2 * V - 1; i++) count[i] = Infinity;
  const binary = new Uint8Array(2 * V - 1);
  const parent = new Int32Array(2 * V - 1);
  let pos1 = V - 1; // next unused leaf, walking towards the rarest-first end
  let pos2 = V; // next unused inner node
  const pickMin = (): number => {
    if (pos1 >= 0 && count[pos1] < count[pos2]) return pos1--;
    return pos2++;
  };
  for (let a = 0; a < V - 1; a++) {
    const m1 = pickMin();
    const m2 = pickMin();
    count[V + a] = count[m1] + count[m2];
    parent[m1] = V + a;
    parent[m2] = V + a;
    binary[m2] = 1;
  }
  const root = 2 * V - 2;
  const lens = new Int32Array(V);
  for (let w = 0; w < V; w++) {
    let len = 0;
    for (let b = w; b !== root; b = parent[b]) len++;
    lens[w] = len;
    start[w + 1] = start[w] + len;
  }
  const codes = new Uint8Array(start[V]);
  const points = new Int32Array(start[V]);
  for (let w = 0; w < V; w++) {
    // Walk leaf → root, filling the path from its end; the node above each step is its point.
    let d = start[w + 1] - 1;
    for (let b = w; b !== root; b = parent[b], d--) {
      codes[d] = binary[b];
      points[d] = parent[b] - V;
    }
  }
  return { start, codes, points };
}
