/**
 * Gate saturation of a recurrent layer on given inputs: the share of sigmoid and tanh units
 * pinned near their asymptotes (where the derivative, and so the gradient through the unit, is
 * nearly 0), per layer, direction and gate, with a fixed-bin histogram of the pre-activations.
 */

import { Tensor } from '../tensor/tensor.js';
import { alloc } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import { linear } from '../ops/linear.js';
import { GRUCell, LSTMCell, RNNCell } from '../nn/cells.js';
import type { RecurrentBase } from '../nn/recurrent-base.js';
import { Generator } from '../random/generator.js';
import { ShapeError, ValueError } from '../errors.js';
import { gatesOfLayer, suffixOf, type GateActivation } from './layers.js';

/**
 * Where a unit counts as saturated, each with the reason: there its derivative is under a fifth
 * of its largest value, so it passes little gradient.
 */
export const SATURATION_THRESHOLDS = {
  /** sigmoid y < 0.05 or y > 0.95 (|pre-activation| > 2.94): σ′ = y(1 − y) < 0.0475, under 19 % of σ′(0) = 0.25. */
  sigmoid: 0.05,
  /** tanh |y| > 0.95 (|pre-activation| > 1.83): tanh′ = 1 − y² < 0.0975, under 10 % of tanh′(0) = 1. */
  tanh: 0.95,
  // relu: y = 0 (pre-activation ≤ 0), where the derivative is exactly 0.
} as const;

/** The defaults of {@link gateSaturation}'s histograms, each with the reason. */
export const SATURATION_DEFAULTS = {
  /** Bins of width 0.5 over the range: fine enough to show the thresholds at ±1.83 and ±2.94. */
  bins: 24,
  /**
   * Beyond ±6 a sigmoid is within 0.0025 of 0 or 1 and a tanh within 1.2e-5 of ±1: everything
   * there is deeply saturated, so the tails are counted (`below`, `above`) but not resolved.
   * A fixed range keeps histograms comparable across gates, layers and epochs.
   */
  range: [-6, 6] as readonly [number, number],
} as const;

/** Counts of pre-activations in equal-width bins over a fixed range. */
export interface PreActivationHistogram {
  readonly edges: Float64Array; // [bins + 1]
  readonly counts: number[]; // [bins]; a value equal to the upper edge goes into the last bin
  /** Values below the first edge and above the last one. */
  readonly below: number;
  readonly above: number;
}

/** Saturation of one gate over all batch rows, steps and units. */
export interface GateSaturation {
  /** LSTM i, f, g, o and c (the cell state inside h = o·tanh(c)); GRU r, z, n; RNN h. */
  readonly gate: string;
  readonly activation: GateActivation;
  /** Share of values saturated at either end: low + high (0 … 1). */
  readonly saturated: number;
  /** Share near the lower asymptote (sigmoid < 0.05, tanh < −0.95, relu = 0) and the upper one. */
  readonly low: number;
  readonly high: number;
  /** Mean and standard deviation of the pre-activations. */
  readonly mean: number;
  readonly std: number;
  /** Values counted: B·T·H. */
  readonly count: number;
  readonly histogram: PreActivationHistogram;
}

/** The gates of one layer and direction. */
export interface LayerSaturation {
  /** PyTorch's suffix without the underscore: 'l0', 'l1_reverse'. */
  readonly name: string;
  readonly layer: number;
  readonly direction: 0 | 1;
  readonly gates: readonly GateSaturation[];
}

/** Options of {@link gateSaturation}, defaults in {@link SATURATION_DEFAULTS}. */
export interface SaturationOptions {
  /** Number of histogram bins. Default 24. */
  readonly bins?: number;
  /** [lo, hi] of the histogram. Default [−6, 6]. */
  readonly range?: readonly [number, number];
}

/** Running counts of one gate. */
class GateStats {
  count = 0;
  low = 0;
  high = 0;
  sum = 0;
  sumSq = 0;
  below = 0;
  above = 0;
  readonly counts: number[];
  constructor(readonly gate: string, readonly activation: GateActivation, private readonly lo: number, private readonly hi: number, bins: number) {
    this.counts = new Array<number>(bins).fill(0);
  }

