/**
 * Word vectors looked up by word: nearest neighbours by cosine similarity and analogies.
 * Shapes: V words, D dimensions; `vectors` is [V, D] row-major.
 */
import { ShapeError, ValueError } from '../errors.js';
import {
  evaluateAnalogies,
  evaluateWordPairs,
  type AnalogyEvaluation,
  type AnalogySection,
  type EvalOptions,
  type PairEvaluation,
  type WordPair,
} from './evaluate.js';

/** A word found by a similarity query, with its cosine similarity to the query. */
export interface Neighbour {
  word: string;
  similarity: number;
}

/** Options of {@link KeyedVectors.mostSimilar} and {@link KeyedVectors.analogy}. */
export interface SimilarOptions {
  /** Words never returned (besides the query words themselves). */
  exclude?: Iterable<string>;
  /** Search only the first `restrictVocab` words (the most frequent, for trained vectors). */
  restrictVocab?: number;
}

/**
 * How an analogy a : b :: c : ? is answered: '3CosAdd' maximises cos(d, b) − cos(d, a) + cos(d, c)
 * (Mikolov et al.); '3CosMul' maximises cos(d, b)·cos(d, c) / (cos(d, a) + ε) with cosines mapped
 * to [0, 1] (Levy and Goldberg).
 */
export type AnalogyMethod = '3CosAdd' | '3CosMul';

/**
 * Word vectors by word, as gensim's KeyedVectors: V words, each with a D-dimensional float32
 * vector ([V, D] row-major), and the queries on them: similarity, nearest words, analogies,
 * and the word-pair and analogy evaluations.
 *
 * @example
 * const kv = new KeyedVectors(['king', 'queen', 'man'], Float32Array.from([1, 2, 1, 3, 0, 1]), 2);
 * kv.similarity('king', 'queen'); // cosine
 * kv.mostSimilar('king', 1);      // [{ word: 'queen', similarity: … }]
 */
export class KeyedVectors {
  /** Row index of each word (the first row, if a file repeats a word). */
  private readonly index = new Map<string, number>();
  private unit: Float32Array | undefined;

  /**
   * @param words   V words; words[i] labels row i.
   * @param vectors [V, D] row-major.
   * @param dim     D.
   */
  constructor(
    readonly words: readonly string[],
    readonly vectors: Float32Array,
    readonly dim: number,
  ) {
    if (!Number.isInteger(dim) || dim < 1) throw new ValueError(`KeyedVectors: expected dim >= 1, got ${dim}`);
    if (vectors.length !== words.length * dim) {
      throw new ShapeError('KeyedVectors vectors', [words.length, dim], `length ${vectors.length}`);
    }
    for (let i = 0; i < words.length; i++) if (!this.index.has(words[i])) this.index.set(words[i], i);
  }

