// The Node-API face of the kernels (src/backend/native/addon-types.ts): argument checks, the
// handle (a kernel table, its thread pool and its scratch), and one call per kernel.
//
// Every array argument is checked before a kernel runs: its type (TypeError), and that its
// length covers what the sizes, offsets and leading dimensions reach (RangeError), as are ids,
// targets and lengths that index other arrays; a wrong call throws and never reads or writes
// out of bounds (the checks are glue.h's Call). Typed arrays are used in place, without a copy.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vector>
#include "glue.h"

namespace {

using rk_glue::Call;
using rk_glue::extent;
using rk_glue::Handle;
using rk_glue::Instance;
using rk_glue::kHandleTag;

// ---- the instruction sets ----------------------------------------------------------------------

struct Build {
  const char* isa;
  const RkKernels* (*table)(void);
  bool (*runs)(void);
};

#if defined(__x86_64__) || defined(__i386__)
bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif
bool always() { return true; }

/** The builds linked in, best first. */
const Build kBuilds[] = {
#if defined(RK_HAVE_AVX512)
  {"avx512", rk_kernels_avx512, has_avx512},
#endif
#if defined(RK_HAVE_AVX2)
  {"avx2", rk_kernels_avx2, has_avx2},
#endif
  {"generic", rk_kernels_generic, always},
};

const RkKernels* best_table() {
  for (const Build& b : kBuilds) {
    if (b.runs()) return b.table();
  }
  return rk_kernels_generic();
}


void stop_handle(Handle* h) {
  if (h->pool) h->pool->stop();
}

void finalize_instance(napi_env, void* data, void*) {
  Instance* inst = static_cast<Instance*>(data);
  for (Handle* h : inst->handles) {
    stop_handle(h);
    h->inst = nullptr;
  }
  delete inst;
}

/** At environment teardown (process exit, a worker ending): stop every handle's threads. */
void cleanup_instance(void* data) {
  for (Handle* h : static_cast<Instance*>(data)->handles) stop_handle(h);
}

void finalize_handle(napi_env, void* data, void*) {
  Handle* h = static_cast<Handle*>(data);
  if (h->inst) {
    auto& v = h->inst->handles;
    for (size_t i = 0; i < v.size(); i++) {
      if (v[i] == h) {
        v.erase(v.begin() + (long)i);
        break;
      }
    }
  }
  delete h->pool;
  free(h->scratch);
  delete h;
}


/** The scratch of one call on nt threads: shared floats then nt per-thread parts, each 64-byte aligned. */
bool scratch(Call& c, Handle* h, size_t shared, size_t per_thread, int nt, RkScratch* s) {
  const size_t sh = (shared + 15) & ~(size_t)15, pt = (per_thread + 15) & ~(size_t)15;
  const size_t bytes = (sh + pt * (size_t)nt) * 4;
  if (bytes > h->scratch_bytes) {
    free(h->scratch);
    h->scratch = static_cast<float*>(aligned_alloc(64, bytes));
    h->scratch_bytes = h->scratch ? bytes : 0;
    if (!h->scratch) return c.range_error("scratch: out of memory");
  }
  if (bytes > h->peak_bytes) h->peak_bytes = bytes;
  s->shared = h->scratch;
  s->per_thread = h->scratch + sh;
  s->per_thread_floats = pt;
  return true;
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

int gates_of(int kind) { return kind == 2 ? 4 : kind >= 3 ? 3 : 1; }

/** The most threads a recurrent call can use: whole split units of H, or whole tiles of batch rows. */
int recurrent_shares(const RkKernels* k, int kind, int split, int B, int H) {
  // The reset-before GRU (4) splits by rows whatever the split asked.
  if (split == RK_SPLIT_ROWS || kind == 4) return B >= k->split_rows ? (B + k->split_rows - 1) / k->split_rows : 1;
  return H % k->split_units == 0 && H > 0 ? H / k->split_units : 1;
}

// ---- kernel calls on the pool --------------------------------------------------------------------

struct GemmCall {
  const RkKernels* k;
  RkGemm g;
  RkScratch s;
  static void run(void* p, const RkSync* sync) {
    auto* c = static_cast<GemmCall*>(p);
    c->k->gemm(&c->g, &c->s, sync);
  }
};

struct ForwardCall {
  const RkKernels* k;
  RkRecurrentForward a;
  RkScratch s;
  static void run(void* p, const RkSync* sync) {
    auto* c = static_cast<ForwardCall*>(p);
    c->k->recurrent_forward(&c->a, &c->s, sync);
  }
};

struct BackwardCall {
  const RkKernels* k;
  RkRecurrentBackward a;
  RkScratch s;
  static void run(void* p, const RkSync* sync) {
    auto* c = static_cast<BackwardCall*>(p);
    c->k->recurrent_backward(&c->a, &c->s, sync);
  }
};

struct AdamCall {
  const RkKernels* k;
  const RkParam* params;
  int count;
  RkAdam o;
  static void run(void* p, const RkSync* sync) {
    auto* c = static_cast<AdamCall*>(p);
    c->k->adam_many(c->params, c->count, &c->o, sync);
  }
};

struct SgdCall {
  const RkKernels* k;
  const RkParam* params;
  int count;
  RkSgd o;
  static void run(void* p, const RkSync* sync) {
    auto* c = static_cast<SgdCall*>(p);
    c->k->sgd_many(c->params, c->count, &c->o, sync);
  }
};

// ---- the exported functions ----------------------------------------------------------------------

napi_value Isas(napi_env env, napi_callback_info) {
  napi_value arr;
  napi_create_array(env, &arr);
  uint32_t n = 0;
  for (const Build& b : kBuilds) {
    if (!b.runs()) continue;
    napi_value s;
    napi_create_string_utf8(env, b.isa, NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, arr, n++, s);
  }
  return arr;
}

napi_value Open(napi_env env, napi_callback_info info) {
  Call c(env, info, 2);
  if (!c.ok) return nullptr;
  char isa[32] = {0};
  size_t len = 0;
  if (napi_get_value_string_utf8(env, c.argv[0], isa, sizeof isa, &len) != napi_ok) {
    c.type_error("isa: expected a string");
    return nullptr;
  }
  const int threads = c.integer(1, "threads", 1, 255);
  if (!c.ok) return nullptr;
  const Build* build = nullptr;
  for (const Build& b : kBuilds) {
    if (strcmp(b.isa, isa) == 0) build = &b;
  }
  if (!build || !build->runs()) {
    char msg[128];
    snprintf(msg, sizeof msg, "isa: '%s' is not an instruction set this processor runs (see isas())", isa);
    c.range_error(msg);
    return nullptr;
  }
  Instance* inst = nullptr;
  napi_get_instance_data(env, reinterpret_cast<void**>(&inst));
  Handle* h = new Handle();
  h->k = build->table();
  h->threads = threads;
  h->pool = new Pool(threads);
  h->inst = inst;
  napi_value ext;
  if (napi_create_external(env, h, finalize_handle, nullptr, &ext) != napi_ok) {
    delete h->pool;
    delete h;
    return nullptr;
  }
  napi_type_tag_object(env, ext, &kHandleTag);
  if (inst) inst->handles.push_back(h);
  return ext;
}

napi_value Close(napi_env env, napi_callback_info info) {
  Call c(env, info, 1);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  stop_handle(h);
  return undefined(env);
}

napi_value Info(napi_env env, napi_callback_info info) {
  Call c(env, info, 1);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  napi_value o, isa, split, rows, threads;
  napi_create_object(env, &o);
  napi_create_string_utf8(env, h->k->isa, NAPI_AUTO_LENGTH, &isa);
  napi_create_int32(env, h->k->split_units, &split);
  napi_create_int32(env, h->k->split_rows, &rows);
  napi_create_int32(env, h->pool->threads(), &threads);
  napi_set_named_property(env, o, "isa", isa);
  napi_set_named_property(env, o, "splitUnits", split);
  napi_set_named_property(env, o, "splitRows", rows);
  napi_set_named_property(env, o, "threads", threads);
  return o;
}

napi_value MemoryStats(napi_env env, napi_callback_info info) {
  Call c(env, info, 1);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  napi_value o, now, peak;
  napi_create_object(env, &o);
  napi_create_double(env, (double)h->scratch_bytes, &now);
  napi_create_double(env, (double)h->peak_bytes, &peak);
  napi_set_named_property(env, o, "scratchBytes", now);
  napi_set_named_property(env, o, "peakScratchBytes", peak);
  return o;
}

napi_value ResetPeak(napi_env env, napi_callback_info info) {
  Call c(env, info, 1);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  h->peak_bytes = 0;
  return undefined(env);
}

/** Reads transA, transB, m, n, k at argv[i..i+4] into g. */
void gemm_sizes(Call& c, size_t i, RkGemm* g) {
  g->trans_a = c.boolean(i, "transA");
  g->trans_b = c.boolean(i + 1, "transB");
  g->m = c.dim(i + 2, "m");
  g->n = c.dim(i + 3, "n");
  g->k = c.dim(i + 4, "k");
}

napi_value GemmShares(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  RkGemm g = {};
  gemm_sizes(c, 0, &g);
  if (!c.ok) return nullptr;
  napi_value r;
  napi_create_int32(env, best_table()->gemm_shares(&g), &r);
  return r;
}

napi_value Gemm(napi_env env, napi_callback_info info) {
  // (h, nt, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc)
  Call c(env, info, 18);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  GemmCall call = {};
  RkGemm& g = call.g;
  gemm_sizes(c, 2, &g);
  g.alpha = (float)c.number(7, "alpha");
  const int aOff = c.dim(9, "aOffset"), lda = c.dim(10, "lda");
  const int bOff = c.dim(12, "bOffset"), ldb = c.dim(13, "ldb");
  g.beta = (float)c.number(14, "beta");
  const int cOff = c.dim(16, "cOffset"), ldc = c.dim(17, "ldc");
  if (!c.ok) return nullptr;
  const int aRows = g.trans_a ? g.k : g.m, aCols = g.trans_a ? g.m : g.k;
  const int bRows = g.trans_b ? g.n : g.k, bCols = g.trans_b ? g.k : g.n;
  if (lda < aCols) return c.range_error("lda: must be at least the columns of A as stored"), nullptr;
  if (ldb < bCols) return c.range_error("ldb: must be at least the columns of B as stored"), nullptr;
  if (ldc < g.n) return c.range_error("ldc: must be at least n"), nullptr;
  g.a = c.f32(8, "a", extent(aRows, aCols, lda), false, (size_t)aOff);
  g.b = c.f32(11, "b", extent(bRows, bCols, ldb), false, (size_t)bOff);
  g.c = c.f32(15, "c", extent(g.m, g.n, ldc), false, (size_t)cOff);
  g.lda = lda;
  g.ldb = ldb;
  g.ldc = ldc;
  call.k = h->k;
  const int nt = c.threads(1, h, h->k->gemm_shares(&g));
  if (!c.ok) return nullptr;
  if (g.m == 0 || g.n == 0) return undefined(env);
  size_t per = 0;
  const size_t shared = h->k->gemm_scratch(&g, nt, &per);
  if (!scratch(c, h, shared, per, nt, &call.s)) return nullptr;
  h->pool->run(GemmCall::run, &call, nt);
  return undefined(env);
}

/** The sizes (kind, T, B, I, H, reverse) at argv[2..7], checked. */
bool recurrent_sizes(Call& c, int* kind, int* T, int* B, int* I, int* H, bool* reverse) {
  *kind = c.integer(2, "kind", 0, 4);
  *T = c.dim(3, "T");
  *B = c.dim(4, "B");
  *I = c.dim(5, "I");
  *H = c.integer(6, "H", 1, 2147483647.0);
  *reverse = c.boolean(7, "reverse");
  return c.ok;
}

/** lengths[b] ∈ [0, T]. */
bool check_lengths(Call& c, const int32_t* lengths, int B, int T) {
  if (!lengths) return c.ok;
  for (int b = 0; b < B; b++) {
    if (lengths[b] < 0 || lengths[b] > T) return c.range_error("lengths: every length must be in [0, T]");
  }
  return c.ok;
}

napi_value RecurrentForward(napi_env env, napi_callback_info info) {
  // (h, nt, kind, T, B, I, H, reverse, x, wIh, wHh, bIh, bHh, lengths, h0, c0, out, hN, cN, gates, hPrev, aux, cNew, split)
  Call c(env, info, 24);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  int kind, T, B, I, H;
  bool reverse;
  if (!recurrent_sizes(c, &kind, &T, &B, &I, &H, &reverse)) return nullptr;
  const size_t G = (size_t)gates_of(kind), TB = (size_t)T * B, BH = (size_t)B * H, GH = G * H;
  const bool lstm = kind == 2;
  ForwardCall call = {};
  RkRecurrentForward& a = call.a;
  a.kind = kind, a.T = T, a.B = B, a.I = I, a.H = H, a.reverse = reverse;
  a.x = c.f32(8, "x", TB * I);
  a.w_ih = c.f32(9, "wIh", GH * I);
  a.w_hh = c.f32(10, "wHh", GH * H);
  a.b_ih = c.f32(11, "bIh", GH, true);
  a.b_hh = c.f32(12, "bHh", GH, true);
  a.lengths = c.i32(13, "lengths", (size_t)B, true);
  a.h0 = c.f32(14, "h0", BH);
  a.c0 = c.f32(15, "c0", BH, true);
  a.out = c.f32(16, "out", TB * H);
  a.h_n = c.f32(17, "hN", BH);
  a.c_n = c.f32(18, "cN", BH, true);
  a.gates = c.f32(19, "gates", TB * GH, true);
  a.h_prev = c.f32(20, "hPrev", TB * H, true);
  a.aux = c.f32(21, "aux", TB * H, true);
  a.c_new = c.f32(22, "cNew", TB * H, true);
  a.split = c.integer(23, "split", RK_SPLIT_UNITS, RK_SPLIT_ROWS);
  if (!c.ok || !check_lengths(c, a.lengths, B, T)) return nullptr;
  if (!lstm && (a.c0 || a.c_n || a.c_new)) return c.type_error("c0, cN, cNew: only an LSTM has a cell state"), nullptr;
  if (kind < 2 && a.aux) return c.type_error("aux: an RNN saves no aux"), nullptr;
  const bool training = a.gates != nullptr;
  if ((a.h_prev != nullptr) != training || (kind >= 2 && (a.aux != nullptr) != training) ||
      (lstm && (a.c_new != nullptr) != training)) {
    return c.type_error("gates, hPrev, aux, cNew: give all that this kind saves (training) or none"), nullptr;
  }
  call.k = h->k;
  const int nt = c.threads(1, h, recurrent_shares(h->k, kind, a.split, B, H));
  size_t per = 0;
  const size_t shared = h->k->recurrent_forward_scratch(&a, nt, &per);
  if (!scratch(c, h, shared, per, nt, &call.s)) return nullptr;
  h->pool->run(ForwardCall::run, &call, nt);
  return undefined(env);
}

napi_value RecurrentBackward(napi_env env, napi_callback_info info) {
  // (h, nt, kind, T, B, I, H, reverse, x, wIh, wHh, lengths, gates, hPrev, aux, cNew, dOut, dhN, dcN, dx, dWIh, dWHh,
  //  dBIh, dBHh, dh0, dc0, hSq, xSq, split)
  Call c(env, info, 29);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  int kind, T, B, I, H;
  bool reverse;
  if (!recurrent_sizes(c, &kind, &T, &B, &I, &H, &reverse)) return nullptr;
  const size_t G = (size_t)gates_of(kind), TB = (size_t)T * B, BH = (size_t)B * H, GH = G * H;
  const bool lstm = kind == 2;
  BackwardCall call = {};
  RkRecurrentBackward& a = call.a;
  a.kind = kind, a.T = T, a.B = B, a.I = I, a.H = H, a.reverse = reverse;
  a.x = c.f32(8, "x", TB * I);
  a.w_ih = c.f32(9, "wIh", GH * I);
  a.w_hh = c.f32(10, "wHh", GH * H);
  a.lengths = c.i32(11, "lengths", (size_t)B, true);
  a.gates = c.f32(12, "gates", TB * GH);
  a.h_prev = c.f32(13, "hPrev", TB * H);
  a.aux = c.f32(14, "aux", TB * H, kind < 2);
  a.c_new = c.f32(15, "cNew", TB * H, !lstm);
  a.d_out = c.f32(16, "dOut", TB * H, true);
  a.dh_n = c.f32(17, "dhN", BH, true);
  a.dc_n = c.f32(18, "dcN", BH, true);
  a.dx = c.f32(19, "dx", TB * I, true);
  a.dw_ih = c.f32(20, "dWIh", GH * I);
  a.dw_hh = c.f32(21, "dWHh", GH * H);
  a.db_ih = c.f32(22, "dBIh", GH, true);
  a.db_hh = c.f32(23, "dBHh", GH, true);
  a.dh0 = c.f32(24, "dh0", BH);
  a.dc0 = c.f32(25, "dc0", BH, true);
  a.h_sq = c.f64(26, "hSq", (size_t)T, true);
  double* x_sq = c.f64(27, "xSq", (size_t)T, true);
  a.split = c.integer(28, "split", RK_SPLIT_UNITS, RK_SPLIT_ROWS);
  if (!c.ok || !check_lengths(c, a.lengths, B, T)) return nullptr;
  if (!lstm && (a.c_new || a.dc_n || a.dc0)) return c.type_error("cNew, dcN, dc0: only an LSTM has a cell state"), nullptr;
  if (kind < 2 && a.aux) return c.type_error("aux: an RNN saves no aux"), nullptr;
  // Σ dx² exists only with dx: without it the sums are zero.
  if (x_sq && !a.dx) memset(x_sq, 0, (size_t)T * sizeof(double));
  a.x_sq = a.dx ? x_sq : nullptr;
  call.k = h->k;
  int nt = c.threads(1, h, recurrent_shares(h->k, kind, a.split, B, H));
  if (kind == 4 && a.h_sq) nt = 1;  // its per-step norms are summed over all rows: one thread
  size_t per = 0;
  const size_t shared = h->k->recurrent_backward_scratch(&a, nt, &per);
  if (!scratch(c, h, shared, per, nt, &call.s)) return nullptr;
  h->pool->run(BackwardCall::run, &call, nt);
  return undefined(env);
}

/**
 * The parameter records of adamUpdateMany (stride 7) or sgdUpdateMany (stride 4) from a JS array,
 * each array checked against the length of p.
 */
bool read_params(Call& c, napi_value list, bool adam, std::vector<RkParam>* out) {
  bool is = false;
  napi_is_array(c.env, list, &is);
  if (!is) return c.type_error("params: expected an array");
  uint32_t len = 0;
  napi_get_array_length(c.env, list, &len);
  const uint32_t stride = adam ? 7 : 4;
  if (len % stride != 0) {
    return c.range_error(adam ? "params: expected 7 entries per parameter" : "params: expected 4 entries per parameter");
  }
  out->resize(len / stride);
  for (uint32_t j = 0; j < len / stride; j++) {
    napi_value v[7];
    for (uint32_t q = 0; q < stride; q++) napi_get_element(c.env, list, j * stride + q, &v[q]);
    RkParam& r = (*out)[j];
    r = RkParam{};
    size_t n = 0, have = 0;
    r.p = static_cast<float*>(c.typed(v[0], "params: p", napi_float32_array, false, &n));
    r.n = n;
    r.g = static_cast<float*>(c.typed(v[1], "params: g", napi_float32_array, false, &have));
    c.covers("params: g", have, 0, n);
    if (adam) {
      r.m = static_cast<float*>(c.typed(v[2], "params: m", napi_float32_array, false, &have));
      c.covers("params: m", have, 0, n);
      r.v = static_cast<float*>(c.typed(v[3], "params: v", napi_float32_array, false, &have));
      c.covers("params: v", have, 0, n);
      r.v_max = static_cast<float*>(c.typed(v[4], "params: vMax", napi_float32_array, true, &have));
      if (r.v_max) c.covers("params: vMax", have, 0, n);
      double d = 0;
      if (c.ok && (napi_get_value_double(c.env, v[5], &d) != napi_ok)) return c.type_error("params: lrOverBc1: expected a number");
      r.lr_over_bc1 = (float)d;
      if (c.ok && (napi_get_value_double(c.env, v[6], &d) != napi_ok)) return c.type_error("params: sqrtBc2: expected a number");
      r.sqrt_bc2 = (float)d;
    } else {
      r.m = static_cast<float*>(c.typed(v[2], "params: buf", napi_float32_array, true, &have));
      if (r.m) c.covers("params: buf", have, 0, n);
      double d = 0;
      if (c.ok && napi_get_value_double(c.env, v[3], &d) != napi_ok) return c.type_error("params: firstStep: expected 0 or 1");
      r.first_step = d != 0;
    }
    if (!c.ok) return false;
  }
  return true;
}

napi_value AdamUpdateMany(napi_env env, napi_callback_info info) {
  // (h, nt, params, lr, beta1, beta2, eps, weightDecay, decoupled)
  Call c(env, info, 9);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  std::vector<RkParam> params;
  if (!read_params(c, c.argv[2], true, &params)) return nullptr;
  AdamCall call = {};
  call.o.lr = (float)c.number(3, "lr");
  call.o.beta1 = (float)c.number(4, "beta1");
  call.o.beta2 = (float)c.number(5, "beta2");
  call.o.eps = (float)c.number(6, "eps");
  call.o.weight_decay = (float)c.number(7, "weightDecay");
  call.o.decoupled = c.boolean(8, "decoupled");
  size_t total = 0;
  for (const RkParam& q : params) total += q.n;
  const int nt = c.threads(1, h, (int)((total + 1023) / 1024 > 255 ? 255 : (total + 1023) / 1024));
  if (!c.ok) return nullptr;
  call.k = h->k;
  call.params = params.data();
  call.count = (int)params.size();
  h->pool->run(AdamCall::run, &call, nt);
  return undefined(env);
}

napi_value SgdUpdateMany(napi_env env, napi_callback_info info) {
  // (h, nt, params, lr, momentum, dampening, nesterov, weightDecay)
  Call c(env, info, 8);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  std::vector<RkParam> params;
  if (!read_params(c, c.argv[2], false, &params)) return nullptr;
  SgdCall call = {};
  call.o.lr = (float)c.number(3, "lr");
  call.o.momentum = (float)c.number(4, "momentum");
  call.o.dampening = (float)c.number(5, "dampening");
  call.o.nesterov = c.boolean(6, "nesterov");
  call.o.weight_decay = (float)c.number(7, "weightDecay");
  size_t total = 0;
  for (const RkParam& q : params) total += q.n;
  const int nt = c.threads(1, h, (int)((total + 1023) / 1024 > 255 ? 255 : (total + 1023) / 1024));
  if (!c.ok) return nullptr;
  call.k = h->k;
  call.params = params.data();
  call.count = (int)params.size();
  h->pool->run(SgdCall::run, &call, nt);
  return undefined(env);
}

/** ids[i] ∈ [0, rows) unless equal to skip (skip_any false: no exception). */
bool check_ids(Call& c, const int32_t* ids, size_t count, size_t rows, bool skip_any, int skip) {
  for (size_t i = 0; i < count; i++) {
    if (skip_any && ids[i] == skip) continue;
    if (ids[i] < 0 || (size_t)ids[i] >= rows) {
      char msg[128];
      snprintf(msg, sizeof msg, "ids: id %d at %zu is outside the table's %zu rows", ids[i], i, rows);
      return c.range_error(msg);
    }
  }
  return true;
}

napi_value GatherRows(napi_env env, napi_callback_info info) {
  // (h, table, dim, ids, out)
  Call c(env, info, 5);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  const int dim = c.dim(2, "dim");
  size_t rows = 0, count = 0;
  const float* table = static_cast<float*>(c.typed(c.argv[1], "table", napi_float32_array, false, &rows));
  const int32_t* ids = static_cast<int32_t*>(c.typed(c.argv[3], "ids", napi_int32_array, false, &count));
  float* out = c.f32(4, "out", count * (size_t)dim);
  if (!c.ok) return nullptr;
  if (dim == 0) return undefined(env);
  if (!check_ids(c, ids, count, rows / (size_t)dim, false, 0)) return nullptr;
  h->k->gather_rows(table, dim, ids, count, out);
  return undefined(env);
}

napi_value ScatterAddRows(napi_env env, napi_callback_info info) {
  // (h, g, dim, ids, gTable, skip)
  Call c(env, info, 6);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  const int dim = c.dim(2, "dim");
  const int skip = c.integer(5, "skip", -2147483648.0, 2147483647.0);
  size_t count = 0, rows = 0;
  const int32_t* ids = static_cast<int32_t*>(c.typed(c.argv[3], "ids", napi_int32_array, false, &count));
  const float* g = c.f32(1, "g", count * (size_t)dim);
  float* table = static_cast<float*>(c.typed(c.argv[4], "gTable", napi_float32_array, false, &rows));
  if (!c.ok) return nullptr;
  if (dim == 0) return undefined(env);
  if (!check_ids(c, ids, count, rows / (size_t)dim, true, skip)) return nullptr;
  h->k->scatter_add_rows(g, dim, ids, count, table, skip);
  return undefined(env);
}

napi_value SoftmaxCrossEntropy(napi_env env, napi_callback_info info) {
  // (h, x, N, C, targets, ignoreIndex, rowWeight, classWeight, labelSmoothing, loss, grad)
  Call c(env, info, 11);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  RkSoftmaxXent a = {};
  a.N = c.dim(2, "N");
  a.C = c.integer(3, "C", 1, 2147483647.0);
  a.ignore_index = c.integer(5, "ignoreIndex", -2147483648.0, 2147483647.0);
  a.label_smoothing = (float)c.number(8, "labelSmoothing");
  const size_t NC = (size_t)a.N * (size_t)a.C;
  a.x = c.f32(1, "x", NC);
  a.targets = c.i32(4, "targets", (size_t)a.N);
  a.row_weight = c.f32(6, "rowWeight", (size_t)a.N, true);
  a.class_weight = c.f32(7, "classWeight", (size_t)a.C, true);
  a.loss = c.f32(9, "loss", (size_t)a.N);
  a.grad = c.f32(10, "grad", NC, true);
  if (!c.ok) return nullptr;
  for (int n = 0; n < a.N; n++) {
    const int t = a.targets[n];
    if (t == a.ignore_index || (a.row_weight && a.row_weight[n] == 0)) continue;
    if (t < 0 || t >= a.C) {
      char msg[128];
      snprintf(msg, sizeof msg, "targets: class %d at row %d is outside [0, %d)", t, n, a.C);
      return c.range_error(msg), nullptr;
    }
  }
  h->k->softmax_xent(&a);
  return undefined(env);
}

napi_value FirstNonFinite(napi_env env, napi_callback_info info) {
  // (h, x) → the index of x's first NaN or ±∞, or -1
  Call c(env, info, 2);
  Handle* h = c.handle(0);
  if (!h) return nullptr;
  size_t n = 0;
  const float* x = static_cast<const float*>(c.typed(c.argv[1], "x", napi_float32_array, false, &n));
  if (!c.ok || !x) return nullptr;
  napi_value r;
  napi_create_double(env, (double)h->k->first_non_finite(x, n), &r);
  return r;
}

}  // namespace

NAPI_MODULE_INIT() {
  Instance* inst = new Instance();
  napi_set_instance_data(env, inst, finalize_instance, nullptr);
  napi_add_env_cleanup_hook(env, cleanup_instance, inst);
  const napi_property_descriptor props[] = {
    {"isas", nullptr, Isas, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"open", nullptr, Open, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"close", nullptr, Close, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"memoryStats", nullptr, MemoryStats, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"resetPeak", nullptr, ResetPeak, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"gemmShares", nullptr, GemmShares, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"recurrentForward", nullptr, RecurrentForward, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"recurrentBackward", nullptr, RecurrentBackward, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"adamUpdateMany", nullptr, AdamUpdateMany, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"sgdUpdateMany", nullptr, SgdUpdateMany, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"gatherRows", nullptr, GatherRows, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"scatterAddRows", nullptr, ScatterAddRows, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"softmaxCrossEntropy", nullptr, SoftmaxCrossEntropy, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"firstNonFinite", nullptr, FirstNonFinite, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
