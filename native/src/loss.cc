// Softmax cross-entropy per row, loss and gradient in one pass, as src/backend/js/cross-entropy.ts
// (equations at SoftmaxCrossEntropyArgs of backend.ts), in float32: the max, then Σ exp(x − max)
// with the exponentials kept in the gradient row, then the gradient. Rows with t = ignoreIndex or
// row weight 0 are zero and their logits are never read; the glue has checked every other target.

#include <math.h>
#include <string.h>
#include "ops.h"
#include "simd.h"

namespace RK_NS {

void softmax_xent(const RkSoftmaxXent* a) {
  const int N = a->N, C = a->C;
  const float* w = a->class_weight;
  const float eps = a->label_smoothing;
  float W = (float)C;  // Σ_c w[c]
  if (w) {
    W = 0;
    for (int c = 0; c < C; c++) W += w[c];
  }
  for (int n = 0; n < N; n++) {
    const int t = a->targets[n];
    const float m = a->row_weight ? a->row_weight[n] : 1.0f;
    const float* x = a->x + (size_t)n * C;
    float* g = a->grad ? a->grad + (size_t)n * C : nullptr;
    if (t == a->ignore_index || m == 0) {
      a->loss[n] = 0;
      if (g) memset(g, 0, (size_t)C * 4);
      continue;
    }
    float mx = -INFINITY;
    for (int c = 0; c < C; c++) mx = x[c] > mx ? x[c] : mx;
    // Σ exp(x − max) in RK_VF float lanes (the lanes of a partial last vector past C cleared),
    // then lane by lane; the exponentials are kept in the gradient row.
    vf vs = vsplat(0);
    const vf vmx = vsplat(mx);
    for (int c = 0; c < C; c += RK_VF) {
      const int r = C - c < RK_VF ? C - c : RK_VF;
      vf e = vexp(vload_n(x + c, r) - vmx);
      if (r < RK_VF) {
        vi lane;
        for (int l = 0; l < RK_VF; l++) lane[l] = l;
        e = (vf)((vi)e & (lane < r));
      }
      if (g) vstore_n(g + c, e, r);
      vs += e;
    }
    float s = 0, wx = 0;  // Σ exp(x − max); Σ w·x for label smoothing
    for (int l = 0; l < RK_VF; l++) s += vs[l];
    if (eps != 0) {
      for (int c = 0; c < C; c++) wx += (w ? w[c] : 1.0f) * x[c];
    }
    const float lse = mx + logf(s);
    const float hard = (1 - eps) * (w ? w[t] : 1.0f) * m;  // weight of the target term
    const float soft = (eps / (float)C) * m;              // weight of the uniform term
    a->loss[n] = -hard * (x[t] - lse) - (eps != 0 ? soft * (wx - W * lse) : 0.0f);
    if (!g) continue;
    const float scale = (hard + soft * W) / s;
    if (eps != 0) {
      for (int c = 0; c < C; c++) g[c] = g[c] * scale - soft * (w ? w[c] : 1.0f);
    } else {
      for (int c = 0; c < C; c++) g[c] = g[c] * scale;
    }
    g[t] -= hard;
  }
}

}  // namespace RK_NS
