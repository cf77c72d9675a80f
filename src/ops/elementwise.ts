import type { Arr } from '../tensor/dtype.js';
import type { BinaryOp, UnaryOp } from '../backend/backend.js';
import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import { record, needsGrad } from '../autograd/record.js';
import { broadcastArr, empty, sameDType } from './util.js';

function bin(op: BinaryOp, a: Tensor, b: Tensor): { out: Tensor; shape: number[] } {
  sameDType(op, a, b);
  const shape = broadcastShapes(a.shape, b.shape, op);
  const data = empty(a, shape);
  backend().binary(op, a.data, a.shape, b.data, b.shape, data, shape);
  return { out: new Tensor(data, shape), shape };
}

/** Reduce a broadcast gradient back to an input's shape. */
function reduceTo(g: Arr, gShape: readonly number[], shape: readonly number[]): Arr {
  if (sameShape(gShape, shape)) return g;
  const r = empty(g, shape);
  backend().sumTo(g, gShape, r, shape);
  return r;
}

function times(op: BinaryOp, x: Arr, xShape: readonly number[], y: Arr, yShape: readonly number[], shape: readonly number[]): Arr {
  const r = empty(x, shape);
  backend().binary(op, x, xShape, y, yShape, r, shape);
  return r;
}

/** a + b. ∂/∂a = 1, ∂/∂b = 1 (summed over broadcast axes). */
export function add(a: Tensor, b: Tensor): Tensor {
  const { out, shape } = bin('add', a, b);
  record('add', [a, b], [out], ([g]) => [reduceTo(g!, shape, a.shape), reduceTo(g!, shape, b.shape)]);
  return out;
}

/** a − b. */
export function sub(a: Tensor, b: Tensor): Tensor {
  const { out, shape } = bin('sub', a, b);
  record('sub', [a, b], [out], ([g]) => {
    const gb = reduceTo(g!, shape, b.shape);
    const neg = empty(gb, b.shape);
    backend().unary('neg', gb, neg);
    return [reduceTo(g!, shape, a.shape), neg];
  });
  return out;
}

/** a ⊙ b. ∂/∂a = b, ∂/∂b = a. */
export function mul(a: Tensor, b: Tensor): Tensor {
  const { out, shape } = bin('mul', a, b);
  record('mul', [a, b], [out], ([g]) => [
    a.requiresGrad ? reduceTo(times('mul', g!, shape, b.data, b.shape, shape), shape, a.shape) : null,
    b.requiresGrad ? reduceTo(times('mul', g!, shape, a.data, a.shape, shape), shape, b.shape) : null,
  ]);
  return out;
}

/** a / b. ∂/∂a = 1/b, ∂/∂b = −a/b². */
export function div(a: Tensor, b: Tensor): Tensor {
  const { out, shape } = bin('div', a, b);
  record('div', [a, b], [out], ([g]) => {
    let gb: Arr | null = null;
    if (b.requiresGrad) {
      // −g·out/b
      const t = times('mul', g!, shape, out.data, shape, shape);
      const u = times('div', t, shape, b.data, b.shape, shape);
      backend().unary('neg', u, u);
      gb = reduceTo(u, shape, b.shape);
    }
    return [a.requiresGrad ? reduceTo(times('div', g!, shape, b.data, b.shape, shape), shape, a.shape) : null, gb];
  });
  return out;
}

function pick(op: 'maximum' | 'minimum', a: Tensor, b: Tensor): Tensor {
  const { out, shape } = bin(op, a, b);
  record(op, [a, b], [out], ([g]) => {
    // The gradient goes to the input that was chosen (a on ties), then sums back to each shape.
    const av = broadcastArr(a.data, a.shape, shape);
    const bv = broadcastArr(b.data, b.shape, shape);
    const ga = empty(a, shape);
    const gb = empty(b, shape);
    backend().pickGrad(op, av, bv, g!, ga, gb);
    return [reduceTo(ga, shape, a.shape), reduceTo(gb, shape, b.shape)];
  });
  return out;
}

export function maximum(a: Tensor, b: Tensor): Tensor { return pick('maximum', a, b); }
export function minimum(a: Tensor, b: Tensor): Tensor { return pick('minimum', a, b); }

/** x + s. */
export function addScalar(x: Tensor, s: number): Tensor {
  const data = empty(x, x.shape);
  backend().binaryScalar('add', x.data, s, data, false);
  const out = new Tensor(data, x.shape);
  record('addScalar', [x], [out], ([g]) => [g]);
  return out;
}

/** x · s. */
export function mulScalar(x: Tensor, s: number): Tensor {
  const data = empty(x, x.shape);
  backend().binaryScalar('mul', x.data, s, data, false);
  const out = new Tensor(data, x.shape);
  record('mulScalar', [x], [out], ([g]) => {
    const r = empty(g!, x.shape);
    backend().binaryScalar('mul', g!, s, r, false);
    return [r];
  });
  return out;
}

/** f(x) for a unary function, with its derivative from the backend. */
export function unaryOp(x: Tensor, op: UnaryOp, param?: number): Tensor {
  const data = empty(x, x.shape);
  backend().unary(op, x.data, data, param);
  const out = new Tensor(data, x.shape);
  if (needsGrad(x)) {
    record(op, [x], [out], ([g]) => {
      const r = empty(g!, x.shape);
      backend().unaryGrad(op, x.data, data, g!, r, param);
      return [r];
    });
  }
  return out;
}

/** min(max(x, lo), hi); the gradient passes only where x was inside [lo, hi]. */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  const data = empty(x, x.shape);
  backend().clamp(x.data, lo, hi, data);
  const out = new Tensor(data, x.shape);
  record('clamp', [x], [out], ([g]) => {
    const r = empty(g!, x.shape);
    backend().clampGrad(x.data, lo, hi, g!, r);
    return [r];
  });
  return out;
}
