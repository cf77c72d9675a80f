import { ValueError } from '../errors.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, 32-bit state words), so the same seed gives
 * the same model and the same training run on every platform.
 *
 * @example
 * const g = new Generator(42);
 * g.uniform(); // in [0, 1)
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Reset the state from an integer seed (expanded with splitmix32). */
  seed(seed: number): void {
    if (!Number.isFinite(seed)) throw new ValueError(`Generator.seed: expected a finite number, got ${seed}`);
    let x = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() || 1;
    this.spare = null;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0; this.s1 >>>= 0; this.s2 >>>= 0; this.s3 >>>= 0;
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * The whole state, for checkpoints: the four xoshiro words, then 1 and the Box–Muller spare
   * when one is kept (else 0, 0). `setState(getState())` continues the same sequence.
   *
   * @example
   * const saved = g.getState();
   * const a = g.normal();
   * g.setState(saved);
   * g.normal() === a; // true
   */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spare === null ? 0 : 1, this.spare ?? 0];
  }

  /** Restore a state returned by {@link Generator.getState}. */
  setState(state: readonly number[]): void {
    const words = state.slice(0, 4);
    const ok = state.length === 6 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) && words.some((w) => w !== 0)
      && (state[4] === 0 || state[4] === 1) && Number.isFinite(state[5]);
    if (!ok) throw new ValueError(`Generator.setState: expected 4 uint32 words (not all 0), a 0/1 flag and a finite spare, got [${state.join(', ')}]`);
    [this.s0, this.s1, this.s2, this.s3] = words;
    this.spare = state[4] === 1 ? state[5] : null;
  }

  /** Fisher–Yates shuffle of the indices 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let global = new Generator(0);

/** The generator used when none is passed explicitly. */
export function defaultGenerator(): Generator {
  return global;
}

/**
 * Seed the default generator: the same seed gives the same initial weights and dropout masks.
 *
 * @example
 * manualSeed(0);
 * const a = new LSTM({ inputSize: 1, hiddenSize: 8 });
 * manualSeed(0);
 * const b = new LSTM({ inputSize: 1, hiddenSize: 8 }); // the same initial weights as a
 */
export function manualSeed(seed: number): Generator {
  global = new Generator(seed);
  return global;
}
