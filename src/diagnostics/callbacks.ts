/**
 * The diagnostics as `fit` callbacks: the W_hh spectrum and the gradient-flow measures,
 * recorded every N epochs into a list the caller reads during or after training.
 */

import type { Module } from '../nn/module.js';
import type { Callback, EpochLog, TrainBeginInfo } from '../train/types.js';
import { ValueError } from '../errors.js';
import { recurrentSpectrum, type WeightSpectrum } from './spectrum.js';
import { gradientFlow, type GradientFlow, type GradientFlowOptions } from './gradient-flow.js';
import { recurrentLayersOf, suffixOf } from './layers.js';
import { gateSaturation, type LayerSaturation, type SaturationOptions } from './saturation.js';
import type { RecurrentBase } from '../nn/recurrent-base.js';
import type { Tensor } from '../tensor/tensor.js';

function every(v: number | undefined, where: string): number {
  const n = v ?? 1;
  if (!(Number.isInteger(n) && n >= 1)) throw new ValueError(`${where}: every must be a positive integer (epochs between records), got ${n}`);
  return n;
}

/** The spectrum at one point of training. */
export interface SpectrumRecord {
  /** Epoch just finished (0 for the weights before training). */
  readonly epoch: number;
  readonly step: number;
  readonly weights: readonly WeightSpectrum[];
}

/** Options of {@link spectrumTracker}. */
export interface SpectrumTrackerOptions {
  /** Epochs between records. Default 1. */
  readonly every?: number;
  /** Also record the weights as training begins (the initialisation, or the checkpoint's). Default true. */
  readonly atStart?: boolean;
}

/**
 * A fit callback that records {@link recurrentSpectrum} of `model` at the end of every
 * `every`-th epoch (and, by default, as training begins), into `records`.
 *
 * @example
 * const spectrum = spectrumTracker(model);
 * await fit(model, data, { loss, callbacks: [spectrum] });
 * spectrum.records.map((r) => r.weights[0].gates[0].spectralRadius); // ρ(W_hh) per epoch
 */
export function spectrumTracker(model: Module, options: SpectrumTrackerOptions = {}): Callback & { readonly records: SpectrumRecord[] } {
  recurrentLayersOf(model, 'spectrumTracker'); // refuse a model without a recurrent layer now, not at the first epoch end
  const n = every(options.every, 'spectrumTracker');
  const records: SpectrumRecord[] = [];
  return {
    records,
    onTrainBegin(info: TrainBeginInfo) {
      if (options.atStart ?? true) records.push({ epoch: info.startEpoch, step: info.startStep, weights: recurrentSpectrum(model) });
    },
    onEpochEnd(log: EpochLog) {
      if (log.epoch % n === 0) records.push({ epoch: log.epoch, step: log.step, weights: recurrentSpectrum(model) });
    },
  };
}

/** Gate saturation at one point of training. */
export interface SaturationRecord {
  readonly epoch: number;
  readonly step: number;
  readonly layers: readonly LayerSaturation[];
}

/**
 * A fit callback that records {@link gateSaturation} of `layer` on the fixed inputs `x` (in the
 * layer's layout) as training begins and at the end of every `every`-th epoch, into `records`.
 *
 * @example
 * const sat = saturationTracker(model.recurrent, probeX, { every: 5 });  // probeX [B, T, I]
 * await fit(model, data, { loss, callbacks: [sat] });
 * sat.records.map((r) => r.layers[0].gates[1].high);  // forget gates stuck open, per record
 */
export function saturationTracker(layer: RecurrentBase, x: Tensor, options: SaturationOptions & { readonly every?: number } = {}): Callback & { readonly records: SaturationRecord[] } {
  const n = every(options.every, 'saturationTracker');
  const opts: SaturationOptions = { bins: options.bins, range: options.range };
  gateSaturation(layer, x, opts); // refuse bad inputs or options now, not at the first epoch end
  const records: SaturationRecord[] = [];
  return {
    records,
    onTrainBegin(info: TrainBeginInfo) {
      records.push({ epoch: info.startEpoch, step: info.startStep, layers: gateSaturation(layer, x, opts) });
    },
    onEpochEnd(log: EpochLog) {
      if (log.epoch % n === 0) records.push({ epoch: log.epoch, step: log.step, layers: gateSaturation(layer, x, opts) });
    },
  };
}

