/**
 * The training kernel: one thread's passes over its slice of the corpus, updating the shared
 * weights without locks (Hogwild, as the C tool does). Shapes: V words, D = size.
 *
 *   syn0    [V, D]  input vectors (the word vectors that are saved)
 *   syn1    [V-1, D] hierarchical-softmax inner nodes (empty unless hs)
 *   syn1neg [V, D]  output vectors for negative sampling (empty unless negative > 0)
 *
 * For an input vector h (a context word's vector in skip-gram, the mean of the context in CBOW)
 * and an output row u with label y (1 for the true word, 0 for a noise word or the Huffman code
 * bit complement), f = σ(h·u), g = (y − f)·α, then u += g·h and h's gradient accumulates g·u.
 * σ comes from a 1000-entry table over [−6, 6] like the C tool (bench/word2vec.ts measures it
 * against Math.exp).
 *
 * Random numbers: xorshift32 (Marsaglia), one 32-bit state per thread seeded from the seed and
 * the thread index. The C tool's 64-bit LCG (next_random * 25214903917 + 11) would need BigInt
 * or split arithmetic in JavaScript; xorshift32 is as fast as a multiply and good enough for
 * window sizes, subsampling and table lookups.
 */

export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;

/** σ(x) for x in [−MAX_EXP, MAX_EXP) on EXP_TABLE_SIZE points, as in word2vec.c. */
export const EXP_TABLE: Float32Array = (() => {
  const t = new Float32Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    t[i] = e / (e + 1);
  }
  return t;
})();

/** Everything a training thread needs; every array is a view of a SharedArrayBuffer. */
export interface SharedModel {
  cbow: boolean;
  size: number;
  window: number;
  negative: number;
  hs: boolean;
  maxSentenceLength: number;
  epochs: number;
  alpha: number;
  minAlpha: number;
  /** epochs × in-vocabulary words per pass: the denominator of the learning-rate decay. */
  totalWords: number;
  syn0: Float32Array;
  syn1: Float32Array;
  syn1neg: Float32Array;
  /** Word ids, -1 = end of sentence. */
  ids: Int32Array;
  /** keep[w] = probability of keeping word w under subsampling × 2^32 (≥ 2^32 keeps always). */
  keep: Float64Array;
  /** Alias table of the unigram^nsExponent noise distribution, [threshold, alias] × V (noise.ts). */
  table: Int32Array;
  hStart: Int32Array;
  hCodes: Uint8Array;
  hPoints: Int32Array;
  /** progress[t] = words thread t has processed (all epochs); read by every thread for α. */
  progress: Float64Array;
  /** effective[t] = words thread t trained on after subsampling. */
  effective: Float64Array;
  /** The memory every array above is a view of (see wasm-kernel.ts). */
  memory: WebAssembly.Memory;
  /** Parameters and array offsets for the WebAssembly kernel. */
  config: Uint8Array;
  /** EXP_TABLE copied into the memory for the WebAssembly kernel. */
  expTable: Float32Array;
  /** Per-thread work space of the WebAssembly kernel. */
  scratch: Uint8Array;
}

/** A nonzero xorshift32 state from a seed and a stream index (a splitmix-style hash). */
export function seedState(seed: number, stream: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b9) + Math.imul(stream + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  z ^= z >>> 16;
  return z === 0 ? 0x6d2b79f5 : z;
}

const TICK_WORDS = 10000;

/**
 * Trains on ids[begin..end) for m.epochs passes, as thread `thread`. `onTick` (if given) runs
 * about every 10 000 words, after the learning rate is updated.
 */
export function trainRange(m: SharedModel, thread: number, begin: number, end: number, seed: number, onTick?: () => void): void {
  const { ids, keep, progress, effective, maxSentenceLength } = m;
  const sen = new Int32Array(maxSentenceLength);
  const work = new Float32Array(m.size * 2); // [neu1 | neu1e]
  let rng = seedState(seed, thread);
  let alpha = m.alpha;
  let wordCount = 0;
  let lastWordCount = 0;
  let kept = 0;
  const done0 = progress[thread];
  for (let epoch = 0; epoch < m.epochs; epoch++) {
    let pos = begin;
    while (pos < end) {
      // Gather one sentence of kept words.
      let len = 0;
      while (pos < end) {
        const w = ids[pos++];
        if (w < 0) break;
        wordCount++;
        rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
        if ((rng >>> 0) >= keep[w]) continue;
        sen[len++] = w;
        if (len >= maxSentenceLength) break;
      }
      if (wordCount - lastWordCount > TICK_WORDS) {
        progress[thread] = done0 + wordCount;
        effective[thread] += kept;
        kept = 0;
        lastWordCount = wordCount;
        let all = 0;
        for (let t = 0; t < progress.length; t++) all += progress[t];
        alpha = Math.max(m.minAlpha, m.alpha * (1 - all / (m.totalWords + 1)));
        onTick?.();
      }
      kept += len;
      if (len < 2) continue;
      rng = m.cbow ? cbowSentence(m, sen, len, alpha, rng, work) : skipgramSentence(m, sen, len, alpha, rng, work);
    }
  }
  progress[thread] = done0 + wordCount;
  effective[thread] += kept;
  onTick?.();
}

