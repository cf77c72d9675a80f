import type { Gemm } from '../backend.js';

/**
 * Reference GEMM: C = α·op(A)·op(B) + β·C. Loop orders are chosen per transpose case so the
 * innermost loop walks memory contiguously; this is the readable fallback, not the fast path.
 */
export function gemm(g: Gemm): void {
  const { m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, transA, transB } = g;
  for (let i = 0; i < m; i++) {
    const ci = cOffset + i * ldc;
    if (beta === 0) for (let j = 0; j < n; j++) c[ci + j] = 0;
    else if (beta !== 1) for (let j = 0; j < n; j++) c[ci + j] *= beta;
  }
  if (!transB) {
    // i-p-j: rank-1 updates of C's row i with rows of B.
    for (let i = 0; i < m; i++) {
      const ci = cOffset + i * ldc;
      for (let p = 0; p < k; p++) {
        const av = alpha * (transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p]);
        if (av === 0) continue;
        const bp = bOffset + p * ldb;
        for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
      }
    }
    return;
  }
  // op(B) = Bᵀ: each C entry is a dot product of a row of op(A) with a row of B.
  for (let i = 0; i < m; i++) {
    const ci = cOffset + i * ldc;
    for (let j = 0; j < n; j++) {
      const bj = bOffset + j * ldb;
      let s = 0;
      if (!transA) {
        const ai = aOffset + i * lda;
        for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      } else {
        for (let p = 0; p < k; p++) s += a[aOffset + p * lda + i] * b[bj + p];
      }
      c[ci + j] += alpha * s;
    }
  }
}
