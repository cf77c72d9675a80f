/**
 * Keras / TF.js recurrent weights ↔ our RNN, LSTM and GRU (PyTorch's layout).
 *
 * Keras keeps, per layer and direction, kernel [I, G·H], recurrent_kernel [H, G·H] and (with
 * use_bias) bias: [G·H] for SimpleRNN, LSTM and GRU reset_after=False, [2, G·H] for GRU
 * reset_after=True (row 0 the input bias, row 1 the recurrent bias). Gate blocks: LSTM i, f, c, o
 * (PyTorch's i, f, g, o: the same order), GRU z, r, h (PyTorch's r, z, n: the first two swapped).
 * We keep weight_ih [G·H, I] = kernelᵀ, weight_hh [G·H, H] = recurrent_kernelᵀ, and two biases.
 *
 * A Bidirectional wrapper lists forward_layer's weights, then backward_layer's; stacked layers
 * (our numLayers) are consecutive Keras layers whose weights follow one another, as
 * `model.getWeights()` lists them.
 */
import type { Arr } from '../../tensor/dtype.js';
import { RNN } from '../../nn/rnn.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import type { DirectionWeights } from '../../nn/recurrent-base.js';
import type { Parameter } from '../../nn/parameter.js';
import { ShapeError, ValueError } from '../../errors.js';

/** A recurrent layer that has Keras counterparts. */
export type KerasRecurrent = RNN | LSTM | GRU;

/** One Keras weight: a name (for messages and files), its shape, its row-major values. */
export interface KerasWeight {
  name: string;
  shape: number[];
  data: Arr;
}

/**
 * A weight as `fromKerasWeights` reads it: a KerasWeight, one of our Tensors, or a TF.js tensor
 * (anything with `shape` and `dataSync()`, as `layer.getWeights()` returns them).
 */
export type KerasWeightInput =
  | { readonly shape: readonly number[]; readonly data: ArrayLike<number>; readonly name?: string }
  | { readonly shape: readonly number[]; dataSync(): ArrayLike<number>; readonly name?: string };

/** Keras' class name of the layer: 'SimpleRNN', 'LSTM' or 'GRU'. */
export function kerasClassName(layer: KerasRecurrent): 'SimpleRNN' | 'LSTM' | 'GRU' {
  return layer instanceof LSTM ? 'LSTM' : layer instanceof GRU ? 'GRU' : 'SimpleRNN';
}

function checkLayer(where: string, layer: unknown): KerasRecurrent {
  if (layer instanceof RNN || layer instanceof LSTM || layer instanceof GRU) return layer;
  const name = typeof layer === 'object' && layer !== null ? layer.constructor.name : typeof layer;
  throw new ValueError(`${where}: expected an RNN, LSTM or GRU layer, got ${name}`);
}

/** Gates per unit (G) and, per Keras gate block k, the PyTorch block it holds. */
function gateMap(layer: KerasRecurrent): { G: number; blocks: readonly number[] } {
  if (layer instanceof LSTM) return { G: 4, blocks: [0, 1, 2, 3] }; // i f c o = i f g o
  if (layer instanceof GRU) return { G: 3, blocks: [1, 0, 2] }; // z r h = blocks 1 0 2 of r z n
  return { G: 1, blocks: [0] };
}

/** Whether the Keras layer keeps two bias rows: GRU reset_after=True. */
function twoBiases(layer: KerasRecurrent): boolean {
  return layer instanceof GRU && layer.resetAfter;
}

/** One slot of the Keras weight list: which layer, direction and tensor, and its Keras shape. */
interface Slot {
  name: string;
  l: number;
  d: number;
  role: 'kernel' | 'recurrent_kernel' | 'bias';
  shape: number[];
}

/** The Keras weight list of `layer`, in order: per stacked layer, per direction, kernel, recurrent_kernel, bias. */
function slots(layer: KerasRecurrent): Slot[] {
  const { G } = gateMap(layer);
  const H = layer.hiddenSize;
  const D = layer.numDirections;
  const out: Slot[] = [];
  for (let l = 0; l < layer.numLayers; l++) {
    const inF = l === 0 ? layer.inputSize : D * H;
    for (let d = 0; d < D; d++) {
      const prefix = `${layer.numLayers > 1 ? `layer${l}/` : ''}${D === 2 ? (d === 0 ? 'forward/' : 'backward/') : ''}`;
      out.push({ name: `${prefix}kernel`, l, d, role: 'kernel', shape: [inF, G * H] });
      out.push({ name: `${prefix}recurrent_kernel`, l, d, role: 'recurrent_kernel', shape: [H, G * H] });
      if (layer.bias) out.push({ name: `${prefix}bias`, l, d, role: 'bias', shape: twoBiases(layer) ? [2, G * H] : [G * H] });
    }
  }
  return out;
}

