import { ShapeError } from '../errors.js';

/**
 * The noise distribution of negative sampling, P(w) ∝ count(w)^power, as a Walker/Vose alias
 * table: V buckets of [threshold, alias] (Int32 pairs). One uniform 32-bit draw u picks bucket
 * i = ⌊u·V / 2³²⌋ and uses the low 32 bits of u·V as a second uniform: the word is i when they are
 * below threshold[i] (an unsigned fraction of 2³²), else alias[i].
 *
 * The C tool uses a 10⁸-entry table instead (400 MB, and gensim a binary search over V cumulative
 * weights). The alias table draws from the same distribution exactly and fits in cache
 * (8 bytes per word), which roughly doubles training speed on this machine (bench/word2vec.ts).
 */
export function fillAliasTable(table: Int32Array, counts: Float64Array, power: number): Int32Array {
  const V = counts.length;
  if (table.length !== 2 * V) throw new ShapeError('fillAliasTable: alias table', [2 * V], [table.length], 'two Int32 entries per word (threshold, alias)');
  let total = 0;
  for (let w = 0; w < V; w++) total += Math.pow(counts[w], power);
  const q = new Float64Array(V);
  const small: number[] = [];
  const large: number[] = [];
  for (let w = 0; w < V; w++) {
    q[w] = (Math.pow(counts[w], power) / total) * V;
    (q[w] < 1 ? small : large).push(w);
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    table[2 * s] = Math.min(4294967295, Math.floor(q[s] * 4294967296)) | 0;
    table[2 * s + 1] = l;
    q[l] += q[s] - 1;
    (q[l] < 1 ? small : large).push(l);
  }
  // What is left has q = 1 up to rounding: the bucket is its own word.
  for (const w of [...small, ...large]) {
    table[2 * w] = -1;
    table[2 * w + 1] = w;
  }
  return table;
}

/** The word an alias table gives for the 32-bit draw `u` (the kernels inline this). */
export function drawNoise(table: Int32Array, u: number): number {
  const V = table.length >> 1;
  const i = Math.floor(((u >>> 0) * V) / 4294967296);
  return (Math.imul(u, V) >>> 0) < (table[2 * i] >>> 0) ? i : table[2 * i + 1];
}
