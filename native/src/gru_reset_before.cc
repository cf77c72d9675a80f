// The fused GRU whose reset gate acts on the state before the hidden product (Keras
// reset_after=False, ONNX linear_before_reset=0), forward and BPTT, one build (RK_NS): the port
// of src/backend/js/gru-reset-before.ts, with the same saved arrays (gates r, z, n; hPrev;
// aux = r ⊙ h_{t−1}). Shapes as recurrent.cc: x [T, B, I], W_ih [3H, I], W_hh [3H, H].
//
// Each step needs two hidden products, the second on r ⊙ h_{t−1}, so r of a sequence must be
// complete before its n: threads therefore split the batch by rows only (thread tid owns the
// sequences row_share(B, tid, nt) for the whole call), never the units of a step, and the steps
// need no barrier. One thread runs the same code with all rows, so every value is computed the
// same way for every thread count (per-step norms, summed over rows, are asked on one thread).
#include "recurrent.h"

#include <string.h>
#include "gemm.h"
#include "recurrent_util.h"
#include "simd.h"
#include "sync.h"

namespace RK_NS {

namespace {

/** Scratch of the forward (offsets in floats into RkScratch.shared). */
struct Forward {
  size_t proj, h_a, h_b, hh, rh, p_ih, p_rz, p_n, total;
};

Forward forward_layout(const RkRecurrentForward& a) {
  const size_t B = (size_t)a.B, H = (size_t)a.H, GH = 3 * H;
  const bool packed = a.B >= MR;  // fewer rows than a tile multiply the unpacked weights
  Forward l;
  l.proj = 0;
  l.h_a = l.proj + al(B * GH);
  l.h_b = l.h_a + al(B * H);
  l.hh = l.h_b + al(B * H);
  l.rh = l.hh + al(B * GH);
  l.p_ih = l.rh + al(B * H);
  l.p_rz = l.p_ih + (packed ? al(packed_b_floats(a.I, (int)GH)) : 0);
  l.p_n = l.p_rz + (packed ? al(packed_b_floats(a.H, 2 * a.H)) : 0);
  l.total = l.p_n + (packed ? al(packed_b_floats(a.H, a.H)) : 0);
  return l;
}

/** C[rows, n] = β·C + A·Wᵀ for W [n, k] (packed as pack_b(true, k, n, W) when p is given). */
void product(int rows, int n, int k, const float* a, int lda, const float* w, const float* p, float beta, float* c, int ldc,
  float* a_pack) {
  if (rows <= 0) return;
  if (p) gemm_packed(false, rows, n, k, 1.0f, a, lda, p, beta, c, ldc, a_pack, 0, panels(n));
  else gemm_small_nt(rows, n, k, a, lda, w, k, beta, c, ldc);
}

}  // namespace

size_t gru_reset_before_forward_scratch(const RkRecurrentForward* a, size_t* per_thread) {
  *per_thread = al(a_pack_floats());
  return forward_layout(*a).total;
}

/**
 * Per step, for this thread's sequences [r0, r1):
 *   proj = b_ih + x_t·W_ihᵀ;  hh_rz = h·W_h{r,z}ᵀ;  r, z = σ(proj_rz + hh_rz + b_h{r,z})
 *   hh_n = (r ⊙ h)·W_hnᵀ;     n = tanh(proj_n + hh_n + b_hn);  h ← (1 − z) ⊙ n + z ⊙ h
 * Ended sequences (t ≥ length) output 0, save zero gates and aux, and keep h.
 */
void gru_reset_before_forward(const RkRecurrentForward* ap, const RkScratch* sp, const RkSync* syncp) {
  const RkRecurrentForward& a = *ap;
  const RkSync& sync = *syncp;
  const int T = a.T, B = a.B, I = a.I, H = a.H, GH = 3 * H;
  const Forward l = forward_layout(a);
  float* const proj = sp->shared + l.proj;
  float* h_cur = sp->shared + l.h_a;
  float* h_next = sp->shared + l.h_b;
  float* const hh = sp->shared + l.hh;
  float* const rh = sp->shared + l.rh;
  float* const a_pack = sp->per_thread + (size_t)sync.tid * sp->per_thread_floats;
  const bool packed = B >= MR;
  float* const p_ih = packed ? sp->shared + l.p_ih : nullptr;
  float* const p_rz = packed ? sp->shared + l.p_rz : nullptr;
  float* const p_n = packed ? sp->shared + l.p_n : nullptr;
  if (packed) {
    // Each thread packs its share of the panels of the three products, then all use all.
    const int t = sync.tid, nt = sync.nt;
    pack_b(true, I, GH, a.w_ih, I, p_ih, part(panels(GH), t, nt, 1), part(panels(GH), t + 1, nt, 1));
    pack_b(true, H, 2 * H, a.w_hh, H, p_rz, part(panels(2 * H), t, nt, 1), part(panels(2 * H), t + 1, nt, 1));
    pack_b(true, H, H, a.w_hh + (size_t)2 * H * H, H, p_n, part(panels(H), t, nt, 1), part(panels(H), t + 1, nt, 1));
  }
  barrier(sync);
  int r0, r1;
  row_share(B, sync.tid, sync.nt, &r0, &r1);
  const int R = r1 - r0;
  if (R <= 0) return;
  const size_t RH = (size_t)R * H * 4;
  memcpy(h_cur + (size_t)r0 * H, a.h0 + (size_t)r0 * H, RH);

  for (int s = 0; s < T; s++) {
    const int t = a.reverse ? T - 1 - s : s;
    if (a.h_prev) memcpy(a.h_prev + ((size_t)t * B + r0) * H, h_cur + (size_t)r0 * H, RH);
    float* const pr = proj + (size_t)r0 * GH;
    if (a.b_ih) {
      for (int r = 0; r < R; r++) memcpy(pr + (size_t)r * GH, a.b_ih, (size_t)GH * 4);
    }
    product(R, GH, I, a.x + ((size_t)t * B + r0) * I, I, a.w_ih, p_ih, a.b_ih ? 1.0f : 0.0f, pr, GH, a_pack);
    product(R, 2 * H, H, h_cur + (size_t)r0 * H, H, a.w_hh, p_rz, 0.0f, hh + (size_t)r0 * GH, GH, a_pack);
    for (int b = r0; b < r1; b++) {
      const float* p = proj + (size_t)b * GH;
      const float* q = hh + (size_t)b * GH;
      const float* hb = h_cur + (size_t)b * H;
      float* const g = a.gates ? a.gates + ((size_t)t * B + b) * GH : nullptr;
      float* const rhb = rh + (size_t)b * H;
      for (int j = 0; j < H; j += RK_VF) {
        const int n = imin(RK_VF, H - j);
        vf rp = vload_n(p + j, n) + vload_n(q + j, n), zp = vload_n(p + H + j, n) + vload_n(q + H + j, n);
        if (a.b_hh) {
          rp += vload_n(a.b_hh + j, n);
          zp += vload_n(a.b_hh + H + j, n);
        }
        const vf r = vsigmoid(rp), z = vsigmoid(zp);
        vstore_n(rhb + j, r * vload_n(hb + j, n), n);
        // z waits in hh's r,z columns for the second half of the step (r is saved now)
        vstore_n((float*)q + H + j, z, n);
        if (g) {
          vstore_n(g + j, r, n);
          vstore_n(g + H + j, z, n);
        }
      }
    }
    product(R, H, H, rh + (size_t)r0 * H, H, a.w_hh + (size_t)2 * H * H, p_n, 0.0f, hh + (size_t)r0 * GH + 2 * H, GH, a_pack);
    for (int b = r0; b < r1; b++) {
      const size_t o = ((size_t)t * B + b) * H;
      const float* p = proj + (size_t)b * GH;
      const float* q = hh + (size_t)b * GH;
      const float* hb = h_cur + (size_t)b * H;
      float* const hnb = h_next + (size_t)b * H;
      float* const g = a.gates ? a.gates + ((size_t)t * B + b) * GH : nullptr;
      if (!active(a.lengths, b, t)) {
        memcpy(hnb, hb, (size_t)H * 4);
        memset(a.out + o, 0, (size_t)H * 4);
        if (g) memset(g, 0, (size_t)GH * 4);
        if (a.aux) memset(a.aux + o, 0, (size_t)H * 4);
        continue;
      }
      for (int j = 0; j < H; j += RK_VF) {
        const int n = imin(RK_VF, H - j);
        vf np = vload_n(p + 2 * H + j, n) + vload_n(q + 2 * H + j, n);
        if (a.b_hh) np += vload_n(a.b_hh + 2 * H + j, n);
        const vf nn = vtanh(np), z = vload_n(q + H + j, n);
        const vf hv = (1.0f - z) * nn + z * vload_n(hb + j, n);
        vstore_n(hnb + j, hv, n);
        vstore_n(a.out + o + j, hv, n);
        if (g) vstore_n(g + 2 * H + j, nn, n);
        if (a.aux) vstore_n(a.aux + o + j, vload_n(rh + (size_t)b * H + j, n), n);
      }
    }
    float* const swap = h_cur;
    h_cur = h_next;
    h_next = swap;
  }
  memcpy(a.h_n + (size_t)r0 * H, h_cur + (size_t)r0 * H, RH);
}

namespace {

/** Scratch of the backward (offsets in floats into RkScratch.shared). */
struct Backward {
  size_t d_g, dh, direct, drh, dh_prev, p_n, p_rz, pack, h_sq, total;
};

Backward backward_layout(const RkRecurrentBackward& a) {
  const size_t TB = (size_t)a.T * a.B, B = (size_t)a.B, H = (size_t)a.H, GH = 3 * H;
  Backward l;
  l.d_g = 0;
  l.dh = l.d_g + al(TB * GH);
  l.direct = l.dh + al(B * H);
  l.drh = l.direct + al(B * H);
  l.dh_prev = l.drh + al(B * H);
  l.p_n = l.dh_prev + al(B * H);
  l.p_rz = l.p_n + al(packed_b_floats(a.H, a.H));
  l.pack = l.p_rz + al(packed_b_floats(2 * a.H, a.H));
  // One packing buffer for the closing GEMMs, in turn: op(B) is W_ih, X, H_prev or r ⊙ H_prev.
  size_t pack = packed_b_floats((int)TB, a.I);
  const size_t p2 = packed_b_floats((int)TB, a.H);
  if (p2 > pack) pack = p2;
  if (a.dx) {
    const size_t p3 = packed_b_floats((int)GH, a.I);
    if (p3 > pack) pack = p3;
  }
  l.h_sq = l.pack + al(pack);
  l.total = l.h_sq + (a.h_sq ? al((size_t)a.T * panels(a.H) * 2) : 0);
  return l;
}

}  // namespace

size_t gru_reset_before_backward_scratch(const RkRecurrentBackward* a, size_t* per_thread) {
  *per_thread = al(a_pack_floats());
  return backward_layout(*a).total;
}

/**
 * BPTT, per step in reverse processing order for this thread's sequences, with dh = ∂L/∂h_t:
 *   dn = dh ⊙ (1 − z) ⊙ (1 − n²);  dz = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)
 *   d(r⊙h) = dn·W_hn;  dr = d(r⊙h) ⊙ h_{t−1} ⊙ r(1 − r)
 *   dh_{t−1} = dh ⊙ z + d(r⊙h) ⊙ r + (dr, dz)·W_h{r,z}
 * then, after a barrier, over all steps shared by the threads: dX = dG·W_ih, dW_ih = dGᵀ·X,
 * dW_h{r,z} = dG_{r,z}ᵀ·H_prev, dW_hn = dG_nᵀ·(r ⊙ H_prev), db_ih = db_hh = Σ dG.
 */
void gru_reset_before_backward(const RkRecurrentBackward* ap, const RkScratch* sp, const RkSync* syncp) {
  const RkRecurrentBackward& a = *ap;
  const RkSync& sync = *syncp;
  const int T = a.T, B = a.B, I = a.I, H = a.H, GH = 3 * H, TB = T * B;
  const Backward l = backward_layout(a);
  float* const d_g = sp->shared + l.d_g;
  float* const dh = sp->shared + l.dh;
  float* const direct = sp->shared + l.direct;
  float* const drh = sp->shared + l.drh;
  float* const dh_prev = sp->shared + l.dh_prev;
  float* const p_n = sp->shared + l.p_n;
  float* const p_rz = sp->shared + l.p_rz;
  float* const pack = sp->shared + l.pack;
  double* const h_sq = (double*)(sp->shared + l.h_sq);
  float* const a_pack = sp->per_thread + (size_t)sync.tid * sp->per_thread_floats;
  const int tid = sync.tid, nt = sync.nt;
  // W_hn [H, H] and W_h{r,z} [2H, H] as op(B) of the dh products (not transposed).
  pack_b(false, H, H, a.w_hh + (size_t)2 * H * H, H, p_n, part(panels(H), tid, nt, 1), part(panels(H), tid + 1, nt, 1));
  pack_b(false, 2 * H, H, a.w_hh, H, p_rz, part(panels(H), tid, nt, 1), part(panels(H), tid + 1, nt, 1));
  barrier(sync);
  int r0, r1;
  row_share(B, tid, nt, &r0, &r1);
  const int R = r1 - r0;
  const int chunks = panels(H);
  if (R > 0) {
    const size_t rh0 = (size_t)r0 * H, RH = (size_t)R * H * 4;
    if (a.dh_n) memcpy(dh + rh0, a.dh_n + rh0, RH);
    else memset(dh + rh0, 0, RH);
    for (int s = T - 1; s >= 0; s--) {
      const int t = a.reverse ? T - 1 - s : s;
      for (int b = r0; b < r1; b++) {
        const size_t o = ((size_t)t * B + b) * H, row = ((size_t)t * B + b) * GH;
        float* const dhb = dh + (size_t)b * H;
        if (!active(a.lengths, b, t)) {
          memset(d_g + row, 0, (size_t)GH * 4);  // no gradient here; dh carries over
          continue;
        }
        const float* g = a.gates + row;
        for (int j = 0; j < H; j += RK_VF) {
          const int n = imin(RK_VF, H - j);
          vf dhv = vload_n(dhb + j, n);
          if (a.d_out) {
            dhv += vload_n(a.d_out + o + j, n);
            vstore_n(dhb + j, dhv, n);
          }
          const vf z = vload_n(g + H + j, n), nn = vload_n(g + 2 * H + j, n);
          vstore_n(d_g + row + H + j, dhv * (vload_n(a.h_prev + o + j, n) - nn) * z * (1.0f - z), n);
          vstore_n(d_g + row + 2 * H + j, dhv * (1.0f - z) * (1.0f - nn * nn), n);
          vstore_n(direct + (size_t)b * H + j, dhv * z, n);
        }
      }
      // dh holds ∂L/∂h_t of the active sequences now: from out_t, and from step t+1 (or hN).
      if (a.h_sq) chunk_squares(dh, B, H, a.lengths, t, 0, H, h_sq + (size_t)t * chunks);
      float* const dg_t = d_g + ((size_t)t * B + r0) * GH;
      // d(r⊙h)[r0..r1) = dG_n · W_hn
      gemm_packed(false, R, H, H, 1.0f, dg_t + 2 * H, GH, p_n, 0.0f, drh + rh0, H, a_pack, 0, panels(H));
      for (int b = r0; b < r1; b++) {
        if (!active(a.lengths, b, t)) continue;
        const size_t o = ((size_t)t * B + b) * H, row = ((size_t)t * B + b) * GH;
        for (int j = 0; j < H; j += RK_VF) {
          const int n = imin(RK_VF, H - j);
          const vf r = vload_n(a.gates + row + j, n);
          vstore_n(d_g + row + j, vload_n(drh + (size_t)b * H + j, n) * vload_n(a.h_prev + o + j, n) * r * (1.0f - r), n);
        }
      }
      // dh_{t−1}[r0..r1) through r and z = dG_{r,z} · W_h{r,z}
      gemm_packed(false, R, H, 2 * H, 1.0f, dg_t, GH, p_rz, 0.0f, dh_prev + rh0, H, a_pack, 0, panels(H));
      for (int b = r0; b < r1; b++) {
        if (!active(a.lengths, b, t)) continue;
        const size_t row = ((size_t)t * B + b) * GH;
        for (int j = 0; j < H; j += RK_VF) {
          const int n = imin(RK_VF, H - j);
          const size_t k = (size_t)b * H + j;
          vstore_n(dh + k, vload_n(dh_prev + k, n) + vload_n(direct + k, n) + vload_n(drh + k, n) * vload_n(a.gates + row + j, n), n);
        }
      }
    }
    memcpy(a.dh0 + rh0, dh + rh0, RH);
  }
  barrier(sync);  // every thread's dG rows are complete
  if (a.h_sq) {
    for (int t = part(T, tid, nt, 1); t < part(T, tid + 1, nt, 1); t++) {
      double v = 0;
      for (int c = 0; c < chunks; c++) v += h_sq[(size_t)t * chunks + c];
      a.h_sq[t] = v;
    }
  }
  if (a.dx) {
    gemm_mt(make_gemm(0, TB, I, GH, d_g, GH, a.w_ih, I, a.dx, I), pack, a_pack, sync);
    barrier(sync);
    if (a.x_sq) row_squares(a.dx, (size_t)B * I, part(T, tid, nt, 1), part(T, tid + 1, nt, 1), a.x_sq);
  }
  gemm_mt(make_gemm(1, GH, I, TB, d_g, GH, a.x, I, a.dw_ih, I), pack, a_pack, sync);
  barrier(sync);
  gemm_mt(make_gemm(1, 2 * H, H, TB, d_g, GH, a.h_prev, H, a.dw_hh, H), pack, a_pack, sync);
  barrier(sync);
  gemm_mt(make_gemm(1, H, H, TB, d_g + 2 * H, GH, a.aux, H, a.dw_hh + (size_t)2 * H * H, H), pack, a_pack, sync);
  const int c0 = part(GH, tid, nt, RK_VF), c1 = part(GH, tid + 1, nt, RK_VF);
  if (a.db_ih) column_sums(d_g, TB, GH, c0, c1, a.db_ih);
  if (a.db_hh) column_sums(d_g, TB, GH, c0, c1, a.db_hh);
}

}  // namespace RK_NS
