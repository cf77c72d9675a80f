/**
 * The held-out score of a language model: the mean cross-entropy in nats per token over a whole
 * token stream, batched as B contiguous streams with the state carried from chunk to chunk (as
 * in training), in eval mode without a graph. Perplexity = exp(loss).
 */

import { noGrad } from '../../autograd/grad-mode.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { batchifyStream, chunkCount, streamChunk } from './streams.js';
import type { LanguageNet, LanguageState } from './network.js';

/** Loss (nats per token) and perplexity over a stream, and the tokens scored. */
export interface StreamScore {
  readonly loss: number;
  readonly perplexity: number;
  readonly tokens: number;
}

/**
 * Scores `ids` with `net`: B streams of ⌊L / B⌋ tokens (the remainder, fewer than B tokens, is
 * not scored), chunks of `steps` tokens, every next-token prediction counted once.
 */
export function scoreStream(net: LanguageNet, ids: Int32Array, batch: number, steps: number): StreamScore {
  const streams = batchifyStream(ids, Math.max(1, Math.min(batch, Math.floor(ids.length / 2))));
  const wasTraining = net.training;
  net.eval();
  try {
    return noGrad(() => {
      let state: LanguageState | null = null;
      let sum = 0, tokens = 0;
      const n = chunkCount(streams, steps);
      for (let i = 0; i < n; i++) {
        const c = streamChunk(streams, i, steps);
        const r = net.forward(c.x, c.steps, c.batch, state);
        sum += crossEntropy(r.logits.reshape([c.steps * c.batch, net.options.vocabSize]), c.y, { reduction: 'sum' }).data[0];
        tokens += c.y.length;
        state = r.state;
      }
      const loss = sum / tokens;
      return { loss, perplexity: Math.exp(loss), tokens };
    });
  } finally {
    net.train(wasTraining);
  }
}
