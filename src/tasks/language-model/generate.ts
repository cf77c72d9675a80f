/**
 * Generation through the streaming path: the prompt runs once through the fused sequence op to
 * build the state (one kernel call per layer for the whole prompt), then every new token is one
 * `step` (one fused kernel call per layer, state updated in place, no graph, no re-run of the
 * history), for `count` samples side by side.
 */

import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../random/generator.js';
import { ValueError } from '../../errors.js';
import { resolveSampling, sampleToken, type SamplingOptions } from './sampling.js';
import type { LanguageNet } from './network.js';

/** The defaults of {@link GenerateOptions}, each with the reason. */
export const GENERATE_DEFAULTS = {
  /** A few lines of text: enough to judge a sample by eye. */
  length: 200,
  /** The model's own distribution; lower it (e.g. 0.8) for safer text. */
  temperature: 1,
  /** 0: no top-k cut. */
  topK: 0,
  /** 1: no nucleus cut. */
  topP: 1,
  seed: 0,
  /** One sample; more are drawn side by side in one batched step per token. */
  count: 1,
} as const;

/** Options of {@link generateIds}. */
export interface GenerateOptions extends SamplingOptions {
  /** Tokens to generate after the prompt. */
  readonly length?: number;
  /** Seed of the generator the tokens are drawn with (same seed, same text). */
  readonly seed?: number;
  /** The generator to draw with (overrides `seed`). */
  readonly generator?: Generator;
  /** Ids never drawn (their probability is set to 0), e.g. `<unk>`. */
  readonly exclude?: readonly number[];
}

/**
 * `count` continuations of `prompt` (ids, at least one), each `length` new ids. The samples
 * draw in turn from one generator (sample 0, 1, …, then the next token), so the seed fixes them all.
 */
export function generateIds(net: LanguageNet, prompt: Int32Array, count: number, options: GenerateOptions = {}): Int32Array[] {
  const length = options.length ?? GENERATE_DEFAULTS.length;
  if (!Number.isInteger(length) || length < 0 || length > 10_000_000) throw new ValueError(`generate: length must be an integer in 0 … 10000000, got ${length}`);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new ValueError(`generate: count must be an integer in 1 … 100000, got ${count}`);
  if (prompt.length < 1) throw new ValueError('generate: the prompt must hold at least one token');
  const sampling = resolveSampling(options, 'generate');
  const generator = options.generator ?? new Generator(options.seed ?? GENERATE_DEFAULTS.seed);
  const V = net.options.vocabSize, P = prompt.length, B = count;
  const exclude = options.exclude ?? [];
  for (const id of exclude) if (!(Number.isInteger(id) && id >= 0 && id < V)) throw new ValueError(`generate: exclude holds ${id}, not a token id in 0 … ${V - 1}`);
  if (exclude.length && new Set(exclude).size >= V) throw new ValueError('generate: exclude leaves no token to draw');
  const out = Array.from({ length: B }, () => new Int32Array(length));
  if (length === 0) return out;
  const wasTraining = net.training;
  net.eval();
  try {
    return noGrad(() => {
      // Prompt: [P, B], the same ids in every stream, one pass through the sequence op.
      const x = new Int32Array(P * B);
      for (let t = 0; t < P; t++) x.fill(prompt[t], t * B, (t + 1) * B);
      const r = net.forward(x, P, B, null);
      const state = net.initState(B);
      state.h.data.set(r.state.h.data);
      if (state.c && r.state.c) state.c.data.set(r.state.c.data);
      let logits = r.logits.data.subarray((P - 1) * B * V); // [B, V] of the last prompt step
      const next = new Int32Array(B);
      const scratch = new Float64Array(V);
      const row = new Float64Array(V);
      for (let k = 0; k < length; k++) {
        for (let b = 0; b < B; b++) {
          row.set(logits.subarray(b * V, (b + 1) * V));
          for (const id of exclude) row[id] = -Infinity;
          next[b] = sampleToken(row, sampling, generator, scratch);
          out[b][k] = next[b];
        }
        if (k + 1 < length) logits = net.step(next, state).data; // [B, V]
      }
      return out;
    });
  } finally {
    net.train(wasTraining);
  }
}