/**
 * Per-step norm curves, each with its last entry nearest the loss (processing order): a list
 * (named '0', '1', …) or named curves ('l0', 'l0_reverse', …).
 */
export type GradientCurves = readonly ArrayLike<number>[] | Readonly<Record<string, ArrayLike<number>>>;

/**
 * Anything holding per-step hidden-state gradient norms per layer and direction, indexed by
 * time (as the kernels' recorder does): a reverse direction's curve is flipped into its
 * processing order, so its last entry (t = 0) is the one nearest the loss.
 */
export interface GradientCurveSource {
  readonly entries: readonly { readonly layer: number; readonly direction: 'forward' | 'reverse'; readonly hidden: ArrayLike<number> }[];
}

/** The measures of one curve at one record. */
export interface CurveFlow extends GradientFlow {
  /** 'l0', 'l0_reverse' from a source; the caller's key (or index) for measured curves. */
  readonly name: string;
  /** A float64 copy of the curve in processing order, with `keepCurves`; else null. */
  readonly curve: Float64Array | null;
}

/** The gradient flow at one point of training. */
export interface GradientFlowRecord {
  readonly epoch: number;
  readonly step: number;
  readonly curves: readonly CurveFlow[];
}

/** Options of {@link gradientFlowCallback}: where the curves come from, how often, and the measures' options. */
export type GradientFlowCallbackOptions = GradientFlowOptions & {
  /** Epochs between records. Default 1. */
  readonly every?: number;
  /** Keep a copy of each curve in the record (for plotting). Default true: T floats per curve and record. */
  readonly keepCurves?: boolean;
  /** Called with each record as it is made (a live plot, a JSON line). */
  readonly onRecord?: (record: GradientFlowRecord) => void;
} & (
  /** Read the curves left by the training steps (e.g. the last batch's), at each record. */
  | { readonly source: GradientCurveSource; readonly measure?: undefined }
  /** Compute the curves on demand (e.g. a forward and backward pass on a fixed test batch). */
  | { readonly measure: (log: EpochLog) => GradientCurves | Promise<GradientCurves>; readonly source?: undefined }
);

function fromSource(source: GradientCurveSource): [string, Float64Array][] {
  return source.entries.map((e) => {
    const c = Float64Array.from(e.hidden);
    return [suffixOf(e.layer, e.direction === 'reverse' ? 1 : 0).slice(1), e.direction === 'reverse' ? c.reverse() : c];
  });
}

/**
 * A fit callback that records the gradient-flow measures ({@link gradientFlow}: memory horizon,
 * decay rate, first/last ratio, growth, exploding) of per-step norm curves at the end of every
 * `every`-th epoch. The curves come from `source` (a recorder the training steps fill) or from
 * `measure` (a function that computes them, possibly async); either way they are taken as
 * plain arrays, so any producer of curves plugs in.
 *
 * @example
 * const flow = gradientFlowCallback({ measure: () => testBatchCurves(model), every: 5 });
 * await fit(model, data, { loss, callbacks: [flow] });
 * flow.records.at(-1)!.curves[0].horizon;
 */
export function gradientFlowCallback(options: GradientFlowCallbackOptions): Callback & { readonly records: GradientFlowRecord[] } {
  const n = every(options.every, 'gradientFlowCallback');
  const { source, measure } = options;
  if (!source === !measure) throw new ValueError('gradientFlowCallback: pass exactly one of source (a recorder of per-step norms) or measure (a function returning the curves)');
  const keep = options.keepCurves ?? true;
  const records: GradientFlowRecord[] = [];
  return {
    records,
    async onEpochEnd(log: EpochLog) {
      if (log.epoch % n !== 0) return;
      let named: [string, ArrayLike<number>][];
      if (source) {
        named = fromSource(source);
      } else {
        const got = await measure!(log);
        named = Array.isArray(got) ? got.map((c, i) => [String(i), c]) : Object.entries(got);
      }
      const curves = named.map(([name, c]): CurveFlow => ({
        name,
        ...gradientFlow(c, { fraction: options.fraction, explodingFactor: options.explodingFactor }),
        curve: keep ? Float64Array.from(c) : null,
      }));
      const record: GradientFlowRecord = { epoch: log.epoch, step: log.step, curves };
      records.push(record);
      options.onRecord?.(record);
    },
  };
}
