import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import { record } from '../autograd/record.js';
import { ShapeError } from '../errors.js';
import { empty, sameDType } from './util.js';
import { takeGradient } from '../autograd/recycle.js';

/**
 * y = x·Wᵀ + b over the last dim: x [..., in], W [out, in], b [out] → y [..., out].
 * One GEMM forward; backward: ∂x = g·W, ∂W = gᵀ·x, ∂b = Σ_rows g.
 */
export function linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  sameDType('linear', x, w, b);
  const [outF, inF] = w.shape;
  if (x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError('Linear', `[..., ${inF}]`, fmtShape(x.shape), `the last dim must equal inFeatures=${inF}`);
  }
  const rows = x.size / inF;
  const shape = [...x.shape.slice(0, -1), outF];
  const be = backend();
  const data = empty(x, shape);
  // With a bias, y starts as b on every row and the GEMM adds x·Wᵀ to it (β = 1).
  if (b) be.broadcastTo(b.data, [outF], data, [rows, outF]);
  be.gemm({ transA: false, transB: true, m: rows, n: outF, k: inF, alpha: 1, a: x.data, aOffset: 0, lda: inF, b: w.data, bOffset: 0, ldb: inF, beta: b ? 1 : 0, c: data, cOffset: 0, ldc: outF });
  const out = new Tensor(data, shape);
  record('linear', [x, w, b], [out], ([g]) => {
    let gx = null, gw = null, gb = null;
    if (x.requiresGrad) {
      // Written whole by the GEMM (β = 0 never reads C), handed to x's node alone.
      gx = takeGradient(x.dtype, x.size);
      be.gemm({ transA: false, transB: false, m: rows, n: inF, k: outF, alpha: 1, a: g!, aOffset: 0, lda: outF, b: w.data, bOffset: 0, ldb: inF, beta: 0, c: gx, cOffset: 0, ldc: inF });
    }
    if (w.requiresGrad) {
      gw = takeGradient(w.dtype, w.size);
      be.gemm({ transA: true, transB: false, m: outF, n: inF, k: rows, alpha: 1, a: g!, aOffset: 0, lda: outF, b: x.data, bOffset: 0, ldb: inF, beta: 0, c: gw, cOffset: 0, ldc: inF });
    }
    if (b && b.requiresGrad) {
      gb = takeGradient(b.dtype, b.size); // sumTo overwrites
      be.sumTo(g!, [rows, outF], gb, [outF]);
    }
    return [gx, gw, gb];
  });
  return out;
}
