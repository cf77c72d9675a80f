import { Module, type ModuleConfig } from './module.js';
import type { Tensor } from '../tensor/tensor.js';

/** A module mapping one tensor to one tensor. */
export interface TensorLayer extends Module {
  forward(x: Tensor): Tensor;
}

/**
 * Layers applied in order; parameters are keyed '0.weight', '1.bias', … as in PyTorch.
 * @example
 * const head = new Sequential(new Linear(64, 32), new Tanh(), new Linear(32, 1));
 */
export class Sequential extends Module {
  readonly layers: TensorLayer[];
  constructor(...layers: TensorLayer[]) {
    super();
    this.layers = layers;
    layers.forEach((l, i) => this.registerModule(String(i), l));
  }
  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, l) => l.forward(h), x);
  }
  override config(): ModuleConfig {
    return { type: 'Sequential', options: {}, children: this.layers.map((l) => l.config()) };
  }
}

/** Elementwise activations as layers, for Sequential. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return x.tanh(); }
  override config(): ModuleConfig { return { type: 'Tanh', options: {} }; }
}
/** max(0, x), elementwise, as a module (for {@link Sequential}). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return x.relu(); }
  override config(): ModuleConfig { return { type: 'ReLU', options: {} }; }
}
/** σ(x) = 1 / (1 + e⁻ˣ), elementwise, as a module (for {@link Sequential}). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return x.sigmoid(); }
  override config(): ModuleConfig { return { type: 'Sigmoid', options: {} }; }
}
