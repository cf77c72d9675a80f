/**
 * The spectrum of the recurrent weights W_hh, per layer, direction and gate block. Near the
 * zero state a recurrent step is linear in h with Jacobian ≈ diag(act′)·W_hh, so the gradient
 * back through k steps scales like the k-th power of the block: a spectral radius below 1
 * makes it vanish geometrically, above 1 lets it grow, and the largest singular value bounds
 * the growth of any single step (Pascanu et al. 2013).
 */

import type { Module } from '../nn/module.js';
import { gatesOfLayer, recurrentLayersOf, suffixOf } from './layers.js';
import { singularValues, spectralRadius } from './linalg.js';

/** The spectrum of one [H, H] gate block of W_hh. */
export interface GateSpectrum {
  /** LSTM i, f, g, o; GRU r, z, n; RNN h. */
  readonly gate: string;
  /** Singular values, descending (σ_max = the spectral norm ‖W‖₂). */
  readonly singularValues: Float64Array; // [H]
  /** max |λ| over the block's (complex) eigenvalues. */
  readonly spectralRadius: number;
}

/** The spectrum of one weight_hh_l{k}[_reverse]. */
export interface WeightSpectrum {
  /** Parameter name as in the state dict: 'weight_hh_l0', 'encoder.weight_hh_l1_reverse'. */
  readonly name: string;
  readonly layer: number;
  readonly direction: 0 | 1;
  readonly gates: readonly GateSpectrum[];
}

/**
 * Singular values and spectral radius of every gate block of every W_hh in `model` (a
 * recurrent layer or a model holding some), computed in float64 whatever the weights' dtype:
 * one-sided Jacobi for the singular values, Hessenberg + shifted QR for the eigenvalues of the
 * non-symmetric block. Costs O(H³) per block: about 0.25 s for an LSTM at H = 128, 2.5 s at
 * H = 256 (four blocks); record every few epochs for large layers.
 *
 * @example
 * const [w] = recurrentSpectrum(new RNN({ inputSize: 1, hiddenSize: 64 }));
 * w.name;                        // 'weight_hh_l0'
 * w.gates[0].spectralRadius;     // ≈ 0.58 at PyTorch's U(−1/√H, 1/√H) initialisation
 */
export function recurrentSpectrum(model: Module): WeightSpectrum[] {
  const out: WeightSpectrum[] = [];
  for (const { path, layer } of recurrentLayersOf(model, 'recurrentSpectrum')) {
    const H = layer.hiddenSize;
    const gates = gatesOfLayer(layer);
    layer.weights.forEach((dirs, l) => dirs.forEach((w, d) => {
      const data = w.weightHh.data; // [G·H, H]: block k is rows k·H … (k+1)·H
      out.push({
        name: `${path ? `${path}.` : ''}weight_hh${suffixOf(l, d)}`,
        layer: l,
        direction: d as 0 | 1,
        gates: gates.map(({ gate }, k) => {
          const block = Float64Array.from(data.subarray(k * H * H, (k + 1) * H * H));
          return { gate, singularValues: singularValues(block, H), spectralRadius: spectralRadius(block, H) };
        }),
      });
    }));
  }
  return out;
}
