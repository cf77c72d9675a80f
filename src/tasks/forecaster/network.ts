/**
 * The network inside a Forecaster: a recurrent encoder over the look-back window and a head that
 * emits H steps × C targets × Q quantiles, in one of three shapes:
 *
 *   direct          x [B, T, F] → h_T [B, D·Hd] ‖ future [B, H·K] → Linear → [B, H, C, Q]
 *   recursive       the same network with H = 1; multi-step forecasts feed predictions back
 *   encoderDecoder  x → encoder state → decoder over H steps, input [B, H, K + 1]
 *                   (known-future covariates ‖ (k + 1)/H) → Linear per step → [B, H, C, Q]
 *
 * (Hd = hidden size, D = directions, K = known-future covariates.) The output is always returned
 * as [B, H, C·Q] so the caller reshapes one way for every strategy.
 */

import { Module, type ModuleConfig } from '../../nn/module.js';
import { Linear } from '../../nn/linear.js';
import { lstmForgetBias_ } from '../../nn/init.js';
import { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/shape.js';
import { ShapeError, ValueError } from '../../errors.js';
import { preview } from '../../io/json-preview.js';
import type { Generator } from '../../random/generator.js';
import { makeRecurrent, runRecurrent, lastLayerState, recurrentPart, type AnyRecurrent, type CellType } from '../../models/recurrent-factory.js';
import type { ModuleSpec } from '../../io/model-file.js';
import { linearShapes } from '../../nn/linear.js';
import { checkInt, checkOneOf, prefixed } from '../../nn/options-check.js';

/** How multi-step forecasts are made. */
export type ForecastStrategy = 'direct' | 'recursive' | 'encoderDecoder';

/** Every strategy, as the CLI and the checks list them. */
export const FORECAST_STRATEGIES: readonly ForecastStrategy[] = ['direct', 'recursive', 'encoderDecoder'];

/** Constructor options of {@link ForecastNet} (all saved in the model file's config). */
export interface ForecastNetOptions {
  readonly cell: CellType;
  /** F: input features per step. */
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly dropout: number;
  readonly strategy: ForecastStrategy;
  /** H: steps the network emits (1 for 'recursive'). */
  readonly horizon: number;
  /** C: target columns. */
  readonly targets: number;
  /** Q: outputs per target and step (1, or the number of quantiles). */
  readonly quantiles: number;
  /** K: known-future covariates read at the H target steps. */
  readonly futureSize: number;
  /** Initial LSTM forget-gate bias (both b_ih and b_hh of the f gate; ignored by rnn/gru). */
  readonly forgetBias: number;
  readonly generator?: Generator;
}

/** The forget-gate bias must be a finite number (it is written into the LSTM biases). */
function checkForgetBias(v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`ForecastNet: forgetBias must be a finite number, got ${preview(v, 40)}`);
}

/** The recurrent forecasting network; see the file comment for the three shapes. */
export class ForecastNet extends Module {
  readonly encoder: AnyRecurrent;
  readonly decoder: AnyRecurrent | null;
  readonly head: Linear;

  constructor(readonly options: ForecastNetOptions) {
    super();
    const o = options;
    checkForgetBias(o.forgetBias);
    const g = o.generator;
    const rec = { hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout, batchFirst: true, generator: g };
    this.encoder = this.registerModule('encoder', makeRecurrent(o.cell, { ...rec, inputSize: o.inputSize }));
    const out = o.targets * o.quantiles;
    if (o.strategy === 'encoderDecoder') {
      this.decoder = this.registerModule('decoder', makeRecurrent(o.cell, { ...rec, inputSize: o.futureSize + 1 }));
      this.head = this.registerModule('head', new Linear(o.hiddenSize, out, { generator: g }));
    } else {
      this.decoder = null;
      this.head = this.registerModule('head', new Linear(o.hiddenSize + o.horizon * o.futureSize, o.horizon * out, { generator: g }));
    }
    if (o.cell === 'lstm') {
      lstmForgetBias_(this.encoder, o.forgetBias);
      if (this.decoder) lstmForgetBias_(this.decoder, o.forgetBias);
    }
  }

  /**
   * x [B, T, F] (scaled inputs), future [B, H, K] (known-future covariates at the target steps;
   * null when K = 0) → [B, H, C·Q].
   */
  forward(x: Tensor, future: Tensor | null = null): Tensor {
    const { horizon: H, futureSize: K, inputSize: F } = this.options;
    if (x.ndim !== 3 || x.shape[2] !== F) throw new ShapeError('ForecastNet.forward: x', `[B, T, ${F}]`, x.shape);
    const B = x.shape[0];
    if (K > 0 && (!future || future.ndim !== 3 || future.shape[0] !== B || future.shape[1] !== H || future.shape[2] !== K)) {
      throw new ShapeError('ForecastNet.forward: future covariates', [B, H, K], future ? future.shape : 'none');
    }
    const enc = runRecurrent(this.encoder, x, null);
    if (this.decoder) {
      const step = new Float32Array(B * H);
      for (let b = 0; b < B; b++) for (let k = 0; k < H; k++) step[b * H + k] = (k + 1) / H;
      const pos = new Tensor(step, [B, H, 1]);
      const decIn = K > 0 ? cat([future!, pos], 2) : pos;
      const state = enc.c ? ([enc.h, enc.c] as [Tensor, Tensor]) : enc.h;
      const { out } = runRecurrent(this.decoder, decIn, state);
      return this.head.forward(out); // [B, H, C·Q]
    }
    let last = lastLayerState(this.encoder, enc.h); // [B, Hd]
    if (K > 0) last = cat([last, future!.reshape([B, H * K])], 1);
    return this.head.forward(last).reshape([B, H, this.options.targets * this.options.quantiles]);
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'ForecastNet', options: { ...opts } };
  }
}

/**
 * Rebuilds the ForecastNet of model.safetensors. Its `shapes` mirror ForecastNet's constructor,
 * so that a config edited to sizes the weights do not have is refused before the network is
 * allocated: encoder.* (input F), with encoderDecoder decoder.* (input K + 1) and head [C·Q, Hd],
 * else head [H·C·Q, Hd + H·K].
 */
export const forecastNetSpec: ModuleSpec = {
  shapes: (c) => {
    const where = 'ForecastNet';
    const o = c.options;
    const strategy = checkOneOf(where, 'strategy', o.strategy ?? '', FORECAST_STRATEGIES, 'direct');
    const [horizon, targets, quantiles] = (['horizon', 'targets', 'quantiles'] as const).map((k) => checkInt(where, k, o[k]));
    const futureSize = checkInt(where, 'futureSize', o.futureSize, { min: 0 });
    checkForgetBias(o.forgetBias);
    const rec = { cell: o.cell ?? '', hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout };
    const encoder = recurrentPart(where, { ...rec, inputSize: o.inputSize }, 'lstm');
    const H = encoder.hiddenSize;
    const out = targets * quantiles;
    if (strategy !== 'encoderDecoder') return { ...prefixed('encoder.', encoder.shapes), ...prefixed('head.', linearShapes(H + horizon * futureSize, horizon * out)) };
    const decoder = recurrentPart(where, { ...rec, inputSize: futureSize + 1 }, 'lstm');
    return { ...prefixed('encoder.', encoder.shapes), ...prefixed('decoder.', decoder.shapes), ...prefixed('head.', linearShapes(H, out)) };
  },
  build: (c) => {
    const { generator: _g, ...options } = c.options; // a random source never comes from a file
    return new ForecastNet(options as unknown as ForecastNetOptions);
  },
};