  /** Number of words V. */
  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** Row of `word`, or -1. */
  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /** The vector of `word` (a view into `vectors`); throws ValueError for an unknown word. */
  get(word: string): Float32Array {
    const i = this.row(word);
    return this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Cosine similarity of two words. */
  similarity(a: string, b: string): number {
    const u = this.unitVectors();
    const D = this.dim;
    const ia = this.row(a) * D;
    const ib = this.row(b) * D;
    let s = 0;
    for (let k = 0; k < D; k++) s += u[ia + k] * u[ib + k];
    return s;
  }

  /**
   * The `topN` words with the highest cosine similarity to a word or a vector. A query word is
   * not returned.
   *
   * @example
   * wv.mostSimilar('paris', 5, { exclude: ['france'] });
   */
  mostSimilar(query: string | Float32Array | readonly number[], topN = 10, opts: SimilarOptions = {}): Neighbour[] {
    const D = this.dim;
    checkCount('mostSimilar', 'topN', topN);
    const skip = new Set(opts.exclude ?? []);
    let q: Float64Array;
    if (typeof query === 'string') {
      q = this.unitRow(this.row(query));
      skip.add(query);
    } else {
      if (query.length !== D) throw new ShapeError('mostSimilar query', [D], [query.length]);
      q = Float64Array.from(query);
      const bad = q.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new ValueError(`mostSimilar: the query vector holds ${q[bad]} at index ${bad}; expected finite numbers`);
    }
    normalize(q);
    const u = this.unitVectors();
    const n = this.searchSize('mostSimilar', opts);
    return topK(n, topN, skip, this.words, (i) => {
      let s = 0;
      for (let k = 0, o = i * D; k < D; k++) s += u[o + k] * q[k];
      return s;
    });
  }

  /**
   * "a is to b as c is to ?": the words x maximising
   *  3CosAdd: cos(x, b̂ − â + ĉ)  (Mikolov et al. 2013; gensim most_similar(positive=[b, c], negative=[a]))
   *  3CosMul: cos'(x,b)·cos'(x,c) / (cos'(x,a) + 1e-6), cos' = (1 + cos)/2  (Levy & Goldberg 2014;
   *           gensim most_similar_cosmul)
   * a, b and c themselves are never returned.
   *
   * @example
   * wv.analogy('man', 'king', 'woman')[0].word; // 'queen' on good vectors
   */
  analogy(a: string, b: string, c: string, opts: SimilarOptions & { method?: AnalogyMethod; topN?: number } = {}): Neighbour[] {
    const D = this.dim;
    const u = this.unitVectors();
    const [ua, ub, uc] = [a, b, c].map((w) => this.unitRow(this.row(w)));
    const skip = new Set(opts.exclude ?? []);
    skip.add(a).add(b).add(c);
    const n = this.searchSize('analogy', opts);
    const topN = opts.topN ?? 10;
    checkCount('analogy', 'topN', topN);
    if ((opts.method ?? '3CosAdd') === '3CosAdd') {
      const q = new Float64Array(D);
      for (let k = 0; k < D; k++) q[k] = ub[k] - ua[k] + uc[k];
      normalize(q);
      return topK(n, topN, skip, this.words, (i) => {
        let s = 0;
        for (let k = 0, o = i * D; k < D; k++) s += u[o + k] * q[k];
        return s;
      });
    }
    return topK(n, topN, skip, this.words, (i) => {
      let sa = 0, sb = 0, sc = 0;
      for (let k = 0, o = i * D; k < D; k++) {
        const x = u[o + k];
        sa += x * ua[k];
        sb += x * ub[k];
        sc += x * uc[k];
      }
      return (((1 + sb) / 2) * ((1 + sc) / 2)) / ((1 + sa) / 2 + 1e-6);
    });
  }

  /** Spearman ρ of cosine similarity against human scores, over the covered pairs (see evaluate.ts). */
  evaluateWordPairs(pairs: readonly WordPair[], opts?: EvalOptions): PairEvaluation {
    return evaluateWordPairs(this, pairs, opts);
  }

  /** Analogy accuracy over the covered questions (see evaluate.ts). */
  evaluateAnalogies(sections: readonly AnalogySection[], opts?: EvalOptions & { method?: AnalogyMethod }): AnalogyEvaluation {
    return evaluateAnalogies(this, sections, opts);
  }

  /** Rows scaled to unit length ([V, D], computed once; zero rows stay zero). */
  unitVectors(): Float32Array {
    if (!this.unit) {
      const D = this.dim;
      const u = new Float32Array(this.vectors.length);
      for (let o = 0; o < u.length; o += D) {
        let s = 0;
        for (let k = 0; k < D; k++) s += this.vectors[o + k] * this.vectors[o + k];
        const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
        for (let k = 0; k < D; k++) u[o + k] = this.vectors[o + k] * inv;
      }
      this.unit = u;
    }
    return this.unit;
  }

  private row(word: string): number {
    const i = this.index.get(word);
    if (i === undefined) throw new ValueError(`word '${String(word).slice(0, 100)}' is not in the vocabulary (${this.size} words)`);
    return i;
  }

  /** Rows searched: the first `restrictVocab`, or all. */
  private searchSize(where: string, opts: SimilarOptions): number {
    if (opts.restrictVocab === undefined) return this.size;
    checkCount(where, 'restrictVocab', opts.restrictVocab);
    return Math.min(this.size, opts.restrictVocab);
  }

  private unitRow(i: number): Float64Array {
    return Float64Array.from(this.unitVectors().subarray(i * this.dim, (i + 1) * this.dim));
  }
}

/** `value` must be a count of words: an integer ≥ 0 (or Infinity, for "all"). */
function checkCount(where: string, name: string, value: number): void {
  if (!((Number.isInteger(value) || value === Infinity) && value >= 0)) throw new ValueError(`${where}: ${name} must be an integer >= 0, got ${value}`);
}

function normalize(q: Float64Array): void {
  let s = 0;
  for (let k = 0; k < q.length; k++) s += q[k] * q[k];
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < q.length; k++) q[k] *= inv;
  }
}

/** The `k` best of rows 0..n-1 by `score`, skipping words in `skip`, best first (ties: lower row first). */
function topK(n: number, k: number, skip: Set<string>, words: readonly string[], score: (i: number) => number): Neighbour[] {
  // A small sorted buffer: k is typically ≤ 100, V up to millions.
  const best: { i: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    const s = score(i);
    if (best.length === k && !(s > best[k - 1].s)) continue;
    if (skip.has(words[i])) continue;
    let j = best.length < k ? best.length : k - 1;
    while (j > 0 && best[j - 1].s < s) j--;
    best.splice(j, 0, { i, s });
    if (best.length > k) best.pop();
  }
  return best.map(({ i, s }) => ({ word: words[i], similarity: s }));
}
