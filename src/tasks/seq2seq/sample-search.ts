/**
 * Sampling decoding over any step-wise decoder, batched as greedy search: each step every
 * sentence still going draws its next token from the model's distribution reshaped by
 * temperature, top-k and top-p (the language model's `sampleToken`), with the excluded tokens
 * (and <eos> before `minLength`) at probability 0. One uniform draw per sentence per step, in
 * sentence order, so a seeded Generator fixes every output.
 */

import type { Generator } from '../../random/generator.js';
import { sampleToken, type ResolvedSampling } from '../language-model/sampling.js';
import { excludedMask, lengthNormalizer, type Hypothesis, type SearchOptions, type StepDecoder } from './beam-search.js';
import { ValueError } from '../../errors.js';

/**
 * Draws one output per sentence. Scores are as beam search's: log p(y | x) under the model
 * itself (temperature 1, no filtering) over the length penalty, so sampled and searched outputs
 * can be compared.
 */
export function sampleSearch(decoder: StepDecoder, batch: number, sampling: ResolvedSampling, generator: Generator, options: SearchOptions): Hypothesis[] {
  const where = 'sampleSearch';
  const max = typeof options.maxLength === 'number' ? new Array<number>(batch).fill(options.maxLength) : [...options.maxLength];
  if (max.length !== batch) throw new ValueError(`${where}: ${max.length} maxLength values for ${batch} sentences`);
  for (const m of max) if (!Number.isInteger(m) || m < 1) throw new ValueError(`${where}: maxLength must be an integer ≥ 1, got ${m}`);
  const alpha = options.lengthPenalty ?? 0;
  if (!(Number.isFinite(alpha) && alpha >= 0)) throw new ValueError(`${where}: lengthPenalty must be a finite number ≥ 0, got ${alpha}`);
  const minLength = options.minLength ?? 0;
  if (!Number.isInteger(minLength) || minLength < 0) throw new ValueError(`${where}: minLength must be an integer ≥ 0, got ${minLength}`);
  const V = decoder.vocabSize, S = decoder.sourceLength;
  const banned = excludedMask(where, V, options);
  const row = new Float64Array(V), scratch = new Float64Array(V);
  const out: (Hypothesis | null)[] = new Array(batch).fill(null);
  const hyps = Array.from({ length: batch }, () => ({ tokens: [] as number[], logProb: 0, attention: [] as Float32Array[] }));
  let active = Array.from({ length: batch }, (_, b) => b);
  let tokens = new Int32Array(batch).fill(options.bos);
  for (let t = 0; active.length; t++) {
    const { logProbs, attention } = decoder.step(tokens);
    const keep: number[] = [], next: number[] = [];
    active.forEach((b, r) => {
      for (let v = 0; v < V; v++) row[v] = banned[v] || (v === options.eos && t < minLength) ? -Infinity : logProbs[r * V + v];
      const token = sampleToken(row, sampling, generator, scratch);
      const h = hyps[b];
      h.logProb += logProbs[r * V + token];
      h.attention.push(Float32Array.from({ length: S }, (_, s) => attention[r * S + s]));
      const ended = token === options.eos;
      if (!ended) h.tokens.push(token);
      if (ended || t + 1 >= max[b]) {
        out[b] = { tokens: h.tokens, logProb: h.logProb, score: h.logProb / lengthNormalizer(h.tokens.length + (ended ? 1 : 0), alpha), attention: h.attention, finished: ended };
      } else {
        keep.push(r);
        next.push(token);
      }
    });
    active = keep.map((r) => active[r]);
    if (!active.length) break;
    decoder.select(Int32Array.from(keep), Int32Array.from(active));
    tokens = Int32Array.from(next);
  }
  return out as Hypothesis[];
}
