/**
 * The attention encoder–decoder of the translator (Seq2Seq, src/tasks/seq2seq/model.ts) as
 * ONNX graphs, the equations of its file comment node for node:
 *
 *   full   source [B, S], source_lengths [B], target [B, T] (ids, shifted right) →
 *          logits [B, T, V], attention_weights [B, T, S], and what decoding goes on from:
 *          memory [B, S, Hk] and the decoder's final state h_n (c_n) [L, B, H]
 *   step   token [B], h (c) [L, B, H], memory [B, S, Hk], source_lengths [B] →
 *          logits [B, V], attention_weights [B, S], h_out (c_out): one decoding step, as its
 *          step decoder takes it
 *
 * Greedy or beam decoding runs the full graph on target = [[bos]] (the first step), then the
 * step graph token by token; the search itself (beams, length penalty) stays with the caller.
 */
import type { Seq2Seq } from '../tasks/seq2seq/model.js';
import type { Attention } from '../nn/attention.js';
import { ValueError } from '../errors.js';
import type { OnnxGraph } from './graph.js';
import type { ResolvedExportOptions } from './options.js';
import { emitRecurrent, swapBatchTime } from './recurrent.js';
import { emitEmbedding, emitLinear } from './layers.js';
import { stepMask } from './ops.js';
import { emitRecurrentStep, stepStateInputs, stepStateOutputs } from './modules.js';

/** Scores of padded source steps, as paddingBias: exp(−1e30 − m) is exactly 0. */
const PADDED = -1e30;

/** [B, T, Hq] queries over memory [B, S, Hk] with mask [B, 1, S] → context [B, T, Hk], weights [B, T, S]. */
function emitAttention(g: OnnxGraph, att: Attention, q: string, memory: string, mask: string, name: string): { context: string; weights: string } {
  const keysT = g.op('Transpose', [memory], { perm: [0, 2, 1] }, `${name}.keys_t`); // [B, Hk, S]
  let scores: string;
  if (att.score === 'dot') {
    scores = g.op('MatMul', [q, keysT], {}, `${name}.scores`);
  } else if (att.score === 'general') {
    const w = g.floats(`${name}.weight`, att.weight!.data, [att.querySize, att.keySize]);
    scores = g.op('MatMul', [g.op('MatMul', [q, w], {}, `${name}.qw`), keysT], {}, `${name}.scores`);
  } else {
    const A = att.attentionSize;
    const wq = g.op('Unsqueeze', [emitLinear(g, att.queryLayer!, q, 3, `${name}.query`), g.int64s('axis2', [2])], {}, `${name}.wq`); // [B, T, 1, A]
    const uk = g.op('Unsqueeze', [emitLinear(g, att.keyLayer!, memory, 3, `${name}.key`), g.int64s('axis1', [1])], {}, `${name}.uk`); // [B, 1, S, A]
    const e = g.op('Tanh', [g.op('Add', [wq, uk], {}, `${name}.wq_uk`)], {}, `${name}.e`); // [B, T, S, A]
    const v = g.floats(`${name}.v`, att.v!.data, [A, 1]);
    scores = g.op('Squeeze', [g.op('MatMul', [e, v], {}, `${name}.ev`), g.int64s('axis3', [3])], {}, `${name}.scores`);
  }
  const weights = g.op('Softmax', [g.op('Add', [scores, mask], {}, `${name}.masked`)], { axis: 2 }, `${name}.weights`);
  return { context: g.op('MatMul', [weights, memory], {}, `${name}.context`), weights };
}

/** h [B, T, H] → logits [B, T, V] and weights [B, T, S]: h̃ = tanh(W_c [context; h]), then the head. */
function emitReadout(g: OnnxGraph, m: Seq2Seq, h: string, memory: string, mask: string): { logits: string; weights: string } {
  const { context, weights } = emitAttention(g, m.attention, h, memory, mask, 'attention');
  const ht = g.op('Tanh', [emitLinear(g, m.combine, g.op('Concat', [context, h], { axis: 2 }, 'context_h'), 3, 'combine')], {}, 'h_tilde');
  return { logits: emitLinear(g, m.head, ht, 3, 'head'), weights };
}