  add(p: number): void {
    this.count++;
    this.sum += p;
    this.sumSq += p * p;
    if (this.activation === 'sigmoid') {
      const y = 1 / (1 + Math.exp(-p));
      if (y < SATURATION_THRESHOLDS.sigmoid) this.low++;
      else if (y > 1 - SATURATION_THRESHOLDS.sigmoid) this.high++;
    } else if (this.activation === 'tanh') {
      const y = Math.tanh(p);
      if (y < -SATURATION_THRESHOLDS.tanh) this.low++;
      else if (y > SATURATION_THRESHOLDS.tanh) this.high++;
    } else if (p <= 0) {
      this.low++;
    }
    if (p < this.lo) this.below++;
    else if (p > this.hi) this.above++;
    else if (p <= this.hi) this.counts[Math.min(this.counts.length - 1, Math.floor(((p - this.lo) / (this.hi - this.lo)) * this.counts.length))]++;
  }

  result(edges: Float64Array): GateSaturation {
    const n = this.count;
    const mean = this.sum / n;
    return {
      gate: this.gate, activation: this.activation, saturated: (this.low + this.high) / n, low: this.low / n, high: this.high / n,
      mean, std: Math.sqrt(Math.max(0, this.sumSq / n - mean * mean)), count: n,
      histogram: { edges: edges.slice(), counts: this.counts, below: this.below, above: this.above },
    };
  }
}

function checkOptions(options: SaturationOptions): { bins: number; lo: number; hi: number } {
  const bins = options.bins ?? SATURATION_DEFAULTS.bins;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new ValueError(`gateSaturation: bins must be a positive integer, got ${bins}`);
  const [lo, hi] = options.range ?? SATURATION_DEFAULTS.range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new ValueError(`gateSaturation: range must be [lo, hi] with finite lo < hi, got [${lo}, ${hi}]`);
  return { bins, lo, hi };
}

/** Whether `layer` is a GRU with the reset gate before the hidden projection (resetAfter false). */
function resetBefore(layer: RecurrentBase): boolean {
  return (layer as { resetAfter?: boolean }).resetAfter === false;
}

/** A cell of `layer`'s kind with the weights of layer `l`, direction `d` (drawing nothing from the model's generator). */
function cellOf(layer: RecurrentBase, l: number, d: number): RNNCell | LSTMCell | GRUCell {
  const w = layer.weights[l][d];
  const [GH, inF] = w.weightIh.shape;
  const H = layer.hiddenSize;
  const o = { bias: w.biasIh !== null, dtype: layer.dtype, generator: new Generator(0) };
  const gates = gatesOfLayer(layer);
  const cell = GH === 4 * H ? new LSTMCell(inF, H, o) : GH === 3 * H ? new GRUCell(inF, H, { ...o, resetAfter: !resetBefore(layer) })
    : new RNNCell(inF, H, { ...o, nonlinearity: gates[0].activation === 'relu' ? 'relu' : 'tanh' });
  cell.weightIh.data.set(w.weightIh.data);
  cell.weightHh.data.set(w.weightHh.data);
  if (w.biasIh && cell.biasIh) cell.biasIh.data.set(w.biasIh.data);
  if (w.biasHh && cell.biasHh) cell.biasHh.data.set(w.biasHh.data);
  return cell;
}

/**
 * The hidden part of a reset-before GRU's n pre-activation, (r ⊙ h)·W_hnᵀ + b_hn [B, H], with
 * r = σ(x-projection + h-projection) of the step (both [B, 3H] rows; x's at row offset xo).
 */
function resetBeforeHidden(xProj: ArrayLike<number>, xo: number, hProj: ArrayLike<number>, h: Tensor, wHh: Tensor, bHh: Tensor | null, B: number, H: number): ArrayLike<number> {
  const rh = new Tensor(alloc(h.dtype, B * H), [B, H]);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) rh.data[b * H + j] = h.data[b * H + j] / (1 + Math.exp(-(xProj[xo + b * 3 * H + j] + hProj[b * 3 * H + j])));
  }
  const wHn = new Tensor(wHh.data.subarray(2 * H * H), [H, H]);
  const bHn = bHh ? new Tensor(bHh.data.subarray(2 * H), [H]) : null;
  return linear(rh, wHn, bHn).data;
}

/**
 * Saturation of every gate of `layer` on the inputs `x`, given in the layer's own layout
 * ([B, T, I] with batchFirst, [T, B, I] otherwise, as `forward` takes them). The layer is run
 * step by step under `noGrad` with cells holding its weights (as in eval mode: no dropout
 * between layers), from zero initial states; the pre-activations of each step are
 *
 *   RNN  h: x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh
 *   LSTM i, f, g, o: the four blocks of the same sum; c: the cell state c_t (squashed by tanh in h_t)
 *   GRU  r, z: the blocks of the sum;  n: x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn)
 *        (resetAfter false: x·W_inᵀ + b_in + (r ⊙ h)·W_hnᵀ + b_hn)
 *
 * A unit is saturated where its activation passes {@link SATURATION_THRESHOLDS}: sigmoid
 * y < 0.05 or > 0.95, tanh |y| > 0.95, relu y = 0. Statistics are accumulated in float64.
 *
 * @example
 * const sat = gateSaturation(lstm, x);             // x [B, T, I] for a batchFirst LSTM
 * sat[0].gates.find((g) => g.gate === 'f')!.high;  // share of forget gates stuck open
 */