/**
 * Keras matrix [rows, G·H] (gate blocks in Keras order) from our [G·H, rows] (PyTorch order):
 * k[r, kb·H + j] = w[blocks[kb]·H + j, r].
 */
function toKerasMatrix(w: Arr, rows: number, H: number, blocks: readonly number[], out: Arr): void {
  const GH = blocks.length * H;
  for (let kb = 0; kb < blocks.length; kb++) {
    for (let j = 0; j < H; j++) {
      const src = (blocks[kb] * H + j) * rows;
      for (let r = 0; r < rows; r++) out[r * GH + kb * H + j] = w[src + r];
    }
  }
}

/** The inverse of toKerasMatrix: our [G·H, rows] from a Keras [rows, G·H]. */
function fromKerasMatrix(k: ArrayLike<number>, rows: number, H: number, blocks: readonly number[], out: Arr): void {
  const GH = blocks.length * H;
  for (let kb = 0; kb < blocks.length; kb++) {
    for (let j = 0; j < H; j++) {
      const dst = (blocks[kb] * H + j) * rows;
      for (let r = 0; r < rows; r++) out[dst + r] = k[r * GH + kb * H + j];
    }
  }
}

/**
 * A bias [G·H] from PyTorch gate order to Keras' (or back: both maps, identity and the GRU's
 * swap of the first two blocks, are their own inverses): out[kb·H + j] = b[blocks[kb]·H + j].
 */
function permuteBias(b: ArrayLike<number>, H: number, blocks: readonly number[], out: Arr, outOffset = 0, inOffset = 0): void {
  for (let kb = 0; kb < blocks.length; kb++) for (let j = 0; j < H; j++) out[outOffset + kb * H + j] = b[inOffset + blocks[kb] * H + j];
}

