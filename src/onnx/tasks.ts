/**
 * The task networks as whole graphs, heads included:
 *
 *   ForecastNet    x [B, T, F] (scaled inputs), future [B, H, K] when K > 0 → forecast [B, H, C·Q]
 *   ClassifierNet  ids [B, T] int32 (right-padded with 0), lengths [B] int32 → logits [B, C]
 *                  (and attention_weights [B, T] with attention pooling)
 *   ensemble       the networks of a TextClassifier → probabilities [B, C], the mean of their softmax
 *   LanguageNet    ids [T, B] int32 (time-major, as its chunks), h, c [L, B, H] at the chunk start →
 *                  logits [T, B, V], h_n, c_n; with `step`: token [B], h, c → logits [B, V], h_out, c_out
 *
 * The preprocessing stays outside the graph (the forecaster's scaler and calendar features, the
 * classifier's tokenizer and vocabulary); the exporter stores it in the model's metadata.
 */
import type { ForecastNet } from '../tasks/forecaster/network.js';
import type { ClassifierNet } from '../tasks/classifier/network.js';
import type { LanguageNet } from '../tasks/language-model/network.js';
import type { OnnxGraph } from './graph.js';
import type { ResolvedExportOptions } from './options.js';
import { emitRecurrent, lastStateFeatures, swapBatchTime } from './recurrent.js';
import { emitEmbedding, emitLinear } from './layers.js';
import { dimOf, reduce, stepMask } from './ops.js';
import { emitRecurrentStep, stepStateInputs, stepStateOutputs } from './modules.js';

/** Padded steps score this before a max or a softmax, as the classifier's pooling does. */
const MASKED = -1e9;

/** ForecastNet's forward: the three strategies of network.ts. */
export function exportForecastNet(g: OnnxGraph, net: ForecastNet, o: ResolvedExportOptions): void {
  const { horizon: H, futureSize: K, inputSize: F, targets: C, quantiles: Q } = net.options;
  const x = g.input('x', 'float32', [o.batch, o.time, F]);
  const future = K > 0 ? g.input('future', 'float32', [o.batch, H, K]) : null;
  const enc = emitRecurrent(g, net.encoder, swapBatchTime(g, x, 'x_tbf'), {}, 'encoder');
  const dims = [o.batch, H, C * Q];
  if (net.decoder) {
    // Decoder input [B, H, K + 1]: future covariates ‖ (k + 1)/H, the position in the horizon.
    const pos = g.floats('horizon_position', Float32Array.from({ length: H }, (_, k) => (k + 1) / H), [1, H, 1]);
    const b11 = g.op('Concat', [dimOf(g, x, 0, 'batch'), g.int64s('ones2', [1, 1])], { axis: 0 }, 'batch_1_1');
    const posB = g.op('Expand', [pos, b11], {}, 'horizon_position_b');
    const decIn = future ? g.op('Concat', [future, posB], { axis: 2 }, 'decoder_in') : posB;
    const r = emitRecurrent(g, net.decoder, swapBatchTime(g, decIn, 'decoder_in_tbf'), { h0: enc.hN, c0: enc.cN }, 'decoder');
    g.output(emitLinear(g, net.head, swapBatchTime(g, r.y, 'decoder.out_btf'), 3, 'head'), 'forecast', 'float32', dims);
    return;
  }
  let last = lastStateFeatures(g, enc.lastH, net.encoder.numDirections, 'encoder'); // [B, Hd]
  if (future) last = g.op('Concat', [last, g.op('Reshape', [future, g.int64s('shape_b_flat', [0, -1])], {}, 'future_flat')], { axis: 1 }, 'head_in');
  const y = emitLinear(g, net.head, last, 2, 'head'); // [B, H·C·Q]
  g.output(g.op('Reshape', [y, g.int64s('shape_forecast', [0, H, C * Q])], {}, 'forecast_bhq'), 'forecast', 'float32', dims);
}

