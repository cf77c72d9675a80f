// The contract between the Node-API glue (addon.cc, compiled once) and the kernel library, which
// is compiled once per instruction set (AVX-512, AVX2+FMA, and a portable build) and picked at run
// time. Everything here is plain C: structs of numbers and pointers, and one table of function
// pointers per build. No inline function, template or class crosses this line, so nothing the
// linker merges between the builds can carry an AVX-512 instruction into the portable one.
//
// Conventions (those of src/backend/backend.ts): row-major float32 arrays; leading dimensions in
// floats; every kernel overwrites its outputs unless a field says "accumulate"; a null pointer is
// an absent optional array. Shapes of the recurrent kernels are time-major: x [T, B, I],
// w_ih [G·H, I], w_hh [G·H, H], states [B, H], out [T, B, H], gates [T, B, G·H]; PyTorch's gate
// order (LSTM i,f,g,o; GRU r,z,n); kind 0 RNN tanh, 1 RNN relu, 2 LSTM, 3 GRU.
#ifndef RECURRENT_NATIVE_KERNELS_H
#define RECURRENT_NATIVE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The threads of one kernel call: each runs the same kernel with its own tid of nt (0 is the caller). */
typedef struct RkSync {
  int tid;
  int nt;
  /** Wait until all nt threads of this call have arrived (a no-op when nt is 1). */
  void (*barrier)(void* team);
  void* team;
} RkSync;

/**
 * Scratch memory of one call, 64-byte aligned, uninitialised: `shared` holds the floats every
 * thread of the call sees (sized by the kernel's *_scratch function), thread tid owns
 * `per_thread + tid * per_thread_floats`.
 */
typedef struct RkScratch {
  float* shared;
  float* per_thread;
  size_t per_thread_floats;
} RkScratch;

/** C = α·op(A)·op(B) + β·C (BLAS sgemm on row-major sub-arrays; β is 0 or 1 in practice). */
typedef struct RkGemm {
  int trans_a, trans_b;
  int m, n, k;
  float alpha;
  const float* a;
  int lda;
  const float* b;
  int ldb;
  float beta;
  float* c;
  int ldc;
} RkGemm;

/** One direction of one recurrent layer over a whole sequence (RecurrentForwardArgs). */
typedef struct RkRecurrentForward {
  int kind, T, B, I, H;
  int reverse;
  const float* x;
  const float* w_ih;
  const float* w_hh;
  const float* b_ih;     /* [G·H] or null */
  const float* b_hh;     /* [G·H] or null */
  const int32_t* lengths; /* [B] or null: sequence b is active at t only when t < lengths[b] */
  const float* h0;       /* [B, H] */
  const float* c0;       /* LSTM [B, H] or null (zeros) */
  float* out;            /* [T, B, H] */
  float* h_n;            /* [B, H] */
  float* c_n;            /* LSTM [B, H] or null */
  /* What the backward needs, each null when not wanted (inference): */
  float* gates;          /* [T, B, G·H] activated gates (RNN: h_t) */
  float* h_prev;         /* [T, B, H] state entering each step */
  float* aux;            /* LSTM: cell entering each step; GRU: W_hn·h + b_hn; [T, B, H] */
  float* c_new;          /* LSTM: cell after each step [T, B, H] */
  int split;             /* how nt > 1 threads share the call: RK_SPLIT_UNITS or RK_SPLIT_ROWS */
} RkRecurrentForward;

/* How the threads of one recurrent call share each step. By hidden units: thread tid owns the
   units part(H, tid, nt, split_units) of every product and meets the others at a barrier per
   step, as h_t is needed whole by every thread at step t+1 (only when H % split_units == 0; else
   one thread does all). By batch rows: thread tid owns an even share of the sequences (whole
   rows, at least split_rows of them: row_share in recurrent_util.h) for the whole call, so the
   steps need no barrier, and every thread reads all of W_hh each step. Both compute every
   element as one thread does. */
#define RK_SPLIT_UNITS 0
#define RK_SPLIT_ROWS 1

