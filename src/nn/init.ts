import type { Tensor } from '../tensor/tensor.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { ShapeError, ValueError } from '../errors.js';

/**
 * Initialisers, in place on a parameter. All take an optional generator; without one the
 * default (seeded by `manualSeed`) is used.
 */

/** U(low, high). PyTorch's default for recurrent layers is U(−1/√H, 1/√H). */
export function uniform_(t: Tensor, low: number, high: number, g: Generator = defaultGenerator()): Tensor {
  for (let i = 0; i < t.size; i++) t.data[i] = low + (high - low) * g.uniform();
  return t;
}

/** N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1, g: Generator = defaultGenerator()): Tensor {
  for (let i = 0; i < t.size; i++) t.data[i] = mean + std * g.normal();
  return t;
}

/** Every element set to `value`. */
export function constant_(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

/** Every element set to 0. */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/** fan_in, fan_out of a [out, in] weight. */
function fans(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new ShapeError('fan computation', 'a weight of rank ≥ 2', t.shape);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/** Glorot/Xavier uniform: U(±gain·√(6/(fan_in+fan_out))). */
export function xavierUniform_(t: Tensor, gain = 1, g: Generator = defaultGenerator()): Tensor {
  const [fi, fo] = fans(t);
  const a = gain * Math.sqrt(6 / (fi + fo));
  return uniform_(t, -a, a, g);
}

/** Glorot/Xavier normal: N(0, gain²·2/(fan_in+fan_out)). */
export function xavierNormal_(t: Tensor, gain = 1, g: Generator = defaultGenerator()): Tensor {
  const [fi, fo] = fans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fi + fo)), g);
}

/** Kaiming/He uniform for a given fan_in: U(±gain·√(3/fan_in)). PyTorch's Linear uses gain √(1/3)·√2… i.e. U(±1/√fan_in). */
export function kaimingUniform_(t: Tensor, gain = Math.SQRT2, g: Generator = defaultGenerator()): Tensor {
  const [fi] = fans(t);
  const a = gain * Math.sqrt(3 / fi);
  return uniform_(t, -a, a, g);
}

/**
 * A (semi-)orthogonal matrix (rows or columns orthonormal) times `gain`, from the QR of a
 * Gaussian matrix with the sign correction that makes it uniformly distributed (Saxe et al.).
 * Applied to a packed recurrent weight [G·H, H], each H×H gate block is made orthogonal.
 */
export function orthogonal_(t: Tensor, gain = 1, g: Generator = defaultGenerator()): Tensor {
  if (t.ndim !== 2) throw new ShapeError('orthogonal_', 'a 2-D weight', t.shape);
  const [rows, cols] = t.shape;
  const tall = rows >= cols;
  const n = tall ? rows : cols; // long side
  const k = tall ? cols : rows; // short side
  // Gram–Schmidt (modified) on k Gaussian vectors of length n.
  const q = new Float64Array(k * n);
  for (let i = 0; i < k * n; i++) q[i] = g.normal();
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let x = 0; x < n; x++) dot += q[i * n + x] * q[j * n + x];
      for (let x = 0; x < n; x++) q[i * n + x] -= dot * q[j * n + x];
    }
    let norm = 0;
    for (let x = 0; x < n; x++) norm += q[i * n + x] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new ValueError('orthogonal_: degenerate random draw; try another seed');
    for (let x = 0; x < n; x++) q[i * n + x] /= norm;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) t.data[r * cols + c] = gain * (tall ? q[c * n + r] : q[r * n + c]);
  }
  return t;
}

/** Identity (scaled) — the IRNN initialisation of W_hh for ReLU RNNs (Le et al. 2015). */
export function eye_(t: Tensor, scale = 1): Tensor {
  if (t.ndim !== 2) throw new ShapeError('eye_', 'a 2-D weight', t.shape);
  const [rows, cols] = t.shape;
  t.data.fill(0);
  for (let i = 0; i < Math.min(rows, cols); i++) t.data[i * cols + i] = scale;
  return t;
}

/**
 * Set the forget-gate slice (rows H..2H of the packed i,f,g,o bias) of every LSTM bias to
 * `value` (Jozefowicz et al. 2015; Keras's unit_forget_bias). Because PyTorch has two biases
 * (b_ih and b_hh) that add, b_ih's slice gets `value` and b_hh's gets 0, so the sum is `value`.
 */
export function lstmForgetBias_(lstm: { hiddenSize: number; namedParameters(): IterableIterator<[string, Tensor]> }, value = 1): void {
  const H = lstm.hiddenSize;
  for (const [key, p] of lstm.namedParameters()) {
    if (!/(^|\.)bias_(ih|hh)(_l\d+)?(_reverse)?$/.test(key)) continue;
    if (p.size !== 4 * H) throw new ShapeError(`lstmForgetBias_ (${key})`, [4 * H], p.shape, 'expected an LSTM bias with gates i, f, g, o');
    p.data.fill(key.includes('bias_ih') ? value : 0, H, 2 * H);
  }
}
