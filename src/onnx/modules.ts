/**
 * Whole graphs for the building blocks: a recurrent layer (sequence or one streaming step), a
 * cell (RNNCell, LSTMCell, GRUCell: input, hx, cx → h, c), an Embedding, and a feed-forward
 * Linear / Sequential. Graph input and output names follow the
 * layer's forward: input, h0, c0, lengths → output, h_n, c_n (step: input, h, c → output, h_out, c_out).
 */
import { LSTM } from '../nn/lstm.js';
import type { RecurrentBase } from '../nn/recurrent-base.js';
import type { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import type { Module } from '../nn/module.js';
import { ValueError } from '../errors.js';
import type { Dim, OnnxGraph } from './graph.js';
import type { ResolvedExportOptions } from './options.js';
import { emitRecurrent, swapBatchTime, type RecurrentCell } from './recurrent.js';
import { LSTMCell } from '../nn/cells.js';
import { emitEmbedding, emitTensorLayer } from './layers.js';

/** The state inputs of a streaming step: h [L, B, H] (and c for an LSTM). */
export function stepStateInputs(g: OnnxGraph, layer: RecurrentBase, batch: Dim): { h: string; c: string | null } {
  const dims = [layer.numLayers, batch, layer.hiddenSize];
  return { h: g.input('h', 'float32', dims), c: layer instanceof LSTM ? g.input('c', 'float32', dims) : null };
}

/** The new state outputs of a streaming step: h_out (and c_out). */
export function stepStateOutputs(g: OnnxGraph, layer: RecurrentBase, batch: Dim, h: string, c: string | null): void {
  const dims = [layer.numLayers, batch, layer.hiddenSize];
  g.output(h, 'h_out', 'float32', dims);
  if (c) g.output(c, 'c_out', 'float32', dims);
}

/** Refuses a streaming step of a bidirectional layer, as `step()` does. */
export function checkStreamable(layer: RecurrentBase, what: string): void {
  if (layer.bidirectional) throw new ValueError(`exportOnnx: ${what} is bidirectional, so it has no streaming step (the reverse direction needs the whole sequence); export it without step`);
}

/**
 * One step of a unidirectional stack: x_t [B, I] (value `x`), the state → the top layer's
 * output [B, H] and the new state, as `layer.step(x, state)`.
 */
export function emitRecurrentStep(g: OnnxGraph, layer: RecurrentBase, x: string, h: string, c: string | null, name: string): { y: string; h: string; c: string | null } {
  const x1 = g.op('Unsqueeze', [x, g.int64s('axis0', [0])], {}, `${name}.x_t`); // [1, B, I]
  const r = emitRecurrent(g, layer, x1, { h0: h, c0: c }, name);
  return { y: g.op('Squeeze', [r.y, g.int64s('axis0', [0])], {}, `${name}.y_t`), h: r.hN, c: r.cN };
}

/** A recurrent layer's forward (or, with `step`, one streaming step) as a whole graph. */
export function exportRecurrentLayer(g: OnnxGraph, layer: RecurrentBase, o: ResolvedExportOptions): void {
  const I = layer.inputSize, H = layer.hiddenSize, D = layer.numDirections, L = layer.numLayers;
  if (o.step) {
    checkStreamable(layer, layer.constructor.name);
    const x = g.input('input', 'float32', [o.batch, I]);
    const s = stepStateInputs(g, layer, o.batch);
    const r = emitRecurrentStep(g, layer, x, s.h, s.c, 'rnn');
    g.output(r.y, 'output', 'float32', [o.batch, H]);
    stepStateOutputs(g, layer, o.batch, r.h, r.c);
    return;
  }
  const seq = (F: number): Dim[] => (layer.batchFirst ? [o.batch, o.time, F] : [o.time, o.batch, F]);
  const input = g.input('input', 'float32', seq(I));
  const stateDims = [L * D, o.batch, H];
  const h0 = o.withInitialState ? g.input('h0', 'float32', stateDims) : null;
  const c0 = o.withInitialState && layer instanceof LSTM ? g.input('c0', 'float32', stateDims) : null;
  const lengths = o.withLengths ? g.input('lengths', 'int32', [o.batch]) : null;
  const x = layer.batchFirst ? swapBatchTime(g, input, 'input_tbi') : input;
  const r = emitRecurrent(g, layer, x, { h0, c0, lengths }, 'rnn');
  g.output(layer.batchFirst ? swapBatchTime(g, r.y, 'output_btf') : r.y, 'output', 'float32', seq(D * H));
  g.output(r.hN, 'h_n', 'float32', stateDims);
  if (r.cN) g.output(r.cN, 'c_n', 'float32', stateDims);
}

/** Embedding: ids int32 [B, T] → [B, T, E]. */
export function exportEmbedding(g: OnnxGraph, layer: Embedding, o: ResolvedExportOptions): void {
  const ids = g.input('ids', 'int32', [o.batch, o.time]);
  g.output(emitEmbedding(g, layer, ids, 'embedding'), 'output', 'float32', [o.batch, o.time, layer.embeddingDim]);
}

/** The input features of a feed-forward module: its first Linear's. */
function inFeatures(m: Module): number | null {
  if (m instanceof Linear) return m.inFeatures;
  if (m instanceof Sequential) {
    for (const l of m.layers) {
      const f = inFeatures(l);
      if (f !== null) return f;
    }
  }
  return null;
}

/** A Linear or Sequential on x [B, F] → [B, O]. */
export function exportFeedForward(g: OnnxGraph, m: Module, o: ResolvedExportOptions): void {
  const F = inFeatures(m);
  if (F === null) throw new ValueError(`exportOnnx: ${m.constructor.name} has no Linear, so its input size is unknown; export a Sequential that holds a Linear`);
  const x = g.input('input', 'float32', [o.batch, F]);
  const r = emitTensorLayer(g, m, x, { rank: 2, features: F }, m instanceof Sequential ? 'seq' : 'linear');
  g.output(r.value, 'output', 'float32', [o.batch, r.shape.features]);
}

/** A cell's forward: input [B, I], hx [B, H] (and cx for LSTMCell) → h [B, H] (and c). */
export function exportCell(g: OnnxGraph, cell: RecurrentCell, o: ResolvedExportOptions): void {
  const dims = [o.batch, cell.hiddenSize];
  const x = g.input('input', 'float32', [o.batch, cell.inputSize]);
  const hx = g.input('hx', 'float32', dims);
  const cx = cell instanceof LSTMCell ? g.input('cx', 'float32', dims) : null;
  const lift = (v: string, base: string) => g.op('Unsqueeze', [v, g.int64s('axis0', [0])], {}, base); // [B, ·] → [1, B, ·]
  const r = emitRecurrent(g, cell, lift(x, 'x_t'), { h0: lift(hx, 'hx_1'), c0: cx ? lift(cx, 'cx_1') : null }, 'cell');
  const drop = (v: string, base: string) => g.op('Squeeze', [v, g.int64s('axis0', [0])], {}, base);
  g.output(drop(r.hN, 'h_b'), 'h', 'float32', dims);
  if (r.cN) g.output(drop(r.cN, 'c_b'), 'c', 'float32', dims);
}
