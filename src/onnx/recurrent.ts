/**
 * RNN, LSTM and GRU (and their cells) as ONNX nodes: one ONNX recurrent node per layer (both
 * directions in it), time-major throughout. The weights go from PyTorch's layout to ONNX's exactly:
 *
 *   W [D, G·H, in]  R [D, G·H, H]  B [D, 2·G·H] = [W_b ‖ R_b]  (per direction d = 0 forward, 1 reverse)
 *
 * with the gate blocks reordered: LSTM i,f,g,o → i,o,f,c; GRU r,z,n → z,r,h (and
 * `linear_before_reset = 1`, PyTorch's reset-after form, or 0 for `resetAfter: false`); RNN has
 * one block (tanh or relu).
 * Between layers, Y [T, D, B, H] becomes [T, B, D·H] (forward ‖ reverse), the next layer's input.
 *
 * Batch-first models get one Transpose at each end instead of the nodes' `layout = 1`:
 * ONNX Runtime's CPU kernels refuse `layout = 1` ("Batchwise recurrent operations (layout == 1)
 * are not supported", onnxruntime 1.30), and time-major is what the ops compute in any case.
 */
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import { RNN } from '../nn/rnn.js';
import { RNNCell, LSTMCell, GRUCell } from '../nn/cells.js';
import type { RecurrentBase } from '../nn/recurrent-base.js';
import type { Parameter } from '../nn/parameter.js';
import { ValueError } from '../errors.js';
import type { OnnxGraph } from './graph.js';

/** Source block (PyTorch order) of each ONNX gate block, per cell. */
const GATE_ORDER = { lstm: [0, 3, 1, 2], gru: [1, 0, 2], rnn: [0] } as const;

type Cell = keyof typeof GATE_ORDER;

/** A single-step cell: one layer, one direction, its own four parameters. */
export type RecurrentCell = RNNCell | LSTMCell | GRUCell;

/** What the emitter reads of a layer or a cell. */
interface RecurrentSpec {
  cell: Cell;
  /** RNN: relu instead of tanh. */
  relu: boolean;
  /** GRU: the reset gate after the hidden projection (linear_before_reset = 1). */
  resetAfter: boolean;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  numDirections: number;
  /** weights[layer][direction], PyTorch's layout. */
  weights: readonly (readonly { weightIh: Parameter; weightHh: Parameter; biasIh: Parameter | null; biasHh: Parameter | null }[])[];
}

function specOf(layer: RecurrentBase | RecurrentCell): RecurrentSpec {
  const H = layer.hiddenSize, I = layer.inputSize;
  if (layer instanceof RNNCell || layer instanceof LSTMCell || layer instanceof GRUCell) {
    const o = layer.config().options; // the cell kind is private; its config tells it
    const cell: Cell = layer instanceof LSTMCell ? 'lstm' : layer instanceof GRUCell ? 'gru' : 'rnn';
    return { cell, relu: o.nonlinearity === 'relu', resetAfter: o.resetAfter !== false, inputSize: I, hiddenSize: H, numLayers: 1, numDirections: 1, weights: [[layer]] };
  }
  const base = { inputSize: I, hiddenSize: H, numLayers: layer.numLayers, numDirections: layer.numDirections, weights: layer.weights };
  if (layer instanceof LSTM) return { ...base, cell: 'lstm', relu: false, resetAfter: true };
  if (layer instanceof GRU) return { ...base, cell: 'gru', relu: false, resetAfter: layer.resetAfter };
  if (layer instanceof RNN) return { ...base, cell: 'rnn', relu: layer.nonlinearity === 'relu', resetAfter: true };
  throw new ValueError(`exportOnnx: ${layer.constructor.name} is a recurrent layer the exporter does not know; export RNN, LSTM or GRU`);
}

/**
 * `rows` [G·H, cols] (row-major, gate blocks of H rows in PyTorch order) written at `offset` of
 * `out` with the blocks in ONNX order.
 */
function reorderGates(out: Float32Array, offset: number, rows: ArrayLike<number>, cell: Cell, H: number, cols: number): void {
  const block = H * cols;
  GATE_ORDER[cell].forEach((src, dst) => {
    for (let k = 0; k < block; k++) out[offset + dst * block + k] = rows[src * block + k];
  });
}

/** Values produced by {@link emitRecurrent}. */
export interface RecurrentValues {
  /** Last layer's outputs [T, B, D·H], time-major. */
  y: string;
  /** Final hidden state [L·D, B, H] (each sequence's own last step with lengths). */
  hN: string;
  /** Final cell state [L·D, B, H] (LSTM only). */
  cN: string | null;
  /** Last layer's final states [D, B, H]. */
  lastH: string;
}

/** Optional inputs of the recurrent nodes. */
export interface RecurrentInputs {
  /** Initial hidden state [L·D, B, H]; omitted: zeros. */
  h0?: string | null;
  /** Initial cell state [L·D, B, H] (LSTM); omitted: zeros. */
  c0?: string | null;
  /** int32 [B], valid steps per sequence. */
  lengths?: string | null;
}

