/**
 * The generic sequence models as whole graphs, heads included (batch-first, as their forward):
 *
 *   ManyToOne       input [B, T, I] (lengths [B]) → output [B, O]      head(last layer's final states)
 *   ManyToMany      input [B, T, I] (lengths [B]) → output [B, T, O]   head at every step
 *   EncoderDecoder  source [B, S], target [B, T] ids (source_lengths, target_lengths) →
 *                   logits [B, T, V] (teacher forcing) and the decoder's final state h_n (c_n)
 *
 * Streaming (`step`): ManyToOne and ManyToMany take input [B, I], h, c → output [B, O], h_out,
 * c_out (the head on the top layer's new state); EncoderDecoder takes one decoder step,
 * token [B], h, c → logits [B, V], h_out, c_out, as `generate` does after the first token.
 */
import type { ManyToOne } from '../models/many-to-one.js';
import type { ManyToMany } from '../models/many-to-many.js';
import type { EncoderDecoder } from '../models/encoder-decoder.js';
import { LSTM } from '../nn/lstm.js';
import type { OnnxGraph } from './graph.js';
import type { ResolvedExportOptions } from './options.js';
import { emitRecurrent, lastStateFeatures, swapBatchTime } from './recurrent.js';
import { emitEmbedding, emitLinear } from './layers.js';
import { checkStreamable, emitRecurrentStep, stepStateInputs, stepStateOutputs } from './modules.js';

/** One streaming step of ManyToOne / ManyToMany: the head reads the top layer's new state. */
function exportSequenceStep(g: OnnxGraph, model: ManyToOne | ManyToMany, o: ResolvedExportOptions): void {
  const rec = model.recurrent;
  checkStreamable(rec, `${model.constructor.name}'s recurrent layer`);
  const x = g.input('input', 'float32', [o.batch, rec.inputSize]);
  const s = stepStateInputs(g, rec, o.batch);
  const r = emitRecurrentStep(g, rec, x, s.h, s.c, 'recurrent');
  g.output(emitLinear(g, model.head, r.y, 2, 'head'), 'output', 'float32', [o.batch, model.head.outFeatures]);
  stepStateOutputs(g, rec, o.batch, r.h, r.c);
}

/** ManyToOne: the head on each sequence's final states (its own last step with lengths). */
export function exportManyToOne(g: OnnxGraph, model: ManyToOne, o: ResolvedExportOptions): void {
  if (o.step) return exportSequenceStep(g, model, o);
  const rec = model.recurrent;
  const input = g.input('input', 'float32', [o.batch, o.time, rec.inputSize]);
  const lengths = o.withLengths ? g.input('lengths', 'int32', [o.batch]) : null;
  const r = emitRecurrent(g, rec, swapBatchTime(g, input, 'input_tbi'), { lengths }, 'recurrent');
  const last = lastStateFeatures(g, r.lastH, rec.numDirections, 'recurrent');
  g.output(emitLinear(g, model.head, last, 2, 'head'), 'output', 'float32', [o.batch, model.head.outFeatures]);
}

/** ManyToMany: the head at every step (outputs past a sequence's length are the head of zeros, as in forward). */
export function exportManyToMany(g: OnnxGraph, model: ManyToMany, o: ResolvedExportOptions): void {
  if (o.step) return exportSequenceStep(g, model, o);
  const rec = model.recurrent;
  const input = g.input('input', 'float32', [o.batch, o.time, rec.inputSize]);
  const lengths = o.withLengths ? g.input('lengths', 'int32', [o.batch]) : null;
  const r = emitRecurrent(g, rec, swapBatchTime(g, input, 'input_tbi'), { lengths }, 'recurrent');
  const out = swapBatchTime(g, r.y, 'recurrent.out_btf'); // [B, T, D·H]
  g.output(emitLinear(g, model.head, out, 3, 'head'), 'output', 'float32', [o.batch, o.time, model.head.outFeatures]);
}

/** EncoderDecoder's teacher-forced forward, or one decoder step with `step`. */
export function exportEncoderDecoder(g: OnnxGraph, model: EncoderDecoder, o: ResolvedExportOptions): void {
  const dec = model.decoder;
  const V = model.head.outFeatures;
  const L = dec.numLayers, H = dec.hiddenSize;
  const stateDims = [L, o.batch, H];
  if (o.step) {
    const token = g.input('token', 'int32', [o.batch]);
    const s = stepStateInputs(g, dec, o.batch);
    const x = emitEmbedding(g, model.tgtEmbedding, token, 'tgtEmbedding'); // [B, E]
    const r = emitRecurrentStep(g, dec, x, s.h, s.c, 'decoder');
    g.output(emitLinear(g, model.head, r.y, 2, 'head'), 'logits', 'float32', [o.batch, V]);
    stepStateOutputs(g, dec, o.batch, r.h, r.c);
    return;
  }
  const source = g.input('source', 'int32', [o.batch, 'source_time']);
  const target = g.input('target', 'int32', [o.batch, o.time]);
  const srcLengths = o.withLengths ? g.input('source_lengths', 'int32', [o.batch]) : null;
  const tgtLengths = o.withLengths ? g.input('target_lengths', 'int32', [o.batch]) : null;
  // Embeddings of the transposed ids come out time-major [T, B, E] directly.
  const srcIds = g.op('Transpose', [source], { perm: [1, 0] }, 'source_tb');
  const enc = emitRecurrent(g, model.encoder, emitEmbedding(g, model.srcEmbedding, srcIds, 'srcEmbedding'), { lengths: srcLengths }, 'encoder');
  const tgtIds = g.op('Transpose', [target], { perm: [1, 0] }, 'target_tb');
  const r = emitRecurrent(g, dec, emitEmbedding(g, model.tgtEmbedding, tgtIds, 'tgtEmbedding'), { h0: enc.hN, c0: enc.cN, lengths: tgtLengths }, 'decoder');
  const out = swapBatchTime(g, r.y, 'decoder.out_btf'); // [B, T, H]
  g.output(emitLinear(g, model.head, out, 3, 'head'), 'logits', 'float32', [o.batch, o.time, V]);
  g.output(r.hN, 'h_n', 'float32', stateDims);
  if (dec instanceof LSTM && r.cN) g.output(r.cN, 'c_n', 'float32', stateDims);
}