function newArr(like: Arr, n: number): Arr {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/**
 * The layer's weights as Keras lists them (`layer.getWeights()` of the Keras layers, stacked
 * layers one after another, a Bidirectional's forward then backward): kernel [in, G·H],
 * recurrent_kernel [H, G·H] and, with bias, bias [G·H] (or [2, G·H] for a GRU with resetAfter
 * true), gate blocks in Keras order. Names are `kernel`, `recurrent_kernel`, `bias`, prefixed
 * with `layer{l}/` when stacked and `forward/` or `backward/` when bidirectional.
 *
 * Keras' single bias is b_ih + b_hh (exact when b_hh is zero, as after `fromKerasWeights`);
 * the GRU's two bias rows are b_ih and b_hh themselves, so that round trip is exact always.
 *
 * @example
 * const lstm = new LSTM({ inputSize: 3, hiddenSize: 8 });
 * const [kernel, recurrentKernel, bias] = toKerasWeights(lstm); // [3, 32], [8, 32], [32]
 * // TF.js: kerasLstm.setWeights([kernel, recurrentKernel, bias].map((w) => tf.tensor(w.data, w.shape)));
 */
export function toKerasWeights(layer: KerasRecurrent): KerasWeight[] {
  const where = 'toKerasWeights';
  checkLayer(where, layer);
  const { blocks } = gateMap(layer);
  const H = layer.hiddenSize;
  return slots(layer).map((s) => {
    const w = layer.weights[s.l][s.d];
    const data = newArr(w.weightIh.data, s.shape.reduce((a, b) => a * b, 1));
    if (s.role === 'kernel') toKerasMatrix(w.weightIh.data, s.shape[0], H, blocks, data);
    else if (s.role === 'recurrent_kernel') toKerasMatrix(w.weightHh.data, H, H, blocks, data);
    else if (twoBiases(layer)) {
      permuteBias((w.biasIh as Parameter).data, H, blocks, data, 0);
      permuteBias((w.biasHh as Parameter).data, H, blocks, data, blocks.length * H);
    } else {
      const bIh = (w.biasIh as Parameter).data, bHh = (w.biasHh as Parameter).data;
      const sum = newArr(bIh, bIh.length);
      for (let i = 0; i < sum.length; i++) sum[i] = bIh[i] + bHh[i];
      permuteBias(sum, H, blocks, data);
    }
    return { name: s.name, shape: s.shape, data };
  });
}

function valuesOf(w: KerasWeightInput): ArrayLike<number> {
  return 'dataSync' in w && typeof w.dataSync === 'function' ? w.dataSync() : (w as { data: ArrayLike<number> }).data;
}

/** A hint for a mis-shaped bias: the other GRU variant or use_bias. */
function biasHint(layer: KerasRecurrent, got: readonly number[]): string {
  if (layer instanceof GRU && got.length === 2 && !layer.resetAfter) return 'a bias of two rows is Keras GRU reset_after=True: build the GRU with resetAfter: true (the default)';
  if (layer instanceof GRU && got.length === 1 && layer.resetAfter) return 'a bias of one row is Keras GRU reset_after=False: build the GRU with resetAfter: false';
  return '';
}

/**
 * Load Keras / TF.js weights, in the order `toKerasWeights` describes (what `getWeights()` of
 * the Keras layers returns, stacked layers one after another), into `layer`'s parameters, in
 * place. Each entry may be a KerasWeight, a Tensor or a TF.js tensor. A single Keras bias goes
 * to b_ih and b_hh becomes zero; a GRU's two bias rows go to b_ih and b_hh.
 *
 * Build the layer to match the Keras one: hiddenSize = units, bias = use_bias, a Bidirectional
 * wrapper (merge_mode 'concat') = bidirectional, Keras GRU reset_after=False = resetAfter: false;
 * Keras' activations must be tanh (SimpleRNN: tanh or relu, as nonlinearity) and sigmoid for the
 * gates — TF.js defaults recurrent_activation to hard_sigmoid, which these layers do not compute.
 * A wrong count or shape is a ShapeError naming the weight; nothing is written then.
 *
 * @example
 * const gru = new GRU({ inputSize: 3, hiddenSize: 8, batchFirst: true, resetAfter: false });
 * fromKerasWeights(gru, kerasGru.getWeights());   // TF.js tensors, or toKerasWeights' output
 */
export function fromKerasWeights(layer: KerasRecurrent, weights: readonly KerasWeightInput[]): void {
  const where = `fromKerasWeights(${checkLayer('fromKerasWeights', layer).constructor.name})`;
  if (!Array.isArray(weights)) throw new ValueError(`${where}: weights must be an array of tensors, got ${typeof weights}`);
  const want = slots(layer);
  const cls = kerasClassName(layer);
  if (weights.length !== want.length) {
    throw new ShapeError(`${where} weight count`, `${want.length} tensors (${want.map((s) => s.name).join(', ')})`, `${weights.length}`,
      `a Keras ${cls}${layer.bidirectional ? ' inside Bidirectional' : ''} of ${layer.numLayers} layer(s), use_bias=${layer.bias}, lists ${want.length}`);
  }
  // Check everything before writing anything.
  const values = want.map((s, i) => {
    const w = weights[i];
    if (typeof w !== 'object' || w === null || !Array.isArray(w.shape)) throw new ValueError(`${where}: weight ${i} (${s.name}) must have a shape and data, got ${w === null ? 'null' : typeof w}`);
    const label = `${where} weight ${i} (${s.name}${w.name && w.name !== s.name ? `, given as '${w.name}'` : ''})`;
    if (w.shape.length !== s.shape.length || w.shape.some((v: number, k: number) => v !== s.shape[k])) {
      throw new ShapeError(label, s.shape, w.shape, s.role === 'bias' ? biasHint(layer, w.shape) : `Keras ${cls} ${s.role} is [${s.role === 'kernel' ? 'input features' : 'units'}, ${gateMap(layer).G}·units]`);
    }
    const v = valuesOf(w);
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (!v || v.length !== n) throw new ShapeError(`${label} values`, `${n} numbers`, `${v ? v.length : 'none'}`);
    return v;
  });
  const { blocks } = gateMap(layer);
  const H = layer.hiddenSize;
  want.forEach((s, i) => {
    const w: DirectionWeights = layer.weights[s.l][s.d];
    const v = values[i];
    if (s.role === 'kernel') fromKerasMatrix(v, s.shape[0], H, blocks, w.weightIh.data);
    else if (s.role === 'recurrent_kernel') fromKerasMatrix(v, H, H, blocks, w.weightHh.data);
    else if (twoBiases(layer)) {
      permuteBias(v, H, blocks, (w.biasIh as Parameter).data, 0, 0);
      permuteBias(v, H, blocks, (w.biasHh as Parameter).data, 0, blocks.length * H);
    } else {
      permuteBias(v, H, blocks, (w.biasIh as Parameter).data);
      (w.biasHh as Parameter).data.fill(0);
    }
  });
}
