/**
 * Gradient flow of a trained Forecaster on its own data: the windows of a series cut as the
 * forecaster trains on them, its own loss (pinball over the quantiles, else MSE), and the
 * per-step ‖∂L/∂h_t‖ of every encoder layer with the derived measures of src/diagnostics.
 */
import { Tensor } from '../../tensor/tensor.js';
import { mseLoss } from '../../losses/mse.js';
import { pinballLoss } from '../../losses/pinball.js';
import { ValueError } from '../../errors.js';
import { aheadAt, inputsAt } from '../forecaster/frame.js';
import type { Forecaster } from '../forecaster/forecaster.js';
import type { TimeSeries } from '../../timeseries/series.js';
import { gradientFlow, type GradientFlow } from '../../diagnostics/gradient-flow.js';
import { recurrentSpectrum } from '../../diagnostics/spectrum.js';
import { stepGradientNorms } from './gradient-flow.js';

/** The gradient flow of one encoder layer. */
export interface LayerFlow {
  readonly layer: number;
  /** ‖∂L/∂h_t‖ for t = 1 … lookBack, over all the windows. */
  readonly norms: number[];
  readonly flow: GradientFlow;
  /** Largest spectral radius over the gate blocks of the layer's W_hh. */
  readonly spectralRadius: number;
}

export interface ForecasterFlow {
  readonly cell: string;
  readonly lookBack: number;
  /** Windows the norms are averaged over. */
  readonly windows: number;
  readonly loss: number;
  readonly layers: LayerFlow[];
}

/**
 * ‖∂L/∂h_t‖ per encoder layer and look-back step of `f` on the last `windows` windows of
 * `series` whose targets are observed (the windows `fit` would cut from it), in the network's
 * dtype (float32: norms below ~1e-38 lose digits).
 *
 * @example
 * const f = await Forecaster.load('model');
 * const flow = forecasterGradientFlow(f, series);
 * flow.layers[0].flow.horizon; // steps back the gradient reaches
 */
export function forecasterGradientFlow(f: Forecaster, series: TimeSeries, options: { windows?: number } = {}): ForecasterFlow {
  const net = f.net, state = f.state;
  if (!net || !state) throw new ValueError('forecasterGradientFlow: the forecaster is not trained; fit or load it first');
  const o = f.options;
  const frame = f.frame(series);
  const T = o.lookBack, Hn = f.netHorizon, F = state.inputs.length, K = state.future.length, C = o.targets.length, Q = o.quantiles.length;
  const first = T - 1, last = frame.observed - Hn - 1; // origins whose look-back and targets are observed
  if (last < first) throw new ValueError(`forecasterGradientFlow: the series has ${frame.observed} rows; it needs at least lookBack + horizon = ${T + Hn}`);
  const want = options.windows ?? 256;
  if (!(Number.isInteger(want) && want >= 1)) throw new ValueError(`forecasterGradientFlow: windows must be a positive integer, got ${want}`);
  const count = Math.min(want, last - first + 1);
  const origins = Array.from({ length: count }, (_, i) => last - count + 1 + i);
  const B = count;
  const x = inputsAt(frame, origins, T, state.inputs);
  const y = aheadAt(frame, origins, Hn, o.targets);
  if (o.predictChange) {
    const slots = o.targets.map((t) => state.inputs.indexOf(t));
    for (let b = 0; b < B; b++) for (let k = 0; k < Hn; k++) for (let c = 0; c < C; c++) y[(b * Hn + k) * C + c] -= x[(b * T + T - 1) * F + slots[c]];
  }
  const xt = new Tensor(x, [B, T, F]);
  const future = K > 0 ? new Tensor(aheadAt(frame, origins, Hn, state.future), [B, Hn, K]) : null;
  const yt = new Tensor(y, [B, Hn, C]);
  let loss = NaN;
  const norms = stepGradientNorms(net, net.encoder, () => {
    const pred = net.forward(xt, future); // [B, Hn, C·Q]
    const l = Q > 0 ? pinballLoss(pred.reshape([B, Hn, C, Q]), yt, o.quantiles) : mseLoss(pred, yt);
    loss = l.item();
    return l;
  });
  const spectra = recurrentSpectrum(net.encoder);
  return {
    cell: o.cell, lookBack: T, windows: B, loss,
    layers: norms.layers.map((n, l) => ({
      layer: l, norms: Array.from(n), flow: gradientFlow(n),
      spectralRadius: Math.max(...spectra.filter((s) => s.layer === l).flatMap((s) => s.gates.map((g) => g.spectralRadius))),
    })),
  };
}
