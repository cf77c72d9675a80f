/**
 * Finding the recurrent layers of a model and naming their gate blocks, shared by the spectrum
 * and saturation diagnostics.
 */

import type { Module } from '../nn/module.js';
import { RecurrentBase } from '../nn/recurrent-base.js';
import { RNN } from '../nn/rnn.js';
import { ValueError } from '../errors.js';

/** How a gate's pre-activation is squashed. */
export type GateActivation = 'sigmoid' | 'tanh' | 'relu';

/** A gate block of a packed weight: its PyTorch letter and its nonlinearity. */
export interface GateInfo {
  /** LSTM i, f, g, o; GRU r, z, n; RNN h. */
  readonly gate: string;
  readonly activation: GateActivation;
}

/** The gate blocks of `layer` in PyTorch's packing order (rows k·H … (k+1)·H of weight_ih / weight_hh). */
export function gatesOfLayer(layer: RecurrentBase): readonly GateInfo[] {
  const G = layer.weights[0][0].weightHh.shape[0] / layer.hiddenSize;
  if (G === 4) return [{ gate: 'i', activation: 'sigmoid' }, { gate: 'f', activation: 'sigmoid' }, { gate: 'g', activation: 'tanh' }, { gate: 'o', activation: 'sigmoid' }];
  if (G === 3) return [{ gate: 'r', activation: 'sigmoid' }, { gate: 'z', activation: 'sigmoid' }, { gate: 'n', activation: 'tanh' }];
  return [{ gate: 'h', activation: layer instanceof RNN && layer.nonlinearity === 'relu' ? 'relu' : 'tanh' }];
}

/** The recurrent layers inside `model` (or `model` itself), with their module paths ('' for the model). */
export function recurrentLayersOf(model: Module, where: string): { path: string; layer: RecurrentBase }[] {
  const found: { path: string; layer: RecurrentBase }[] = [];
  for (const [path, m] of model.namedModules()) if (m instanceof RecurrentBase) found.push({ path, layer: m });
  if (!found.length) throw new ValueError(`${where}: ${model.constructor.name} holds no recurrent layer (RNN, LSTM or GRU); pass the layer or a model containing one`);
  return found;
}

/** PyTorch's suffix of layer `l`, direction `d`: '_l0', '_l1_reverse'. */
export function suffixOf(l: number, d: number): string {
  return `_l${l}${d === 1 ? '_reverse' : ''}`;
}