/** [L·2, B, H] final states of a bidirectional encoder → tanh(W_b [h_fwd; h_bwd]) [L, B, H]. */
function emitBridge(g: OnnxGraph, m: Seq2Seq, s: string, which: 'bridge' | 'bridgeCell'): string {
  const L = m.encoder.numLayers, H = m.encoder.hiddenSize;
  const l2bh = g.op('Reshape', [s, g.int64s('shape_l_2_b_h', [L, 2, -1, H])], {}, `${which}.l2bh`);
  const lb2h = g.op('Reshape', [g.op('Transpose', [l2bh], { perm: [0, 2, 1, 3] }, `${which}.lb2h_4d`), g.int64s('shape_l_b_2h', [L, -1, 2 * H])], {}, `${which}.in`);
  return g.op('Tanh', [emitLinear(g, m[which]!, lb2h, 3, which)], {}, `${which}.out`);
}

/** Seq2Seq's teacher-forced forward, or one decoding step with `step`. */
export function exportSeq2Seq(g: OnnxGraph, m: Seq2Seq, o: ResolvedExportOptions): void {
  const dec = m.decoder;
  const L = dec.numLayers, H = dec.hiddenSize, V = m.head.outFeatures;
  const Hk = m.attention.keySize;
  const S = 'source_time';
  if (dec.bidirectional) throw new ValueError('exportOnnx: a Seq2Seq decoder is never bidirectional; this model is not one the exporter knows');
  if (o.step) {
    const token = g.input('token', 'int32', [o.batch]);
    const s = stepStateInputs(g, dec, o.batch);
    const memory = g.input('memory', 'float32', [o.batch, S, Hk]);
    const lengths = g.input('source_lengths', 'int32', [o.batch]);
    const r = emitRecurrentStep(g, dec, emitEmbedding(g, m.tgtEmbedding, token, 'tgtEmbedding'), s.h, s.c, 'decoder');
    const q = g.op('Unsqueeze', [r.y, g.int64s('axis1', [1])], {}, 'decoder.query'); // [B, 1, H]
    const out = emitReadout(g, m, q, memory, stepMask(g, memory, 1, lengths, 0, PADDED, 'source_mask', 1));
    g.output(g.op('Squeeze', [out.logits, g.int64s('axis1', [1])], {}, 'logits_bv'), 'logits', 'float32', [o.batch, V]);
    g.output(g.op('Squeeze', [out.weights, g.int64s('axis1', [1])], {}, 'weights_bs'), 'attention_weights', 'float32', [o.batch, S]);
    stepStateOutputs(g, dec, o.batch, r.h, r.c);
    return;
  }
  const source = g.input('source', 'int32', [o.batch, S]);
  const lengths = g.input('source_lengths', 'int32', [o.batch]);
  const target = g.input('target', 'int32', [o.batch, o.time]);
  const srcTB = g.op('Transpose', [source], { perm: [1, 0] }, 'source_tb');
  const enc = emitRecurrent(g, m.encoder, emitEmbedding(g, m.srcEmbedding, srcTB, 'srcEmbedding'), { lengths }, 'encoder');
  const memory = swapBatchTime(g, enc.y, 'memory_bsk'); // [B, S, Hk]
  const h0 = m.bridge ? emitBridge(g, m, enc.hN, 'bridge') : enc.hN;
  const c0 = enc.cN ? (m.bridgeCell ? emitBridge(g, m, enc.cN, 'bridgeCell') : enc.cN) : null;
  const tgtTB = g.op('Transpose', [target], { perm: [1, 0] }, 'target_tb');
  const r = emitRecurrent(g, dec, emitEmbedding(g, m.tgtEmbedding, tgtTB, 'tgtEmbedding'), { h0, c0 }, 'decoder');
  const h = swapBatchTime(g, r.y, 'decoder.out_btf'); // [B, T, H]
  const out = emitReadout(g, m, h, memory, stepMask(g, source, 1, lengths, 0, PADDED, 'source_mask', 1));
  g.output(out.logits, 'logits', 'float32', [o.batch, o.time, V]);
  g.output(out.weights, 'attention_weights', 'float32', [o.batch, o.time, S]);
  g.output(memory, 'memory', 'float32', [o.batch, S, Hk]);
  const dims = [L, o.batch, H];
  g.output(r.hN, 'h_n', 'float32', dims);
  if (r.cN) g.output(r.cN, 'c_n', 'float32', dims);
}
