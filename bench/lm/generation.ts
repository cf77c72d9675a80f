// Generation workloads of `npm run bench`: the README's character model (LanguageNet:
// Embedding(66, 64) → LSTM(256) → Linear(66), the tiny-shakespeare vocabulary size) writing one
// token per stream per sample, through the streaming path LanguageModel.generate uses: one
// `step` (embedding row, one fused LSTM kernel call, the head) and one top-k/temperature draw per
// stream. Weights are random: the cost of a token does not depend on them.
import type { Backend } from '../../src/backend/backend.js';
import { useBackend } from '../../src/backend/current.js';
import { Generator } from '../../src/random/generator.js';
import { LanguageNet } from '../../src/tasks/language-model/network.js';
import { resolveSampling, sampleToken } from '../../src/tasks/language-model/sampling.js';
import { LANGUAGE_MODEL_DEFAULTS as D } from '../../src/tasks/language-model/options.js';
import type { Workload } from '../workloads/kernels.js';

const V = 66;

/** G1 (batch 1) and G32 (32 samples side by side): tokens per second of generation. */
export function generationWorkload(batch: number): Workload {
  const E = D.embeddingSize, H = D.hiddenSize;
  return {
    name: `G${batch}`,
    what: `generation, ${batch === 1 ? 'one sample' : `${batch} samples side by side`}: LanguageNet Embedding(${V},${E}) → LSTM(${H}) → Linear(${V}), one streaming step + one draw (temperature 0.8, top-k 20) per token`,
    flops: 2 * batch * (4 * H * (E + H) + H * V),
    items: batch, itemsUnit: 'tok',
    setup: (be: Backend) => {
      useBackend(be);
      const net = new LanguageNet({ cell: 'lstm', vocabSize: V, embeddingSize: E, hiddenSize: H, numLayers: D.numLayers, dropout: 0, generator: new Generator(1) }).eval();
      const state = net.initState(batch);
      const ids = new Int32Array(batch);
      const g = new Generator(2);
      const sampling = resolveSampling({ temperature: 0.8, topK: 20 });
      const scratch = new Float64Array(V);
      return () => {
        useBackend(be);
        const logits = net.step(ids, state).data; // [B, V]
        for (let b = 0; b < batch; b++) ids[b] = sampleToken(logits.subarray(b * V, (b + 1) * V), sampling, g, scratch);
      };
    },
  };
}