/** BPTT of RkRecurrentForward, walking the steps in reverse processing order (RecurrentBackwardArgs). */
typedef struct RkRecurrentBackward {
  int kind, T, B, I, H;
  int reverse;
  const float* x;
  const float* w_ih;
  const float* w_hh;
  const int32_t* lengths;
  const float* gates;
  const float* h_prev;
  const float* aux;
  const float* c_new;
  const float* d_out;    /* [T, B, H] or null (zero) */
  const float* dh_n;     /* [B, H] or null */
  const float* dc_n;     /* LSTM [B, H] or null */
  float* dx;             /* [T, B, I] or null when not wanted */
  float* dw_ih;          /* [G·H, I] */
  float* dw_hh;          /* [G·H, H] */
  float* db_ih;          /* [G·H] or null */
  float* db_hh;          /* [G·H] or null */
  float* dh0;            /* [B, H] */
  float* dc0;            /* LSTM [B, H] or null */
  /* Per-step gradient norms (RecurrentGradNorms), null when not wanted: squared sums in double,
     h_sq[t] = Σ over active b and all units of dh_t², x_sq[t] = Σ dx[t]² (only with dx). Each is
     summed in an order that does not depend on nt (per chunk of units, then chunks in order). */
  double* h_sq;          /* [T] */
  double* x_sq;          /* [T] */
  int split;             /* RK_SPLIT_UNITS or RK_SPLIT_ROWS (with h_sq: always units) */
} RkRecurrentBackward;

/** One parameter of adam_many / sgd_many. */
typedef struct RkParam {
  float* p;
  const float* g;
  float* m;              /* Adam: first moment; SGD: momentum buffer or null */
  float* v;              /* Adam: second moment; SGD: unused */
  float* v_max;          /* Adam AMSGrad maximum or null */
  size_t n;
  float lr_over_bc1;     /* Adam: lr / (1 − β1^step) */
  float sqrt_bc2;        /* Adam: sqrt(1 − β2^step) */
  int first_step;        /* SGD: this parameter's first step (buffer ← gradient) */
} RkParam;

typedef struct RkAdam {
  float lr, beta1, beta2, eps, weight_decay;
  int decoupled;         /* AdamW */
} RkAdam;

typedef struct RkSgd {
  float lr, momentum, dampening, weight_decay;
  int nesterov;
} RkSgd;

/** SoftmaxCrossEntropyArgs of backend.ts, float32. */
typedef struct RkSoftmaxXent {
  const float* x;
  int N, C;
  const int32_t* targets;
  int ignore_index;
  const float* row_weight;   /* [N] or null */
  const float* class_weight; /* [C] or null */
  float label_smoothing;
  float* loss;               /* [N] */
  float* grad;               /* [N, C] or null */
} RkSoftmaxXent;

/**
 * The kernels of one build. Functions taking an RkSync are SPMD: the glue calls them on nt
 * threads at once and each does its share; every output element is computed the same way for
 * every nt, so results do not depend on the thread count. `*_scratch` return floats of shared
 * scratch and (through per_thread) floats per thread for that call; `*_shares` the most threads
 * the call can use (1 means it never splits).
 */
typedef struct RkKernels {
  const char* isa;       /* "avx512", "avx2", "generic" */
  int split_units;       /* recurrent calls split hidden units in multiples of this (the GEMM's NR) */
  int split_rows;        /* ... or batch rows in multiples of this (the GEMM's MR) */

  size_t (*gemm_scratch)(const RkGemm* g, int nt, size_t* per_thread);
  int (*gemm_shares)(const RkGemm* g);
  void (*gemm)(const RkGemm* g, const RkScratch* s, const RkSync* sync);

  size_t (*recurrent_forward_scratch)(const RkRecurrentForward* a, int nt, size_t* per_thread);
  void (*recurrent_forward)(const RkRecurrentForward* a, const RkScratch* s, const RkSync* sync);
  size_t (*recurrent_backward_scratch)(const RkRecurrentBackward* a, int nt, size_t* per_thread);
  void (*recurrent_backward)(const RkRecurrentBackward* a, const RkScratch* s, const RkSync* sync);
  /* shares of both recurrent calls: by units H / split_units when H is a multiple of it, else 1;
     by rows ceil(B / split_rows) */

  /* Element-range split over all parameters together, in blocks of 1024 elements. */
  void (*adam_many)(const RkParam* params, int count, const RkAdam* o, const RkSync* sync);
  void (*sgd_many)(const RkParam* params, int count, const RkSgd* o, const RkSync* sync);

  /* One thread. */
  void (*gather_rows)(const float* table, int dim, const int32_t* ids, size_t count, float* out);
  void (*scatter_add_rows)(const float* g, int dim, const int32_t* ids, size_t count, float* g_table, int skip);
  void (*softmax_xent)(const RkSoftmaxXent* a);
  /* The index of the first NaN or ±∞ of x[0, n), or -1. */
  int64_t (*first_non_finite)(const float* x, size_t n);
} RkKernels;

/* The builds (each defined in its own compilation of the kernel sources); the glue calls only
   those whose instruction set the processor has (__builtin_cpu_supports). */
const RkKernels* rk_kernels_avx512(void);
const RkKernels* rk_kernels_avx2(void);
const RkKernels* rk_kernels_generic(void);

#ifdef __cplusplus
}
#endif

#endif