export function gateSaturation(layer: RecurrentBase, x: Tensor, options: SaturationOptions = {}): LayerSaturation[] {
  const { bins, lo, hi } = checkOptions(options);
  const I = layer.inputSize, H = layer.hiddenSize, D = layer.numDirections;
  const layout = layer.batchFirst ? `[B, T, ${I}]` : `[T, B, ${I}]`;
  if (x.ndim !== 3 || x.shape[2] !== I) throw new ShapeError('gateSaturation x', layout, fmtShape(x.shape), `the layer's input layout (batchFirst ${layer.batchFirst}, inputSize ${I})`);
  if (x.dtype !== layer.dtype) throw new ValueError(`gateSaturation: x dtype ${x.dtype} differs from the layer's ${layer.dtype}; convert with .to('${layer.dtype}')`);
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const gates = gatesOfLayer(layer);
  const G = gates.length;
  const isLstm = G === 4, isGru = G === 3;
  return noGrad(() => {
    let input = layer.batchFirst ? x.transpose(0, 1) : x; // [T, B, in]
    const [T, B] = input.shape;
    const out: LayerSaturation[] = [];
    for (let l = 0; l < layer.numLayers; l++) {
      const inF = input.shape[2];
      const next = alloc(layer.dtype, T * B * D * H); // [T, B, D·H]: this layer's output, the next one's input
      for (let d = 0; d < D; d++) {
        const w = layer.weights[l][d];
        const cell = cellOf(layer, l, d);
        const stats = gates.map((g) => new GateStats(g.gate, g.activation, lo, hi, bins));
        const cStats = isLstm ? new GateStats('c', 'tanh', lo, hi, bins) : null;
        const xProj = linear(input, w.weightIh, w.biasIh).data; // [T, B, G·H], all steps in one GEMM
        let h = new Tensor(alloc(layer.dtype, B * H), [B, H]);
        let c = isLstm ? new Tensor(alloc(layer.dtype, B * H), [B, H]) : null;
        for (let s = 0; s < T; s++) {
          const t = d === 1 ? T - 1 - s : s;
          const xt = new Tensor(input.data.subarray(t * B * inF, (t + 1) * B * inF), [B, inF]);
          const hProj = linear(h, w.weightHh, w.biasHh).data; // [B, G·H]
          const xo = t * B * G * H;
          // GRU with resetAfter false: n's hidden part is (r ⊙ h)·W_hnᵀ + b_hn [B, H], from this step's r
          const nProj = isGru && resetBefore(layer) ? resetBeforeHidden(xProj, xo, hProj, h, w.weightHh, w.biasHh, B, H) : null;
          for (let b = 0; b < B; b++) {
            for (let j = 0; j < H; j++) {
              const at = (k: number) => b * G * H + k * H + j;
              for (let k = 0; k < G; k++) {
                if (isGru && k === 2 && nProj) {
                  stats[k].add(xProj[xo + at(2)] + nProj[b * H + j]);
                } else if (isGru && k === 2) {
                  const r = 1 / (1 + Math.exp(-(xProj[xo + at(0)] + hProj[at(0)])));
                  stats[k].add(xProj[xo + at(2)] + r * hProj[at(2)]);
                } else {
                  stats[k].add(xProj[xo + at(k)] + hProj[at(k)]);
                }
              }
            }
          }
          if (cell instanceof LSTMCell) {
            [h, c] = cell.forward(xt, [h, c!]);
            for (let i = 0; i < B * H; i++) cStats!.add(c.data[i]);
          } else {
            h = cell.forward(xt, h);
          }
          for (let b = 0; b < B; b++) next.set(h.data.subarray(b * H, (b + 1) * H), (t * B + b) * D * H + d * H);
        }
        const all = cStats ? [...stats, cStats] : stats;
        out.push({ name: suffixOf(l, d).slice(1), layer: l, direction: d as 0 | 1, gates: all.map((st) => st.result(edges)) });
      }
      input = new Tensor(next, [T, B, D * H]);
    }
    return out;
  });
}
