// Does a fused attention kernel pay? Times one training step (forward + backward) of the
// translator at its default sizes, and the attention inside it alone, for each score. A fused
// kernel could at best remove the attention's share of the step; the rest (recurrent layers,
// output layer, cross-entropy) it does not touch.
//
//   node --import tsx dev/attention-lab.ts [--hidden 128] [--batch 64] [--src 8] [--tgt 9] [--vocab 1957]
//
// Measured (2 shared cores, H 128, V 1 957): a step took 210 ms with the additive score, of which
// the attention 55 ms (26%); general 155 ms / 13 ms (9%); dot 136 ms / 5 ms (4%). Only the
// additive score has a share a fused kernel could noticeably cut (its [B, T, S, A] tanh and the
// matmul with v of width 1); no fused kernel yet.
import { Seq2Seq } from '../src/tasks/seq2seq/model.js';
import { Attention, type AttentionScore } from '../src/nn/attention.js';
import { crossEntropy } from '../src/losses/cross-entropy.js';
import { Generator } from '../src/random/generator.js';
import { randn } from '../src/tensor/create.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const H = arg('hidden', 128), B = arg('batch', 64), S = arg('src', 8), T = arg('tgt', 9), V = arg('vocab', 1957), E = 128;
const reps = 5;

function median(f: () => void): number {
  f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[reps >> 1];
}

console.log(`B ${B}, source ${S}, target ${T}, H ${H}, vocabulary ${V}; medians of ${reps} (ms)`);
console.log('score      step (fwd+bwd)   attention alone (fwd+bwd)   share');
for (const score of ['additive', 'general', 'dot'] as AttentionScore[]) {
  const bidirectional = score !== 'dot';
  const g = new Generator(1);
  const m = new Seq2Seq({ srcVocabSize: V, tgtVocabSize: V, embeddingDim: E, hiddenSize: H, attention: score, bidirectional, generator: g });
  const src = Int32Array.from({ length: B * S }, () => 4 + g.int(V - 4));
  const tgt = Int32Array.from({ length: B * T }, () => 4 + g.int(V - 4));
  const lengths = new Int32Array(B).fill(S);
  const step = median(() => crossEntropy(m.forward(src, [B, S], lengths, tgt, [B, T]).logits, tgt).backward());
  const att = new Attention({ score, querySize: H, keySize: (bidirectional ? 2 : 1) * H, generator: g });
  const q = randn([B, T, H]), k = randn([B, S, (bidirectional ? 2 : 1) * H]);
  q.requiresGrad = true;
  k.requiresGrad = true;
  const alone = median(() => att.forward(q, k, { lengths }).context.sum().backward());
  console.log(`${score.padEnd(10)} ${step.toFixed(1).padStart(10)}   ${alone.toFixed(1).padStart(20)}   ${((100 * alone) / step).toFixed(0).padStart(10)}%`);
}
