/**
 * Per-step gradient norms ‖∂L/∂h_t‖ of a recurrent layer, measured by running the layer unrolled
 * step by step (each step is the layer's own fused op with T = 1, as a cell runs it) with a zero
 * leaf z_t added to every h_t: ∂L/∂z_t is then the whole gradient that reaches h_t, through the
 * later steps and the read-out.
 *
 *   h_t = cell(x_t, h_{t−1}) + z_t,   z_t = 0,   g_t = ∂L/∂z_t = ∂L/∂h_t   [B, H]
 *   norm_t = mean_b ‖g_t[b]‖₂
 *
 * This is the fallback until the fused BPTT kernels record the norms themselves (a second pass
 * with a per-step graph: fine for a test batch, too slow for every training step). The model's
 * gradients are left as they were.
 */
import { Tensor } from '../../tensor/tensor.js';
import { alloc } from '../../tensor/dtype.js';
import { recurrentLayer } from '../../ops/recurrent.js';
import { add } from '../../ops/elementwise.js';
import { stack } from '../../ops/shape.js';
import { RNN } from '../../nn/rnn.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import type { CellKind } from '../../backend/backend.js';
import type { Module } from '../../nn/module.js';
import { ShapeError, ValueError } from '../../errors.js';

export type AnyRecurrentLayer = RNN | LSTM | GRU;

/** The fused-kernel kind of a layer. */
export function cellKindOf(layer: AnyRecurrentLayer): CellKind {
  if (layer instanceof LSTM) return 'lstm';
  if (layer instanceof GRU) return 'gru';
  return layer.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh';
}

/** Gradient norms per layer and step: `layers[l][t]` = mean over the batch of ‖∂L/∂h_t‖ of layer l. */
export interface StepGradientNorms {
  readonly layers: Float64Array[];
}

/**
 * ‖∂L/∂h_t‖ for every layer and step of `layer` while `loss()` runs the model it belongs to
 * (once, in eval mode). `layer.forward` is replaced by the unrolled one for that call only; the
 * model's parameter gradients are restored afterwards. Unidirectional layers without `lengths`.
 *
 * @example
 * const norms = stepGradientNorms(model, model.recurrent, () => mseLoss(model.forward(x), y));
 * norms.layers[0][0] / norms.layers[0][T - 1];  // how much of the gradient reaches step 1
 */
export function stepGradientNorms(model: Module, layer: AnyRecurrentLayer, loss: () => Tensor): StepGradientNorms {
  if (layer.bidirectional) throw new ValueError('stepGradientNorms: bidirectional layers are not supported (the reverse direction has no single last step)');
  const params = model.parameters();
  const grads = params.map((p) => p.grad);
  for (const p of params) p.grad = null;
  const wasTraining = model.training;
  model.eval();
  const probes: Tensor[][] = [];
  const own = Object.getOwnPropertyDescriptor(layer, 'forward');
  (layer as { forward: unknown }).forward = unrolled(layer, probes);
  try {
    const l = loss();
    if (l.size !== 1) throw new ShapeError('stepGradientNorms: the loss', '[] (a scalar)', l.shape);
    l.backward();
  } finally {
    if (own) Object.defineProperty(layer, 'forward', own);
    else delete (layer as { forward?: unknown }).forward;
    model.train(wasTraining);
    params.forEach((p, i) => (p.grad = grads[i]));
  }
  if (probes.length === 0) throw new ValueError('stepGradientNorms: the loss never ran the layer');
  const H = layer.hiddenSize;
  const layers = probes.map((steps) => {
    const norms = new Float64Array(steps.length);
    steps.forEach((z, t) => {
      const g = z.grad?.data;
      const B = z.shape[0];
      let sum = 0;
      for (let b = 0; b < B; b++) {
        let sq = 0;
        for (let j = 0; j < H; j++) sq += g ? g[b * H + j] * g[b * H + j] : 0;
        sum += Math.sqrt(sq);
      }
      norms[t] = sum / B;
    });
    return norms;
  });
  return { layers };
}

/** A forward with the layer's signature that runs it step by step, pushing each layer's z_t into `probes`. */
function unrolled(layer: AnyRecurrentLayer, probes: Tensor[][]) {
  const kind = cellKindOf(layer);
  const H = layer.hiddenSize;
  return (input: Tensor, state?: Tensor | [Tensor, Tensor] | null, options: { lengths?: unknown } = {}): unknown => {
    if (options.lengths) throw new ValueError('stepGradientNorms: sequences with lengths are not supported');
    if (input.ndim !== 3) throw new ShapeError('stepGradientNorms input', layer.batchFirst ? '[B, T, I]' : '[T, B, I]', input.shape);
    let x = layer.batchFirst ? input.transpose(0, 1) : input; // [T, B, I]
    const [T, B] = x.shape;
    const h0 = Array.isArray(state) ? state[0] : state ?? null;
    const c0 = Array.isArray(state) ? state[1] : null;
    const zero = () => new Tensor(alloc(layer.dtype, B * H), [B, H]);
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    probes.length = 0;
    for (let l = 0; l < layer.numLayers; l++) {
      const w = layer.weights[l][0];
      let h = h0 ? h0.select(0, l) : zero();
      let c = kind === 'lstm' ? (c0 ? c0.select(0, l) : zero()) : null;
      const outs: Tensor[] = [];
      const zs: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const [, hT, cT] = recurrentLayer(kind, x.select(0, t).unsqueeze(0), w.weightIh, w.weightHh, w.biasIh, w.biasHh, h, c, null, false);
        const z = new Tensor(alloc(layer.dtype, B * H), [B, H], true);
        h = add(hT, z);
        c = cT;
        zs.push(z);
        outs.push(h);
      }
      probes.push(zs);
      hs.push(h);
      if (c) cs.push(c);
      x = stack(outs, 0); // [T, B, H]
    }
    const out = layer.batchFirst ? x.transpose(0, 1) : x;
    const hN = stack(hs, 0);
    return kind === 'lstm' ? [out, [hN, stack(cs, 0)]] : [out, hN];
  };
}
