// Adam / AdamW / AMSGrad and SGD over many parameters in one call, as src/backend/js/optim.ts
// and assembly/optim.ts (float32 arithmetic, the formulas of the latter).
//
// The parameters are taken end to end as one range of Σ n elements, which the threads split in
// blocks of 1024; each element's update is the same chain of float operations wherever it
// falls (the builds compile with -ffp-contract=off, so a vectorised body and a scalar tail round
// alike), hence results never depend on the thread count.

#include <math.h>
#include "ops.h"
#include "sync.h"

namespace RK_NS {

namespace {

constexpr int64_t kBlock = 1024;

static inline int64_t imin64(int64_t a, int64_t b) { return a < b ? a : b; }

/** Adam on elements [i0, i1) of parameter q. */
static void adam_range(const RkParam& q, size_t i0, size_t i1, const RkAdam& o) {
  float* __restrict p = q.p;
  const float* __restrict g = q.g;
  float* __restrict m = q.m;
  float* __restrict v = q.v;
  float* __restrict vmax = q.v_max;
  const float b1 = o.beta1, b2 = o.beta2, ob1 = 1 - o.beta1, ob2 = 1 - o.beta2;
  const float wd = o.weight_decay, decay = 1 - o.lr * o.weight_decay, eps = o.eps;
  const float ss = q.lr_over_bc1, sb = q.sqrt_bc2;
  const bool l2 = wd != 0 && !o.decoupled, dec = wd != 0 && o.decoupled;
  for (size_t i = i0; i < i1; i++) {
    float pi = p[i], gi = g[i];
    if (dec) pi = pi * decay;
    if (l2) gi = gi + wd * pi;
    const float mi = b1 * m[i] + ob1 * gi;
    float vi = b2 * v[i] + ob2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    if (vmax) {
      vi = vi > vmax[i] ? vi : vmax[i];
      vmax[i] = vi;
    }
    p[i] = pi - ss * mi / (sqrtf(vi) / sb + eps);
  }
}

/** SGD on elements [i0, i1) of parameter q. */
static void sgd_range(const RkParam& q, size_t i0, size_t i1, const RkSgd& o) {
  float* __restrict p = q.p;
  const float* __restrict g = q.g;
  float* __restrict buf = q.m;
  const float wd = o.weight_decay, mu = o.momentum, od = 1 - o.dampening, lr = o.lr;
  if (!buf || mu == 0) {
    for (size_t i = i0; i < i1; i++) p[i] = p[i] - lr * (g[i] + wd * p[i]);
  } else if (q.first_step) {
    for (size_t i = i0; i < i1; i++) {
      const float d = g[i] + wd * p[i];
      buf[i] = d;
      p[i] = p[i] - lr * (o.nesterov ? d + mu * d : d);
    }
  } else {
    for (size_t i = i0; i < i1; i++) {
      const float d = g[i] + wd * p[i];
      const float b = mu * buf[i] + od * d;
      buf[i] = b;
      p[i] = p[i] - lr * (o.nesterov ? d + mu * b : b);
    }
  }
}

/** Call f(param, i0, i1) on this thread's share of the elements of all parameters. */
template <typename F>
static void for_share(const RkParam* params, int count, const RkSync& sync, F f) {
  int64_t total = 0;
  for (int j = 0; j < count; j++) total += (int64_t)params[j].n;
  const int64_t blocks = (total + kBlock - 1) / kBlock;
  const int64_t lo = imin64(blocks * sync.tid / sync.nt * kBlock, total);
  const int64_t hi = imin64(blocks * (sync.tid + 1) / sync.nt * kBlock, total);
  int64_t off = 0;
  for (int j = 0; j < count && off < hi; j++) {
    const int64_t n = (int64_t)params[j].n;
    const int64_t i0 = lo - off > 0 ? lo - off : 0, i1 = hi - off < n ? hi - off : n;
    if (i0 < i1) f(params[j], (size_t)i0, (size_t)i1);
    off += n;
  }
}

}  // namespace

void adam_many(const RkParam* params, int count, const RkAdam* o, const RkSync* sync) {
  for_share(params, count, *sync, [o](const RkParam& q, size_t i0, size_t i1) { adam_range(q, i0, i1, *o); });
}

void sgd_many(const RkParam* params, int count, const RkSgd* o, const RkSync* sync) {
  for_share(params, count, *sync, [o](const RkParam& q, size_t i0, size_t i1) { sgd_range(q, i0, i1, *o); });
}

}  // namespace RK_NS