/** CBOW over one sentence: h = mean of the context vectors; every context word gets the whole gradient (as word2vec.c). */
function cbowSentence(m: SharedModel, sen: Int32Array, len: number, alpha: number, rng: number, work: Float32Array): number {
  const { size, window, negative, hs, syn0, syn1, syn1neg, table, hStart, hCodes, hPoints } = m;
  const V = table.length >> 1;
  const expTable = EXP_TABLE;
  const scale = EXP_TABLE_SIZE / MAX_EXP / 2;
  for (let sp = 0; sp < len; sp++) {
    const word = sen[sp];
    rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
    const b = (rng >>> 0) % window;
    const lo = Math.max(0, sp - window + b);
    const hi = Math.min(len - 1, sp + window - b);
    // neu1 = work[0, D), neu1e = work[D, 2D)
    for (let c = 0; c < 2 * size; c++) work[c] = 0;
    let cw = 0;
    for (let c = lo; c <= hi; c++) {
      if (c === sp) continue;
      const l1 = sen[c] * size;
      for (let k = 0; k < size; k++) work[k] += syn0[l1 + k];
      cw++;
    }
    if (cw === 0) continue;
    const inv = 1 / cw;
    for (let k = 0; k < size; k++) work[k] *= inv;
    if (hs) {
      for (let d = hStart[word]; d < hStart[word + 1]; d++) {
        const l2 = hPoints[d] * size;
        let f = 0;
        for (let k = 0; k < size; k++) f += work[k] * syn1[l2 + k];
        if (f <= -MAX_EXP || f >= MAX_EXP) continue;
        f = expTable[((f + MAX_EXP) * scale) | 0];
        const g = (1 - hCodes[d] - f) * alpha;
        for (let k = 0; k < size; k++) {
          work[size + k] += g * syn1[l2 + k];
          syn1[l2 + k] += g * work[k];
        }
      }
    }
    for (let d = 0; d <= negative && negative > 0; d++) {
      let target = word;
      let label = 1;
      if (d > 0) {
        rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
        const i = Math.floor(((rng >>> 0) * V) / 4294967296);
        target = (Math.imul(rng, V) >>> 0) < (table[2 * i] >>> 0) ? i : table[2 * i + 1];
        if (target === word) continue;
        label = 0;
      }
      const l2 = target * size;
      let f = 0;
      for (let k = 0; k < size; k++) f += work[k] * syn1neg[l2 + k];
      const g = (f > MAX_EXP ? label - 1 : f < -MAX_EXP ? label : label - expTable[((f + MAX_EXP) * scale) | 0]) * alpha;
      for (let k = 0; k < size; k++) {
        work[size + k] += g * syn1neg[l2 + k];
        syn1neg[l2 + k] += g * work[k];
      }
    }
    for (let c = lo; c <= hi; c++) {
      if (c === sp) continue;
      const l1 = sen[c] * size;
      for (let k = 0; k < size; k++) syn0[l1 + k] += work[size + k];
    }
  }
  return rng;
}

/** Skip-gram over one sentence: each context word's vector predicts the centre word (as word2vec.c and gensim). */
function skipgramSentence(m: SharedModel, sen: Int32Array, len: number, alpha: number, rng: number, work: Float32Array): number {
  const { size, window, negative, hs, syn0, syn1, syn1neg, table, hStart, hCodes, hPoints } = m;
  const V = table.length >> 1;
  const expTable = EXP_TABLE;
  const scale = EXP_TABLE_SIZE / MAX_EXP / 2;
  for (let sp = 0; sp < len; sp++) {
    const word = sen[sp];
    rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
    const b = (rng >>> 0) % window;
    const lo = Math.max(0, sp - window + b);
    const hi = Math.min(len - 1, sp + window - b);
    for (let c = lo; c <= hi; c++) {
      if (c === sp) continue;
      const l1 = sen[c] * size;
      // neu1e = work[0, D)
      for (let k = 0; k < size; k++) work[k] = 0;
      if (hs) {
        for (let d = hStart[word]; d < hStart[word + 1]; d++) {
          const l2 = hPoints[d] * size;
          let f = 0;
          for (let k = 0; k < size; k++) f += syn0[l1 + k] * syn1[l2 + k];
          if (f <= -MAX_EXP || f >= MAX_EXP) continue;
          f = expTable[((f + MAX_EXP) * scale) | 0];
          const g = (1 - hCodes[d] - f) * alpha;
          for (let k = 0; k < size; k++) {
            work[k] += g * syn1[l2 + k];
            syn1[l2 + k] += g * syn0[l1 + k];
          }
        }
      }
      for (let d = 0; d <= negative && negative > 0; d++) {
        let target = word;
        let label = 1;
        if (d > 0) {
          rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
          const i = Math.floor(((rng >>> 0) * V) / 4294967296);
        target = (Math.imul(rng, V) >>> 0) < (table[2 * i] >>> 0) ? i : table[2 * i + 1];
          if (target === word) continue;
          label = 0;
        }
        const l2 = target * size;
        let f0 = 0, f1 = 0, f2 = 0, f3 = 0;
        let k = 0;
        for (; k + 3 < size; k += 4) {
          f0 += syn0[l1 + k] * syn1neg[l2 + k];
          f1 += syn0[l1 + k + 1] * syn1neg[l2 + k + 1];
          f2 += syn0[l1 + k + 2] * syn1neg[l2 + k + 2];
          f3 += syn0[l1 + k + 3] * syn1neg[l2 + k + 3];
        }
        for (; k < size; k++) f0 += syn0[l1 + k] * syn1neg[l2 + k];
        const f = f0 + f1 + f2 + f3;
        const g = (f > MAX_EXP ? label - 1 : f < -MAX_EXP ? label : label - expTable[((f + MAX_EXP) * scale) | 0]) * alpha;
        for (let k = 0; k < size; k++) {
          work[k] += g * syn1neg[l2 + k];
          syn1neg[l2 + k] += g * syn0[l1 + k];
        }
      }
      for (let k = 0; k < size; k++) syn0[l1 + k] += work[k];
    }
  }
  return rng;
}
