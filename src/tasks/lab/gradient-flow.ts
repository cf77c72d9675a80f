/**
 * Per-step gradient norms ‖∂L/∂h_t‖ of a recurrent layer inside a model, from the fused BPTT
 * kernels: one forward of the model with a GradientNormRecorder handed to the layer's forward
 * call, one backward, and the recorder holds, per layer and step,
 *
 *   norm_t = ‖∂L/∂h_t‖ = sqrt(Σ_b Σ_j (∂L/∂h_t[b, j])²)      (float64, over the whole batch)
 *
 * — the whole gradient that reaches h_t, through the read-out and the later steps. The model's
 * parameter gradients are left as they were.
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { RNN } from '../../nn/rnn.js';
import type { LSTM } from '../../nn/lstm.js';
import type { GRU } from '../../nn/gru.js';
import type { Module } from '../../nn/module.js';
import { GradientNormRecorder } from '../../diagnostics/gradient-norms.js';
import { ShapeError, ValueError } from '../../errors.js';

export type AnyRecurrentLayer = RNN | LSTM | GRU;

/** Gradient norms per layer and step: `layers[l][t]` = ‖∂L/∂h_t‖ of layer l over the batch. */
export interface StepGradientNorms {
  readonly layers: Float64Array[];
}

/**
 * ‖∂L/∂h_t‖ for every layer and step of `layer` while `loss()` runs the model it belongs to
 * (once, in eval mode). The layer's forward is wrapped for that call only, adding
 * `{ gradientNorms: recorder }` to its options, so a model that calls it from inside its own
 * forward needs no change. Unidirectional layers (the forward direction of a bidirectional one
 * would be reported alone, so they are refused).
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
  const recorder = new GradientNormRecorder();
  const own = layer.forward;
  const ownProperty = Object.getOwnPropertyDescriptor(layer, 'forward'); // normally none: the prototype's
  let calls = 0;
  (layer as { forward: unknown }).forward = (input: Tensor, state: unknown, options: object = {}) => {
    calls++;
    return (own as (i: Tensor, s: unknown, o: object) => unknown).call(layer, input, state, { ...options, gradientNorms: recorder });
  };
  try {
    const l = loss();
    if (l.size !== 1) throw new ShapeError('stepGradientNorms: the loss', '[] (a scalar)', l.shape);
    l.backward();
  } finally {
    if (ownProperty) Object.defineProperty(layer, 'forward', ownProperty);
    else delete (layer as { forward?: unknown }).forward; // back to the prototype's
    model.train(wasTraining);
    params.forEach((p, i) => (p.grad = grads[i]));
  }
  if (calls !== 1) throw new ValueError(`stepGradientNorms: the loss ran the layer ${calls} times; expected once`);
  return { layers: Array.from({ length: layer.numLayers }, (_, l) => recorder.get(l, 'forward').hidden) };
}