/** ClassifierNet up to its logits [B, C] (and the attention weights [B, T] when it pools by attention). */
export function emitClassifierNet(g: OnnxGraph, net: ClassifierNet, ids: string, lengths: string, name: string): { logits: string; weights: string | null } {
  const rec = net.recurrent;
  const idsTB = g.op('Transpose', [ids], { perm: [1, 0] }, `${name}.ids_tb`);
  const x = emitEmbedding(g, net.embedding, idsTB, `${name}.embedding`); // [T, B, E]
  const r = emitRecurrent(g, rec, x, { lengths }, `${name}.recurrent`);
  let pooled: string;
  let weights: string | null = null;
  if (net.options.pooling === 'last') {
    pooled = lastStateFeatures(g, r.lastH, rec.numDirections, `${name}.recurrent`);
  } else {
    const out = swapBatchTime(g, r.y, `${name}.recurrent.out_btf`); // [B, T, D·H], zero past each length
    const p = `${name}.pool`;
    if (net.options.pooling === 'max') {
      pooled = reduce(g, 'ReduceMax', g.op('Add', [out, stepMask(g, ids, 1, lengths, 0, MASKED, `${p}.mask`)], {}, `${p}.masked`), [1], 0, p);
    } else if (net.options.pooling === 'mean') {
      const sum = reduce(g, 'ReduceSum', g.op('Mul', [out, stepMask(g, ids, 1, lengths, 1, 0, `${p}.mask`)], {}, `${p}.masked`), [1], 0, `${p}.sum`);
      const len = g.op('Unsqueeze', [g.op('Cast', [lengths], { to: 1 }, `${p}.len_f`), g.int64s('axis1', [1])], {}, `${p}.len`);
      pooled = g.op('Div', [sum, len], {}, p);
    } else {
      // s_t = qᵀ tanh(W h_t + b); α = softmax over the real steps; pooled = Σ_t α_t h_t.
      const F = rec.numDirections * rec.hiddenSize;
      const proj = g.op('Tanh', [emitLinear(g, net.attention!, out, 3, `${name}.attention`)], {}, `${p}.tanh`);
      const scores = g.op('MatMul', [proj, g.floats(`${name}.query`, net.query!.data, [F, 1])], {}, `${p}.scores`); // [B, T, 1]
      const alpha = g.op('Softmax', [g.op('Add', [scores, stepMask(g, ids, 1, lengths, 0, MASKED, `${p}.mask`)], {}, `${p}.masked`)], { axis: 1 }, `${p}.alpha`);
      pooled = reduce(g, 'ReduceSum', g.op('Mul', [out, alpha], {}, `${p}.weighted`), [1], 0, p);
      weights = g.op('Squeeze', [alpha, g.int64s('axis2', [2])], {}, `${p}.weights`);
    }
  }
  return { logits: emitLinear(g, net.head, pooled, 2, `${name}.head`), weights };
}

/** One ClassifierNet: logits (and attention_weights). */
export function exportClassifierNet(g: OnnxGraph, net: ClassifierNet, o: ResolvedExportOptions): void {
  const ids = g.input('ids', 'int32', [o.batch, o.time]);
  const lengths = g.input('lengths', 'int32', [o.batch]);
  const r = emitClassifierNet(g, net, ids, lengths, 'net');
  g.output(r.logits, 'logits', 'float32', [o.batch, net.options.classes]);
  if (r.weights) g.output(r.weights, 'attention_weights', 'float32', [o.batch, o.time]);
}

/** The networks of a TextClassifier: probabilities [B, C], the mean of each network's softmax, as predictProbabilities. */
export function exportClassifierEnsemble(g: OnnxGraph, nets: readonly ClassifierNet[], o: ResolvedExportOptions): void {
  const ids = g.input('ids', 'int32', [o.batch, o.time]);
  const lengths = g.input('lengths', 'int32', [o.batch]);
  const probs = nets.map((net, k) => g.op('Softmax', [emitClassifierNet(g, net, ids, lengths, `net${k}`).logits], { axis: 1 }, `net${k}.probabilities`));
  const mean = probs.length === 1 ? probs[0] : g.op('Div', [g.op('Sum', probs, {}, 'probability_sum'), g.scalar('networks', probs.length)], {}, 'probability_mean');
  g.output(mean, 'probabilities', 'float32', [o.batch, nets[0].options.classes]);
}

/** LanguageNet over a chunk with the state in and out (zeros start a stream), or one token with `step`. */
export function exportLanguageNet(g: OnnxGraph, net: LanguageNet, o: ResolvedExportOptions): void {
  const rec = net.recurrent;
  const V = net.options.vocabSize;
  if (o.step) {
    const token = g.input('token', 'int32', [o.batch]);
    const s = stepStateInputs(g, rec, o.batch);
    const r = emitRecurrentStep(g, rec, emitEmbedding(g, net.embedding, token, 'embedding'), s.h, s.c, 'recurrent');
    g.output(emitLinear(g, net.head, r.y, 2, 'head'), 'logits', 'float32', [o.batch, V]);
    stepStateOutputs(g, rec, o.batch, r.h, r.c);
    return;
  }
  const ids = g.input('ids', 'int32', [o.time, o.batch]);
  const s = stepStateInputs(g, rec, o.batch);
  const r = emitRecurrent(g, rec, emitEmbedding(g, net.embedding, ids, 'embedding'), { h0: s.h, c0: s.c }, 'recurrent');
  g.output(emitLinear(g, net.head, r.y, 3, 'head'), 'logits', 'float32', [o.time, o.batch, V]);
  const dims = [rec.numLayers, o.batch, rec.hiddenSize];
  g.output(r.hN, 'h_n', 'float32', dims);
  if (r.cN) g.output(r.cN, 'c_n', 'float32', dims);
}
