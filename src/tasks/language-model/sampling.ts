/**
 * Drawing the next token from a row of logits: temperature, top-k and top-p (nucleus)
 * filtering, and a seeded Generator, so the same seed gives the same text.
 *
 *   p_i ∝ exp(z_i / τ)                        (τ = temperature; τ = 0 is greedy: argmax)
 *   top-k: keep the k largest p_i             top-p: keep the smallest set of the largest p_i
 *                                             whose mass reaches p (at least one token)
 *   then renormalise over the kept tokens and draw one with u ~ U[0, 1).
 *
 * Excluded tokens get probability exactly 0: they are never drawn.
 */

import { ValueError } from '../../errors.js';
import type { Generator } from '../../random/generator.js';

/** How the next token is drawn. */
export interface SamplingOptions {
  /** τ ≥ 0: below 1 sharper, above 1 flatter; 0 picks the most likely token (greedy). Default 1. */
  readonly temperature?: number;
  /** Keep only the k most likely tokens (integer ≥ 1); 0 or undefined keeps all. */
  readonly topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p, in (0, 1]; 1 keeps all. */
  readonly topP?: number;
}

/** Sampling options checked, with their defaults. */
export interface ResolvedSampling {
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
}

/** Checks the sampling options (ValueError naming the bad one) and fills in the defaults. */
export function resolveSampling(o: SamplingOptions, where = 'sample'): ResolvedSampling {
  const temperature = o.temperature ?? 1;
  const topK = o.topK ?? 0;
  const topP = o.topP ?? 1;
  if (typeof temperature !== 'number' || !(temperature >= 0 && temperature < Infinity)) throw new ValueError(`${where}: temperature must be a finite number ≥ 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new ValueError(`${where}: topK must be an integer ≥ 0 (0 keeps every token), got ${topK}`);
  if (typeof topP !== 'number' || !(topP > 0 && topP <= 1)) throw new ValueError(`${where}: topP must be a number in (0, 1], got ${topP}`);
  return { temperature, topK, topP };
}

/**
 * The distribution sampling draws from, for one row of logits (length V): the softmax at
 * temperature τ with the top-k / top-p exclusions applied and renormalised. With τ = 0 it is
 * one-hot on the first largest logit. Written into `out` (length V), which is returned.
 */
export function samplingDistribution(logits: ArrayLike<number>, options: ResolvedSampling, out: Float64Array = new Float64Array(logits.length)): Float64Array {
  const V = logits.length;
  let best = 0;
  for (let i = 1; i < V; i++) if (logits[i] > logits[best]) best = i;
  if (!Number.isFinite(logits[best])) throw new ValueError(`samplingDistribution: the logits hold ${logits[best]}; expected finite values`);
  out.fill(0);
  if (options.temperature === 0 || options.topK === 1) {
    out[best] = 1;
    return out;
  }
  const m = logits[best];
  let total = 0;
  for (let i = 0; i < V; i++) {
    const z = logits[i];
    if (Number.isNaN(z)) throw new ValueError(`samplingDistribution: logit ${i} is NaN`);
    out[i] = Math.exp((z - m) / options.temperature);
    total += out[i];
  }
  for (let i = 0; i < V; i++) out[i] /= total;
  const k = options.topK > 0 && options.topK < V ? options.topK : V;
  if (k === V && options.topP >= 1) return out;
  // Tokens by probability, largest first (ties by id, so the kept set is deterministic).
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => out[b] - out[a] || a - b);
  let keep = k;
  if (options.topP < 1) {
    let mass = 0;
    for (let r = 0; r < k; r++) {
      mass += out[order[r]];
      if (mass >= options.topP) {
        keep = r + 1;
        break;
      }
    }
  }
  let kept = 0;
  for (let r = 0; r < keep; r++) kept += out[order[r]];
  for (let r = keep; r < V; r++) out[order[r]] = 0;
  for (let r = 0; r < keep; r++) out[order[r]] /= kept;
  return out;
}

/**
 * Draws one token id from a row of logits with `generator` (one uniform draw per token, so a
 * seed fixes the whole text).
 *
 * @example
 * const g = new Generator(42);
 * const id = sampleToken(logitsRow, resolveSampling({ temperature: 0.8, topK: 20 }), g);
 */
export function sampleToken(logits: ArrayLike<number>, options: ResolvedSampling, generator: Generator, scratch?: Float64Array): number {
  const p = samplingDistribution(logits, options, scratch);
  const u = generator.uniform();
  let acc = 0;
  let last = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    acc += p[i];
    last = i;
    if (u < acc) return i;
  }
  return last; // rounding left u above the summed mass: the last kept token
}