/**
 * Emits `layer` (eval mode: no dropout between layers) reading `x` [T, B, I] (time-major, as
 * the layer's own forward works internally). `name` prefixes the initializers (e.g. 'encoder').
 */
export function emitRecurrent(g: OnnxGraph, layer: RecurrentBase | RecurrentCell, x: string, inputs: RecurrentInputs, name: string): RecurrentValues {
  const spec = specOf(layer);
  const cell = spec.cell;
  const op = cell === 'lstm' ? 'LSTM' : cell === 'gru' ? 'GRU' : 'RNN';
  const H = spec.hiddenSize;
  const D = spec.numDirections;
  const G = GATE_ORDER[cell].length;
  const hs: string[] = [];
  const cs: string[] = [];
  let input = x;
  let lastH = '';
  for (let l = 0; l < spec.numLayers; l++) {
    const inF = l === 0 ? spec.inputSize : D * H;
    const W = new Float32Array(D * G * H * inF);
    const R = new Float32Array(D * G * H * H);
    const B = spec.weights[l][0].biasIh ? new Float32Array(D * 2 * G * H) : null;
    for (let d = 0; d < D; d++) {
      const w = spec.weights[l][d];
      reorderGates(W, d * G * H * inF, w.weightIh.data, cell, H, inF);
      reorderGates(R, d * G * H * H, w.weightHh.data, cell, H, H);
      if (B) {
        reorderGates(B, d * 2 * G * H, w.biasIh!.data, cell, H, 1);
        reorderGates(B, d * 2 * G * H + G * H, w.biasHh!.data, cell, H, 1);
      }
    }
    const sfx = `l${l}`;
    const wName = g.floats(`${name}.W_${sfx}`, W, [D, G * H, inF]);
    const rName = g.floats(`${name}.R_${sfx}`, R, [D, G * H, H]);
    const bName = B ? g.floats(`${name}.B_${sfx}`, B, [D, 2 * G * H]) : '';
    // This layer's slice [l·D, (l+1)·D) of the stacked initial states.
    const slice = (s: string | null | undefined): string =>
      s ? g.op('Slice', [s, g.int64s('start', [l * D]), g.int64s('end', [(l + 1) * D]), g.int64s('axis0', [0])], {}, `${name}.${s}_${sfx}`) : '';
    const nodeInputs = [input, wName, rName, bName, inputs.lengths ?? '', slice(inputs.h0)];
    if (cell === 'lstm') nodeInputs.push(slice(inputs.c0));
    while (nodeInputs[nodeInputs.length - 1] === '') nodeInputs.pop(); // trailing optional inputs are left out
    const attributes: Record<string, number | string | string[]> = { hidden_size: H, direction: D === 2 ? 'bidirectional' : 'forward' };
    if (cell === 'gru') attributes.linear_before_reset = spec.resetAfter ? 1 : 0; // 0: Keras' reset-before variant
    if (cell === 'rnn') attributes.activations = Array<string>(D).fill(spec.relu ? 'Relu' : 'Tanh');
    const outs = g.node(op, nodeInputs, attributes, cell === 'lstm' ? [`${name}.Y_${sfx}`, `${name}.Y_h_${sfx}`, `${name}.Y_c_${sfx}`] : [`${name}.Y_${sfx}`, `${name}.Y_h_${sfx}`]);
    const [y, yh] = outs;
    hs.push(yh);
    if (cell === 'lstm') cs.push(outs[2]);
    lastH = yh;
    // Y [T, D, B, H] → [T, B, D·H]: forward ‖ reverse along the features, as the layer concatenates.
    input = D === 1
      ? g.op('Squeeze', [y, g.int64s('axis1', [1])], {}, `${name}.out_${sfx}`)
      : g.op('Reshape', [g.op('Transpose', [y], { perm: [0, 2, 1, 3] }, `${name}.tbdh_${sfx}`), g.int64s('shape_t_b_flat', [0, 0, -1])], {}, `${name}.out_${sfx}`);
  }
  const stack = (parts: string[], what: string) => (parts.length === 1 ? parts[0] : g.op('Concat', parts, { axis: 0 }, `${name}.${what}`));
  return { y: input, hN: stack(hs, 'h_n'), cN: cs.length ? stack(cs, 'c_n') : null, lastH };
}

/** [D, B, H] → [B, D·H]: the last layer's final states, forward ‖ reverse, as lastLayerState. */
export function lastStateFeatures(g: OnnxGraph, lastH: string, D: number, name: string): string {
  if (D === 1) return g.op('Squeeze', [lastH, g.int64s('axis0', [0])], {}, `${name}.last`);
  return g.op('Reshape', [g.op('Transpose', [lastH], { perm: [1, 0, 2] }, `${name}.bdh`), g.int64s('shape_b_flat', [0, -1])], {}, `${name}.last`);
}

/** [B, T, F] ↔ [T, B, F]. */
export function swapBatchTime(g: OnnxGraph, x: string, base: string): string {
  return g.op('Transpose', [x], { perm: [1, 0, 2] }, base);
}
