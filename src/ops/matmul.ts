import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, fmtShape, sizeOf } from '../tensor/shape.js';
import { record } from '../autograd/record.js';
import { ShapeError } from '../errors.js';
import { empty, sameDType } from './util.js';

/**
 * Matrix product over the last two dims: a [..., M, K] · b [..., K, N] → [..., M, N]; the leading
 * dims broadcast (a 2-D `b` is shared by every batch, the common `x · Wᵀ` case).
 *   ∂L/∂a = g · bᵀ,  ∂L/∂b = aᵀ · g
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  sameDType('matmul', a, b);
  if (a.ndim < 2 || b.ndim < 2) throw new ShapeError('matmul', 'two tensors of rank ≥ 2', `${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const M = a.shape[a.ndim - 2], K = a.shape[a.ndim - 1];
  const K2 = b.shape[b.ndim - 2], N = b.shape[b.ndim - 1];
  if (K !== K2) throw new ShapeError('matmul', `b with ${K} rows to match a ${fmtShape(a.shape)}`, fmtShape(b.shape));
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch, 'matmul (batch dims)');
  const nb = sizeOf(batch);
  for (const bb of [aBatch, bBatch]) {
    if (sizeOf(bb) !== 1 && sizeOf(bb) !== nb) {
      throw new ShapeError('matmul', `batch dims equal or of size 1 (broadcast ${fmtShape(batch)})`, `${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
    }
  }
  const shape = [...batch, M, N];
  const be = backend();
  // Fast path: b is one matrix shared by all batches and a is contiguous → one GEMM.
  const shared = sizeOf(bBatch) === 1 && sizeOf(aBatch) === nb;
  const aIdx = (i: number) => (sizeOf(aBatch) === 1 ? 0 : i) * M * K;
  const bIdx = (i: number) => (sizeOf(bBatch) === 1 ? 0 : i) * K * N;
  const data = empty(a, shape);
  if (shared) {
    be.gemm({ transA: false, transB: false, m: nb * M, n: N, k: K, alpha: 1, a: a.data, aOffset: 0, lda: K, b: b.data, bOffset: 0, ldb: N, beta: 0, c: data, cOffset: 0, ldc: N });
  } else {
    for (let i = 0; i < nb; i++) {
      be.gemm({ transA: false, transB: false, m: M, n: N, k: K, alpha: 1, a: a.data, aOffset: aIdx(i), lda: K, b: b.data, bOffset: bIdx(i), ldb: N, beta: 0, c: data, cOffset: i * M * N, ldc: N });
    }
  }
  const out = new Tensor(data, shape);
  record('matmul', [a, b], [out], ([g]) => {
    let ga = null, gb = null;
    if (a.requiresGrad) {
      ga = empty(a, a.shape);
      if (shared) {
        be.gemm({ transA: false, transB: true, m: nb * M, n: K, k: N, alpha: 1, a: g!, aOffset: 0, lda: N, b: b.data, bOffset: 0, ldb: N, beta: 0, c: ga, cOffset: 0, ldc: K });
      } else {
        for (let i = 0; i < nb; i++) {
          be.gemm({ transA: false, transB: true, m: M, n: K, k: N, alpha: 1, a: g!, aOffset: i * M * N, lda: N, b: b.data, bOffset: bIdx(i), ldb: N, beta: 1, c: ga, cOffset: aIdx(i), ldc: K });
        }
      }
    }
    if (b.requiresGrad) {
      gb = empty(b, b.shape);
      if (shared) {
        be.gemm({ transA: true, transB: false, m: K, n: N, k: nb * M, alpha: 1, a: a.data, aOffset: 0, lda: K, b: g!, bOffset: 0, ldb: N, beta: 0, c: gb, cOffset: 0, ldc: N });
      } else {
        for (let i = 0; i < nb; i++) {
          be.gemm({ transA: true, transB: false, m: K, n: N, k: M, alpha: 1, a: a.data, aOffset: aIdx(i), lda: K, b: g!, bOffset: i * M * N, ldb: N, beta: 1, c: gb, cOffset: bIdx(i), ldc: N });
        }
      }
    }
    return [ga, gb];
  });
  return out;
}
