// Fused RNN / LSTM / GRU over a whole sequence, forward and BPTT, one build (RK_NS): the port of
// assembly/recurrent.ts (same equations and saved tensors as src/backend/js/recurrent.ts).
// Shapes (time-major): x [T, B, I], W_ih [G·H, I], W_hh [G·H, H], states [B, H],
// gates [T, B, G·H], out / h_prev / aux / c_new [T, B, H].
//
// Threads: thread tid of nt owns hidden units [u0, u1) = part(H, tid, nt, NR) and everything
// indexed by them (their gate columns of every product, their part of each state and output).
// Units and packed panels align only when H % NR == 0; the glue splits only then, and otherwise
// thread 0 takes all units here. Each value is computed the same way for every nt.
#include "recurrent.h"

#include <string.h>
#include "gemm.h"
#include "simd.h"
#include "sync.h"
#include "recurrent_util.h"

namespace RK_NS {

static const int RNN_TANH = 0, RNN_RELU = 1, LSTM = 2, GRU = 3, GRU_RESET_BEFORE = 4;

static int gates_of(int kind) { return kind == LSTM ? 4 : kind == GRU || kind == GRU_RESET_BEFORE ? 3 : 1; }


/** This thread's hidden units [u0, u1). */
static void units(int H, const RkSync& s, int* u0, int* u1) {
  if (s.nt == 1 || H % NR != 0) {
    *u0 = 0;
    *u1 = s.tid == 0 ? H : 0;
    return;
  }
  *u0 = part(H, s.tid, s.nt, NR);
  *u1 = part(H, s.tid + 1, s.nt, NR);
}

/** Copy columns [u0, u1) of `rows` rows of width ld from src to dst. */
static void copy_cols(float* dst, const float* src, int rows, int ld, int u0, int u1) {
  if (u1 <= u0) return;
  for (int r = 0; r < rows; r++) memcpy(dst + (size_t)r * ld + u0, src + (size_t)r * ld + u0, (size_t)(u1 - u0) * 4);
}

static void zero_cols(float* dst, int rows, int ld, int u0, int u1) {
  if (u1 <= u0) return;
  for (int r = 0; r < rows; r++) memset(dst + (size_t)r * ld + u0, 0, (size_t)(u1 - u0) * 4);
}

/**
 * C[:, gate columns of units u0..u1) = A·Wᵀ + β·C for W packed by pack_gates: one product over
 * every panel when the thread owns all units (any H), else one per gate over its units' panels.
 */
static void gemm_gates(int m, int GH, int k, const float* a, int lda, const float* packed, float beta, float* c, int ldc,
  float* a_pack, int H, int u0, int u1, int G) {
  if (u1 <= u0) return;
  if (u0 == 0 && u1 == H) {
    gemm_packed(false, m, GH, k, 1.0f, a, lda, packed, beta, c, ldc, a_pack, 0, panels(GH));
    return;
  }
  int ranges[8];
  for (int g = 0; g < G; g++) {
    ranges[2 * g] = (g * H + u0) / NR;
    ranges[2 * g + 1] = (g * H + u1) / NR;
  }
  gemm_packed_ranges(false, m, GH, k, 1.0f, a, lda, packed, beta, c, ldc, a_pack, ranges, G);
}

/** pack_b of Wᵀ (W [GH, k]) restricted to the panels of the gate columns of units u0..u1. */
static void pack_gates(int k, int GH, const float* w, float* dst, int H, int u0, int u1, int G) {
  if (u1 <= u0) return;
  if (u0 == 0 && u1 == H) {
    pack_b(true, k, GH, w, k, dst, 0, panels(GH));
    return;
  }
  for (int g = 0; g < G; g++) pack_b(true, k, GH, w, k, dst, (g * H + u0) / NR, (g * H + u1) / NR);
}

/** C[:, gate columns of units u0..u1) = A·Wᵀ + β·C by dot products on the unpacked W (m < MR). */
static void small_gates(int m, int GH, int k, const float* a, int lda, const float* w, float beta, float* c, int ldc,
  int H, int u0, int u1, int G) {
  if (u1 <= u0) return;
  if (u0 == 0 && u1 == H) {
    gemm_small_nt(m, GH, k, a, lda, w, k, beta, c, ldc);
    return;
  }
  for (int g = 0; g < G; g++)
    gemm_small_nt(m, u1 - u0, k, a, lda, w + (size_t)(g * H + u0) * k, k, beta, c + g * H + u0, ldc);
}

/**
 * Steps whose input projection is computed at once, just before they run: enough rows for two
 * micro-kernel tiles (one step from 2·MR sequences on), so the projection stays in cache for its
 * steps instead of streaming T·B·G·H floats through memory (W6's 26 MB), and all T when even
 * that is less than a tile (it then takes the unpacked dot-product path).
 */
static int proj_steps(const RkRecurrentForward& a) {
  if ((size_t)a.T * a.B < (size_t)MR) return a.T;
  const int s = (2 * MR + a.B - 1) / a.B;
  return s < a.T ? s : a.T;
}

/** dst[g·H + j] = b_ih (+ b_hh except GRU) for every gate g and the units j of [u0, u1): one projection row's biases. */
static void bias_row(const RkRecurrentForward& a, float* dst, int u0, int u1) {
  const int H = a.H, G = gates_of(a.kind);
  const bool sum_bhh = a.b_hh && a.kind != GRU;
  for (int g = 0; g < G; g++) {
    for (int j = u0; j < u1; j += RK_VF) {
      const int n = imin(RK_VF, u1 - j);
      vf v = vsplat(0);
      if (a.b_ih) v += vload_n(a.b_ih + g * H + j, n);
      if (sum_bhh) v += vload_n(a.b_hh + g * H + j, n);
      vstore_n(dst + g * H + j, v, n);
    }
  }
}

/**
 * proj[(t − t_lo)·B + b, gate columns of units u0..u1) = b_ih (+ b_hh except GRU) + x_t,b·W_ihᵀ
 * for the steps t_lo … t_hi: the biases written first, the product accumulated onto them.
 */
static void project_steps(const RkRecurrentForward& a, int t_lo, int t_hi, float* proj, const float* p_ih, float* a_pack,
  int u0, int u1) {
  const int kind = a.kind, H = a.H, G = gates_of(kind), GH = G * H, I = a.I;
  const int rows = (t_hi - t_lo + 1) * a.B, U = u1 - u0;
  const bool sum_bhh = a.b_hh && kind != GRU;
  if (U <= 0 || rows <= 0) return;
  if (a.b_ih || sum_bhh) {
    bias_row(a, proj, u0, u1);
    for (int g = 0; g < G; g++) {
      for (int r = 1; r < rows; r++) memcpy(proj + (size_t)r * GH + g * H + u0, proj + g * H + u0, (size_t)U * 4);
    }
  }
  const float beta0 = a.b_ih || sum_bhh ? 1.0f : 0.0f;
  const float* x = a.x + (size_t)t_lo * a.B * I;
  if ((size_t)a.T * a.B < (size_t)MR) small_gates(rows, GH, I, x, I, a.w_ih, beta0, proj, GH, H, u0, u1, G);
  else gemm_gates(rows, GH, I, x, I, p_ih, beta0, proj, GH, a_pack, H, u0, u1, G);
}

/** Scratch layout of the forward (offsets in floats into RkScratch.shared). */
struct ForwardLayout {
  size_t proj, h_a, h_b, c, hh, p_ih, p_hh, total;
};

/** Whether a call on nt threads takes forward_rows (which packs the weights per thread). */
static bool forward_by_rows(const RkRecurrentForward& a, int nt) { return nt > 1 && a.split == RK_SPLIT_ROWS && a.B >= MR; }

/**
 * Split by rows, each thread's scratch holds its a_pack buffer and then its own packed weights
 * (forward_rows: W_ihᵀ, then W_hhᵀ; backward_steps_rows: W_hh), from this offset.
 */
static size_t own_packs() { return al(a_pack_floats()); }
static size_t rows_pack_hh(const RkRecurrentForward& a) { return own_packs() + al(packed_b_floats(a.I, gates_of(a.kind) * a.H)); }
static size_t rows_per_thread(const RkRecurrentForward& a) { return rows_pack_hh(a) + al(packed_b_floats(a.H, gates_of(a.kind) * a.H)); }

static ForwardLayout forward_layout(const RkRecurrentForward& a, bool rows) {
  const int G = gates_of(a.kind), GH = G * a.H;
  const size_t TB = (size_t)a.T * a.B, BH = (size_t)a.B * a.H;
  ForwardLayout l;
  l.proj = 0;
  l.h_a = l.proj + al((size_t)proj_steps(a) * a.B * GH);
  l.h_b = l.h_a + al(BH);
  l.c = l.h_b + al(BH);
  l.hh = l.c + (a.kind == LSTM ? al(BH) : 0);
  l.p_ih = l.hh + (a.kind == GRU ? al((size_t)a.B * GH) : 0);
  // Fewer rows than a micro-kernel tile (batch-1 streaming) multiply the unpacked weights; split
  // by rows, each thread packs its own copies (per-thread scratch).
  l.p_hh = l.p_ih + (TB < (size_t)MR || rows ? 0 : al(packed_b_floats(a.I, GH)));
  l.total = l.p_hh + (a.B < MR || rows ? 0 : al(packed_b_floats(a.H, GH)));
  return l;
}

size_t recurrent_forward_scratch(const RkRecurrentForward* a, int nt, size_t* per_thread) {
  if (a->kind == GRU_RESET_BEFORE) return gru_reset_before_forward_scratch(a, per_thread);
  const bool rows = forward_by_rows(*a, nt);
  *per_thread = rows ? rows_per_thread(*a) : al(a_pack_floats());
  return forward_layout(*a, rows).total;
}

/** One step's gate math for sequence b, units [u0, u1). Pointers are to this (t, b)'s rows. */
static void forward_cell(int kind, int H, int u0, int u1, const float* pr, const float* hr, const float* b_hh,
  const float* hb, float* hnb, float* cb, float* out, float* gr, float* aux, float* c_new) {
  for (int j = u0; j < u1; j += RK_VF) {
    const int n = imin(RK_VF, u1 - j);
    vf hv;
    if (kind == LSTM) {
      const vf ig = vsigmoid(vload_n(pr + j, n));
      const vf fg = vsigmoid(vload_n(pr + H + j, n));
      const vf gg = vtanh(vload_n(pr + 2 * H + j, n));
      const vf og = vsigmoid(vload_n(pr + 3 * H + j, n));
      const vf cp = vload_n(cb + j, n);
      const vf cn = fg * cp + ig * gg;
      hv = og * vtanh(cn);
      vstore_n(cb + j, cn, n);
      if (gr) {
        vstore_n(gr + j, ig, n);
        vstore_n(gr + H + j, fg, n);
        vstore_n(gr + 2 * H + j, gg, n);
        vstore_n(gr + 3 * H + j, og, n);
      }
      if (aux) vstore_n(aux + j, cp, n);
      if (c_new) vstore_n(c_new + j, cn, n);
    } else if (kind == GRU) {
      const vf zero = vsplat(0);
      const vf br = b_hh ? vload_n(b_hh + j, n) : zero, bz = b_hh ? vload_n(b_hh + H + j, n) : zero;
      const vf bn = b_hh ? vload_n(b_hh + 2 * H + j, n) : zero;
      const vf r = vsigmoid(vload_n(pr + j, n) + (vload_n(hr + j, n) + br));
      const vf z = vsigmoid(vload_n(pr + H + j, n) + (vload_n(hr + H + j, n) + bz));
      const vf hn = vload_n(hr + 2 * H + j, n) + bn;
      const vf nn = vtanh(vload_n(pr + 2 * H + j, n) + r * hn);
      hv = (1.0f - z) * nn + z * vload_n(hb + j, n);
      if (gr) {
        vstore_n(gr + j, r, n);
        vstore_n(gr + H + j, z, n);
        vstore_n(gr + 2 * H + j, nn, n);
      }
      if (aux) vstore_n(aux + j, hn, n);
    } else {
      const vf pre = vload_n(pr + j, n);
      hv = kind == RNN_TANH ? vtanh(pre) : vrelu(pre);
      if (gr) vstore_n(gr + j, hv, n);
    }
    vstore_n(hnb + j, hv, n);
    vstore_n(out + j, hv, n);
  }
}


/** Step t of a sequence that has ended (t ≥ its length), units [u0, u1): h and c carry over, out and the gates are 0. */
static void inactive_forward(int kind, int G, int H, const float* hb, float* hnb, const float* cb, float* out, float* gr,
  float* aux, float* c_new, int u0, int u1) {
  const size_t U = (size_t)(u1 - u0) * 4;
  memcpy(hnb + u0, hb + u0, U);
  memset(out + u0, 0, U);
  if (gr) for (int g = 0; g < G; g++) memset(gr + g * H + u0, 0, U);
  if (kind == LSTM && aux) memcpy(aux + u0, cb + u0, U);
  if (kind == LSTM && c_new) memcpy(c_new + u0, cb + u0, U);
  if (kind == GRU && aux) memset(aux + u0, 0, U);
}

/** proj_r = b_ih (+ b_hh except GRU) + x_t,r·W_ihᵀ for the sequences r0 … r1 of step t (all gate columns). */
static void project_rows(const RkRecurrentForward& a, int t, int r0, int r1, float* proj, const float* p_ih, float* a_pack) {
  const int kind = a.kind, H = a.H, G = gates_of(kind), GH = G * H, R = r1 - r0;
  const bool sum_bhh = a.b_hh && kind != GRU;
  const float beta0 = a.b_ih || sum_bhh ? 1.0f : 0.0f;
  if (beta0 != 0.0f) {
    bias_row(a, proj, 0, H);
    for (int r = 1; r < R; r++) memcpy(proj + (size_t)r * GH, proj, (size_t)GH * 4);
  }
  gemm_packed(false, R, GH, a.I, 1.0f, a.x + ((size_t)t * a.B + r0) * a.I, a.I, p_ih, beta0, proj, GH, a_pack, 0, panels(GH));
}

/**
 * The forward split by batch rows (RK_SPLIT_ROWS): this thread owns sequences [r0, r1) for the
 * whole call, and packs W_ihᵀ and W_hhᵀ into its own scratch: two cores multiplying by one shared
 * packed W_hhᵀ that fits their L2 ran the step GEMM ~10 % slower than by copies of their own
 * (dev/native-gemm-split.cc), and with private copies the threads never wait for each other. Each thread then runs its own
 * recurrence, projecting its rows of each step just before it. Every element is computed as by
 * one thread: the same packed panels, the same micro-kernel path for every row (edge tiles
 * included), the same gate math.
 */
static void forward_rows(const RkRecurrentForward& a, const RkScratch* sp, const RkSync& sync) {
  const int kind = a.kind, T = a.T, B = a.B, I = a.I, H = a.H;
  const int G = gates_of(kind), GH = G * H;
  const ForwardLayout l = forward_layout(a, true);
  float* const proj = sp->shared + l.proj;
  float* h_cur = sp->shared + l.h_a;
  float* h_next = sp->shared + l.h_b;
  float* const c = sp->shared + l.c;
  float* const hh = sp->shared + l.hh;
  float* const own = sp->per_thread + (size_t)sync.tid * sp->per_thread_floats;
  float* const a_pack = own;
  float* const p_ih = own + own_packs();
  float* const p_hh = own + rows_pack_hh(a);
  int r0, r1;
  row_share(B, sync.tid, sync.nt, &r0, &r1);
  const int R = r1 - r0;
  if (R == 0) return;
  pack_b(true, I, GH, a.w_ih, I, p_ih, 0, panels(GH));
  pack_b(true, H, GH, a.w_hh, H, p_hh, 0, panels(GH));

  memcpy(h_cur + (size_t)r0 * H, a.h0 + (size_t)r0 * H, (size_t)R * H * 4);
  if (kind == LSTM) {
    if (a.c0) memcpy(c + (size_t)r0 * H, a.c0 + (size_t)r0 * H, (size_t)R * H * 4);
    else memset(c + (size_t)r0 * H, 0, (size_t)R * H * 4);
  }

  for (int s = 0; s < T; s++) {
    const int t = a.reverse ? T - 1 - s : s;
    if (a.h_prev) memcpy(a.h_prev + ((size_t)t * B + r0) * H, h_cur + (size_t)r0 * H, (size_t)R * H * 4);
    // proj rows r0..r1 (one step: B ≥ 2·MR here) = biases + x_t·W_ihᵀ
    float* const pt = proj;
    project_rows(a, t, r0, r1, pt + (size_t)r0 * GH, p_ih, a_pack);
    float* const acc = kind == GRU ? hh : pt;
    gemm_packed(false, R, GH, H, 1.0f, h_cur + (size_t)r0 * H, H, p_hh, kind == GRU ? 0.0f : 1.0f, acc + (size_t)r0 * GH, GH,
      a_pack, 0, panels(GH));
    for (int b = r0; b < r1; b++) {
      const size_t o = ((size_t)t * B + b) * H;
      float* const gr = a.gates ? a.gates + ((size_t)t * B + b) * GH : nullptr;
      const float* hb = h_cur + (size_t)b * H;
      float* const hnb = h_next + (size_t)b * H;
      float* const cb = c + (size_t)b * H;
      if (!active(a.lengths, b, t)) {
        inactive_forward(kind, G, H, hb, hnb, cb, a.out + o, gr, a.aux ? a.aux + o : nullptr, kind == LSTM && a.c_new ? a.c_new + o : nullptr, 0, H);
        continue;
      }
      forward_cell(kind, H, 0, H, pt + (size_t)b * GH, hh + (size_t)b * GH, a.b_hh, hb, hnb, cb, a.out + o, gr,
        a.aux && kind != RNN_TANH && kind != RNN_RELU ? a.aux + o : nullptr, kind == LSTM && a.c_new ? a.c_new + o : nullptr);
    }
    float* const swap = h_cur;
    h_cur = h_next;
    h_next = swap;
  }
  memcpy(a.h_n + (size_t)r0 * H, h_cur + (size_t)r0 * H, (size_t)R * H * 4);
  if (kind == LSTM && a.c_n) memcpy(a.c_n + (size_t)r0 * H, c + (size_t)r0 * H, (size_t)R * H * 4);
}

/**
 * proj = X·W_ihᵀ + b_ih (+ b_hh except GRU), a few steps at a time (proj_steps); per step one
 * GEMM of h against the packed W_hhᵀ,
 * accumulated into proj_t (GRU: into hh, as the n gate needs W_hn·h + b_hn alone), then the
 * vectorised gate math. h is double-buffered, so one barrier per step (all of h_t written before
 * anyone multiplies by it) is the only synchronisation.
 */
void recurrent_forward(const RkRecurrentForward* ap, const RkScratch* sp, const RkSync* syncp) {
  const RkRecurrentForward& a = *ap;
  const RkSync& sync = *syncp;
  if (a.kind == GRU_RESET_BEFORE) return gru_reset_before_forward(ap, sp, syncp);
  if (forward_by_rows(a, sync.nt)) return forward_rows(a, sp, sync);
  const int kind = a.kind, T = a.T, B = a.B, I = a.I, H = a.H;
  const int G = gates_of(kind), GH = G * H, TB = T * B;
  const ForwardLayout l = forward_layout(a, false);
  float* const proj = sp->shared + l.proj;
  float* h_cur = sp->shared + l.h_a;
  float* h_next = sp->shared + l.h_b;
  float* const c = sp->shared + l.c;
  float* const hh = sp->shared + l.hh;
  float* const p_ih = sp->shared + l.p_ih;
  float* const p_hh = sp->shared + l.p_hh;
  float* const a_pack = sp->per_thread + (size_t)sync.tid * sp->per_thread_floats;
  int u0, u1;
  units(H, sync, &u0, &u1);
  const int U = u1 - u0;
  const bool small = B < MR;
  const int S = proj_steps(a);
  if (TB >= MR) pack_gates(I, GH, a.w_ih, p_ih, H, u0, u1, G);
  copy_cols(h_cur, a.h0, B, H, u0, u1);
  if (kind == LSTM) {
    if (a.c0) copy_cols(c, a.c0, B, H, u0, u1);
    else zero_cols(c, B, H, u0, u1);
  }
  if (!small) pack_gates(H, GH, a.w_hh, p_hh, H, u0, u1, G);
  barrier(sync);

  int t_lo = 0;
  for (int s = 0; s < T; s++) {
    const int t = a.reverse ? T - 1 - s : s;
    if (s % S == 0) {
      // The projections of the next S steps (processing order), held for steps t_lo … t_hi.
      const int last = s + S - 1 < T - 1 ? s + S - 1 : T - 1;
      t_lo = a.reverse ? T - 1 - last : s;
      project_steps(a, t_lo, t_lo + (last - s), proj, p_ih, a_pack, u0, u1);
    }
    if (a.h_prev) copy_cols(a.h_prev + (size_t)t * B * H, h_cur, B, H, u0, u1);
    float* const pt = proj + (size_t)(t - t_lo) * B * GH;
    float* const acc = kind == GRU ? hh : pt;
    const float beta = kind == GRU ? 0.0f : 1.0f;
    if (small) small_gates(B, GH, H, h_cur, H, a.w_hh, beta, acc, GH, H, u0, u1, G);
    else gemm_gates(B, GH, H, h_cur, H, p_hh, beta, acc, GH, a_pack, H, u0, u1, G);
    for (int b = 0; U > 0 && b < B; b++) {
      const size_t o = ((size_t)t * B + b) * H;
      float* const gr = a.gates ? a.gates + ((size_t)t * B + b) * GH : nullptr;
      const float* hb = h_cur + (size_t)b * H;
      float* const hnb = h_next + (size_t)b * H;
      float* const cb = c + (size_t)b * H;
      if (!active(a.lengths, b, t)) {
        inactive_forward(kind, G, H, hb, hnb, cb, a.out + o, gr, a.aux ? a.aux + o : nullptr, kind == LSTM && a.c_new ? a.c_new + o : nullptr, u0, u1);
        continue;
      }
      forward_cell(kind, H, u0, u1, pt + (size_t)b * GH, hh + (size_t)b * GH, a.b_hh, hb, hnb, cb, a.out + o, gr,
        a.aux && kind != RNN_TANH && kind != RNN_RELU ? a.aux + o : nullptr, kind == LSTM && a.c_new ? a.c_new + o : nullptr);
    }
    float* const swap = h_cur;
    h_cur = h_next;
    h_next = swap;
    barrier(sync);
  }
  copy_cols(a.h_n, h_cur, B, H, u0, u1);
  if (kind == LSTM && a.c_n) copy_cols(a.c_n, c, B, H, u0, u1);
}

/** Scratch layout of the backward (offsets in floats into RkScratch.shared). */
struct BackwardLayout {
  size_t d_g, d_gh, dh, dc, dh_prev, direct, p_hh, pack, h_sq, total;
};

static BackwardLayout backward_layout(const RkRecurrentBackward& a, bool rows) {
  const int G = gates_of(a.kind), GH = G * a.H;
  const size_t TB = (size_t)a.T * a.B, BH = (size_t)a.B * a.H;
  BackwardLayout l;
  l.d_g = 0;
  l.d_gh = l.d_g + al(TB * GH);
  l.dh = l.d_gh + (a.kind == GRU ? al(TB * GH) : 0);
  l.dc = l.dh + al(BH);
  l.dh_prev = l.dc + al(BH);
  l.direct = l.dh_prev + al(BH);
  l.p_hh = l.direct + al(BH);
  l.pack = l.p_hh + (rows ? 0 : al(packed_b_floats(GH, a.H)));
  // One packing buffer for the three closing GEMMs, in turn: op(B) is W_ih, X or H_prev.
  size_t pack = packed_b_floats((int)TB, a.I);
  const size_t p2 = packed_b_floats((int)TB, a.H);
  if (p2 > pack) pack = p2;
  if (a.dx) {
    const size_t p3 = packed_b_floats(GH, a.I);
    if (p3 > pack) pack = p3;
  }
  l.h_sq = l.pack + al(pack);
  // h_sq per step and chunk of NR units, doubles (two floats each).
  l.total = l.h_sq + (a.h_sq ? al((size_t)a.T * panels(a.H) * 2) : 0);
  return l;
}

/** Whether a call on nt threads takes backward_steps_rows (which packs W_hh per thread, after its a_pack buffer). */
static bool backward_by_rows(const RkRecurrentBackward& a, int nt) {
  return nt > 1 && a.split == RK_SPLIT_ROWS && a.B >= MR && !a.h_sq;
}

size_t recurrent_backward_scratch(const RkRecurrentBackward* a, int nt, size_t* per_thread) {
  if (a->kind == GRU_RESET_BEFORE) return gru_reset_before_backward_scratch(a, per_thread);
  const bool rows = backward_by_rows(*a, nt);
  *per_thread = own_packs() + (rows ? al(packed_b_floats(gates_of(a->kind) * a->H, a->H)) : 0);
  return backward_layout(*a, rows).total;
}

/** dG of step t for sequence b, units [u0, u1); dh (∂L/∂h_t) and dc are updated in place. */
static void backward_cell(int kind, int H, int u0, int u1, const float* gr, const float* d_out, float* dhb, float* dcb,
  float* dgr, float* dghr, float* direct, const float* aux, const float* c_new, const float* h_prev) {
  const vf one = vsplat(1.0f);
  for (int j = u0; j < u1; j += RK_VF) {
    const int n = imin(RK_VF, u1 - j);
    vf dhv = vload_n(dhb + j, n);
    if (d_out) {
      dhv += vload_n(d_out + j, n);
      vstore_n(dhb + j, dhv, n);
    }
    if (kind == RNN_TANH) {
      const vf y = vload_n(gr + j, n);
      vstore_n(dgr + j, dhv * (one - y * y), n);
    } else if (kind == RNN_RELU) {
      const vf y = vload_n(gr + j, n);
      vstore_n(dgr + j, (vf)((vi)dhv & (y > 0.0f)), n);
    } else if (kind == LSTM) {
      const vf ig = vload_n(gr + j, n), fg = vload_n(gr + H + j, n);
      const vf gg = vload_n(gr + 2 * H + j, n), og = vload_n(gr + 3 * H + j, n);
      const vf tc = vtanh(vload_n(c_new + j, n));
      const vf dct = vload_n(dcb + j, n) + dhv * og * (one - tc * tc);
      vstore_n(dgr + j, dct * gg * ig * (one - ig), n);
      vstore_n(dgr + H + j, dct * vload_n(aux + j, n) * fg * (one - fg), n);
      vstore_n(dgr + 2 * H + j, dct * ig * (one - gg * gg), n);
      vstore_n(dgr + 3 * H + j, dhv * tc * og * (one - og), n);
      vstore_n(dcb + j, dct * fg, n);
    } else {
      const vf r = vload_n(gr + j, n), z = vload_n(gr + H + j, n), nn = vload_n(gr + 2 * H + j, n);
      const vf dnp = dhv * (one - z) * (one - nn * nn);
      const vf drp = dnp * vload_n(aux + j, n) * r * (one - r);
      const vf dzp = dhv * (vload_n(h_prev + j, n) - nn) * z * (one - z);
      vstore_n(dgr + j, drp, n);
      vstore_n(dgr + H + j, dzp, n);
      vstore_n(dgr + 2 * H + j, dnp, n);
      vstore_n(dghr + j, drp, n);
      vstore_n(dghr + H + j, dzp, n);
      vstore_n(dghr + 2 * H + j, dnp * r, n);
      vstore_n(direct + j, dhv * z, n);
    }
  }
}

/** dh ← ∂L/∂h_{t-1} (dh_prev, plus GRU's direct z·dh term) for the active sequences [b0, b1), units [u0, u1). */
static void carry_dh(int kind, int H, int B, const int32_t* lengths, int t, int b0, int b1, int u0, int u1, float* dh,
  const float* dh_prev, const float* direct) {
  (void)B;
  for (int b = b0; b < b1; b++) {
    if (!active(lengths, b, t)) continue;
    float* const dhb = dh + (size_t)b * H;
    const float* const pb = dh_prev + (size_t)b * H;
    if (kind == GRU) {
      const float* const db = direct + (size_t)b * H;
      for (int j = u0; j < u1; j += RK_VF) {
        const int n = imin(RK_VF, u1 - j);
        vstore_n(dhb + j, vload_n(pb + j, n) + vload_n(db + j, n), n);
      }
    } else {
      memcpy(dhb + u0, pb + u0, (size_t)(u1 - u0) * 4);
    }
  }
}

/**
 * The per-step part of BPTT split by batch rows (RK_SPLIT_ROWS, never with h_sq): this thread
 * owns sequences [r0, r1) and packs W_hh into its own scratch (as forward_rows does, and for the
 * same reason); the steps need no barrier. Fills dG (and dG_h) of its rows and dh0/dc0; the
 * caller's closing GEMMs follow a barrier.
 */
static void backward_steps_rows(const RkRecurrentBackward& a, const BackwardLayout& l, const RkScratch* sp, const RkSync& sync) {
  const int kind = a.kind, T = a.T, B = a.B, H = a.H;
  const int G = gates_of(kind), GH = G * H;
  float* const d_g = sp->shared + l.d_g;
  float* const d_gh = kind == GRU ? sp->shared + l.d_gh : d_g;
  float* const dh = sp->shared + l.dh;
  float* const dc = sp->shared + l.dc;
  float* const dh_prev = sp->shared + l.dh_prev;
  float* const direct = sp->shared + l.direct;
  float* const a_pack = sp->per_thread + (size_t)sync.tid * sp->per_thread_floats;
  float* const p_hh = a_pack + own_packs();
  int r0, r1;
  row_share(B, sync.tid, sync.nt, &r0, &r1);
  const int R = r1 - r0;
  if (R == 0) return;
  pack_b(false, GH, H, a.w_hh, H, p_hh, 0, panels(H));
  const size_t rh = (size_t)r0 * H, RH = (size_t)R * H * 4;
  if (a.dh_n) memcpy(dh + rh, a.dh_n + rh, RH);
  else memset(dh + rh, 0, RH);
  if (kind == LSTM) {
    if (a.dc_n) memcpy(dc + rh, a.dc_n + rh, RH);
    else memset(dc + rh, 0, RH);
  }
  for (int s = T - 1; s >= 0; s--) {
    const int t = a.reverse ? T - 1 - s : s;
    for (int b = r0; b < r1; b++) {
      const size_t o = ((size_t)t * B + b) * H, row = ((size_t)t * B + b) * GH;
      if (!active(a.lengths, b, t)) {
        memset(d_g + row, 0, (size_t)GH * 4);
        if (kind == GRU) memset(d_gh + row, 0, (size_t)GH * 4);
        continue;
      }
      backward_cell(kind, H, 0, H, a.gates + row, a.d_out ? a.d_out + o : nullptr, dh + (size_t)b * H, dc + (size_t)b * H,
        d_g + row, d_gh + row, direct + (size_t)b * H, a.aux ? a.aux + o : nullptr, a.c_new ? a.c_new + o : nullptr, a.h_prev + o);
    }
    // dh_{t-1}[r0..r1) = dG_h,t[r0..r1) · W_hh
    gemm_packed(false, R, H, GH, 1.0f, d_gh + ((size_t)t * B + r0) * GH, GH, p_hh, 0.0f, dh_prev + rh, H, a_pack, 0, panels(H));
    carry_dh(kind, H, B, a.lengths, t, r0, r1, 0, H, dh, dh_prev, direct);
  }
  memcpy(a.dh0 + rh, dh + rh, RH);
  if (kind == LSTM && a.dc0) memcpy(a.dc0 + rh, dc + rh, RH);
}


/**
 * The per-step part of BPTT split by hidden units (RK_SPLIT_UNITS; one thread does all of it
 * the same way): dG of this thread's units of every row, then its units of dh_{t-1}, one barrier
 * per step (all of dG_t written before anyone multiplies by it), and the chunk sums of h_sq.
 */
static void backward_steps_units(const RkRecurrentBackward& a, const BackwardLayout& l, const RkScratch* sp, const RkSync& sync) {
  const int kind = a.kind, T = a.T, B = a.B, H = a.H;
  const int G = gates_of(kind), GH = G * H;
  float* const d_g = sp->shared + l.d_g;
  float* const d_gh = kind == GRU ? sp->shared + l.d_gh : d_g;
  float* const dh = sp->shared + l.dh;
  float* const dc = sp->shared + l.dc;
  float* const dh_prev = sp->shared + l.dh_prev;
  float* const direct = sp->shared + l.direct;
  float* const p_hh = sp->shared + l.p_hh;
  double* const h_sq = (double*)(sp->shared + l.h_sq);
  float* const a_pack = sp->per_thread + (size_t)sync.tid * sp->per_thread_floats;
  int u0, u1;
  units(H, sync, &u0, &u1);
  const int U = u1 - u0;
  const bool all = u0 == 0 && u1 == H;
  const int hp0 = all ? 0 : u0 / NR, hp1 = all ? panels(H) : u1 / NR;
  const int chunks = panels(H);
  if (a.dh_n) copy_cols(dh, a.dh_n, B, H, u0, u1);
  else zero_cols(dh, B, H, u0, u1);
  if (kind == LSTM) {
    if (a.dc_n) copy_cols(dc, a.dc_n, B, H, u0, u1);
    else zero_cols(dc, B, H, u0, u1);
  }
  if (U > 0) pack_b(false, GH, H, a.w_hh, H, p_hh, hp0, hp1);
  barrier(sync);

  for (int s = T - 1; s >= 0; s--) {
    const int t = a.reverse ? T - 1 - s : s;
    for (int b = 0; U > 0 && b < B; b++) {
      const size_t o = ((size_t)t * B + b) * H, row = ((size_t)t * B + b) * GH;
      if (!active(a.lengths, b, t)) {
        // dG rows of inactive steps are 0; dh and dc carry over.
        for (int g = 0; g < G; g++) {
          memset(d_g + row + g * H + u0, 0, (size_t)U * 4);
          if (kind == GRU) memset(d_gh + row + g * H + u0, 0, (size_t)U * 4);
        }
        continue;
      }
      backward_cell(kind, H, u0, u1, a.gates + row, a.d_out ? a.d_out + o : nullptr, dh + (size_t)b * H, dc + (size_t)b * H,
        d_g + row, d_gh + row, direct + (size_t)b * H, a.aux ? a.aux + o : nullptr, a.c_new ? a.c_new + o : nullptr, a.h_prev + o);
    }
    // dh holds ∂L/∂h_t of the active sequences now: from out_t, and from step t+1 (or hN).
    if (a.h_sq) chunk_squares(dh, B, H, a.lengths, t, u0, u1, h_sq + (size_t)t * chunks);
    barrier(sync);
    if (U == 0) continue;
    // dh_{t-1}[:, u0..u1) = dG_h,t [B, GH] · W_hh [GH, u0..u1)
    gemm_packed(false, B, H, GH, 1.0f, d_gh + (size_t)t * B * GH, GH, p_hh, 0.0f, dh_prev, H, a_pack, hp0, hp1);
    carry_dh(kind, H, B, a.lengths, t, 0, B, u0, u1, dh, dh_prev, direct);
  }
  copy_cols(a.dh0, dh, B, H, u0, u1);
  if (kind == LSTM && a.dc0) copy_cols(a.dc0, dc, B, H, u0, u1);
}

/**
 * BPTT: per step (reverse processing order) the gate gradients dG, then dh_{t-1} = dG_h,t·W_hh
 * with W_hh packed once; afterwards dX = dG·W_ih, dW_ih = dGᵀ·X, dW_hh = dG_hᵀ·H_prev, each
 * one GEMM over all steps shared by the threads, and the bias gradients as column sums.
 * One barrier per step (all of dG_t written before anyone multiplies by it); barriers between
 * the closing GEMMs, which reuse one packing buffer.
 */
void recurrent_backward(const RkRecurrentBackward* ap, const RkScratch* sp, const RkSync* syncp) {
  const RkRecurrentBackward& a = *ap;
  const RkSync& sync = *syncp;
  if (a.kind == GRU_RESET_BEFORE) return gru_reset_before_backward(ap, sp, syncp);
  const int kind = a.kind, T = a.T, B = a.B, I = a.I, H = a.H;
  const int G = gates_of(kind), GH = G * H, TB = T * B;
  const bool rows = backward_by_rows(a, sync.nt);
  const BackwardLayout l = backward_layout(a, rows);
  float* const d_g = sp->shared + l.d_g;
  float* const d_gh = kind == GRU ? sp->shared + l.d_gh : d_g;
  float* const pack = sp->shared + l.pack;
  double* const h_sq = (double*)(sp->shared + l.h_sq);
  float* const a_pack = sp->per_thread + (size_t)sync.tid * sp->per_thread_floats;
  const int chunks = panels(H);
  if (rows) {
    backward_steps_rows(a, l, sp, sync);
    barrier(sync);  // every thread's dG rows are complete
  } else {
    backward_steps_units(a, l, sp, sync);
  }
  // Every chunk of h_sq was written before its step's barrier: each thread adds its own steps' chunks, in order.
  if (a.h_sq) {
    for (int t = part(T, sync.tid, sync.nt, 1); t < part(T, sync.tid + 1, sync.nt, 1); t++) {
      double v = 0;
      for (int c = 0; c < chunks; c++) v += h_sq[(size_t)t * chunks + c];
      a.h_sq[t] = v;
    }
  }
  // Every dG_t is complete: each step's barrier came after its dG_t was written.
  if (a.dx) {
    const RkGemm g = make_gemm(0, TB, I, GH, d_g, GH, a.w_ih, I, a.dx, I);
    gemm_mt(g, pack, a_pack, sync);
    barrier(sync);
    // Nothing writes dx from here on: each thread sums the rows of its own steps.
    if (a.x_sq) row_squares(a.dx, (size_t)B * I, part(T, sync.tid, sync.nt, 1), part(T, sync.tid + 1, sync.nt, 1), a.x_sq);
  }
  const RkGemm gi = make_gemm(1, GH, I, TB, d_g, GH, a.x, I, a.dw_ih, I);
  gemm_mt(gi, pack, a_pack, sync);
  barrier(sync);
  const RkGemm gh = make_gemm(1, GH, H, TB, d_gh, GH, a.h_prev, H, a.dw_hh, H);
  gemm_mt(gh, pack, a_pack, sync);
  const int c0 = part(GH, sync.tid, sync.nt, RK_VF), c1 = part(GH, sync.tid + 1, sync.nt, RK_VF);
  if (a.db_ih) column_sums(d_g, TB, GH, c0, c1, a.db_ih);
  if (a.db_hh) {
    // dG_h is dG except for GRU: the same sums.
    if (d_gh == d_g && a.db_ih) memcpy(a.db_hh + c0, a.db_ih + c0, (size_t)imax(c1 - c0, 0) * 4);
    else column_sums(d_gh, TB, GH, c0, c1, a.db_hh);
  }
}

}  // namespace RK_NS
