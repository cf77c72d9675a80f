import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor.js';
import { Generator } from '../../src/random/generator.js';

/**
 * Compare autograd gradients of L = Σ fn(inputs) ⊙ R (R random, fixed) with central finite
 * differences, in float64. Every input must be float64 with requiresGrad set.
 */
export function gradcheck(fn: (inputs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], { eps = 1e-6, atol = 1e-6, rtol = 1e-5, seed = 1 } = {}): void {
  for (const t of inputs) assert.equal(t.dtype, 'float64', 'gradcheck needs float64 inputs');
  const g = new Generator(seed);
  let weights: Float64Array[] | null = null;
  const loss = (): { value: number; tensor: Tensor | null } => {
    const outs = [fn(inputs)].flat();
    if (!weights) weights = outs.map((o) => Float64Array.from({ length: o.size }, () => g.normal()));
    let total: Tensor | null = null;
    let value = 0;
    outs.forEach((o, k) => {
      const w = new Tensor(weights![k], o.shape);
      const term = o.mul(w).sum();
      total = total ? total.add(term) : term;
      value += term.item();
    });
    return { value, tensor: total };
  };
  for (const t of inputs) t.grad = null;
  const { tensor } = loss();
  tensor!.backward();
  inputs.forEach((t, k) => {
    if (!t.requiresGrad) return;
    const analytic = t.grad ? Float64Array.from(t.grad.data) : new Float64Array(t.size);
    for (let i = 0; i < t.size; i++) {
      const orig = t.data[i];
      t.data[i] = orig + eps;
      const up = loss().value;
      t.data[i] = orig - eps;
      const down = loss().value;
      t.data[i] = orig;
      const numeric = (up - down) / (2 * eps);
      const err = Math.abs(numeric - analytic[i]);
      assert.ok(err <= atol + rtol * Math.abs(numeric), `input ${k} element ${i}: analytic ${analytic[i]} vs numeric ${numeric} (error ${err})`);
    }
  });
}

/** Random float64 leaf tensor with requiresGrad. */
export function randLeaf(shape: number[], g: Generator, scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float64Array.from({ length: n }, () => g.normal() * scale), shape, true);
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { atol = 1e-6, rtol = 0, msg = '' } = {}): void {
  assert.equal(actual.length, expected.length, `${msg}: length ${actual.length} vs expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= atol + rtol * Math.abs(expected[i]))) {
      assert.fail(`${msg}: element ${i}: got ${actual[i]}, expected ${expected[i]} (error ${err})`);
    }
  }
}
