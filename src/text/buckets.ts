/**
 * Length bucketing: group sequences of similar length into the same batch so that padding
 * stays small (torchtext's BucketIterator, Keras `bucket_by_sequence_length`).
 */
import { ValueError } from '../errors.js';

/** Options of {@link bucketByLength}. */
export interface BucketOptions {
  /** Sequences per batch. Required. */
  batchSize: number;
  /**
   * Shuffle with this seed: indices are shuffled, cut into pools of `poolSize`, each pool sorted
   * by length and cut into batches, and the batch order shuffled. Omit for a fully sorted,
   * deterministic order (shortest first).
   */
  seed?: number;
  /** Sequences sorted together when shuffling. Default `batchSize * 50`. Larger: less padding, less randomness. */
  poolSize?: number;
  /** Drop batches smaller than `batchSize`. Default false. */
  dropLast?: boolean;
}

/**
 * Returns batches of indices into `lengths`, each batch holding sequences of similar length.
 * Every index appears once (unless `dropLast` drops a short batch).
 *
 * @example
 * const lengths = texts.map((t) => tok.tokenize(t).length);
 * for (const idx of bucketByLength(lengths, { batchSize: 32, seed: epoch })) {
 *   const batch = padSequences(idx.map((i) => encoded[i]));
 * }
 */
export function bucketByLength(lengths: ArrayLike<number>, options: BucketOptions): number[][] {
  const { batchSize, seed } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`bucketByLength: batchSize must be an integer >= 1, got ${batchSize}`);
  const poolSize = options.poolSize ?? batchSize * 50;
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new ValueError(`bucketByLength: poolSize must be an integer >= 1, got ${poolSize}`);
  for (let i = 0; i < lengths.length; i++) {
    if (!Number.isInteger(lengths[i]) || lengths[i] < 0) throw new ValueError(`bucketByLength: lengths[${i}] = ${lengths[i]}; expected an integer >= 0`);
  }
  const byLength = (a: number, b: number): number => lengths[a] - lengths[b] || a - b;
  const idx = Array.from({ length: lengths.length }, (_, i) => i);
  let batches: number[][] = [];
  if (seed === undefined) {
    idx.sort(byLength);
    batches = chunk(idx, batchSize);
  } else {
    const rand = mulberry32(seed);
    shuffle(idx, rand);
    for (let p = 0; p < idx.length; p += poolSize) {
      batches.push(...chunk(idx.slice(p, p + poolSize).sort(byLength), batchSize));
    }
    shuffle(batches, rand);
  }
  return options.dropLast ? batches.filter((b) => b.length === batchSize) : batches;
}

/**
 * Fraction of padded steps when each batch is padded to its longest sequence: 0 means no
 * padding at all. Useful to check that bucketing works.
 */
export function paddingFraction(lengths: ArrayLike<number>, batches: readonly (readonly number[])[]): number {
  let real = 0;
  let total = 0;
  for (const b of batches) {
    let max = 0;
    for (const i of b) {
      real += lengths[i];
      max = Math.max(max, lengths[i]);
    }
    total += max * b.length;
  }
  return total === 0 ? 0 : 1 - real / total;
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Fisher–Yates in place. */
function shuffle<T>(xs: T[], rand: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

/** Small seeded PRNG (mulberry32) so that bucketing is reproducible without global state. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
