// The one-pass kernels of one build (inside RK_NS): optimizer updates over many parameters
// (optim.cc), embedding rows (embed.cc), softmax cross-entropy (loss.cc), the non-finite scan
// (scan.cc). See kernels.h.
#ifndef RECURRENT_NATIVE_OPS_H
#define RECURRENT_NATIVE_OPS_H

#include <stddef.h>
#include <stdint.h>
#include "isa.h"
#include "kernels.h"

namespace RK_NS {

void adam_many(const RkParam* params, int count, const RkAdam* o, const RkSync* sync);
void sgd_many(const RkParam* params, int count, const RkSgd* o, const RkSync* sync);
void gather_rows(const float* table, int dim, const int32_t* ids, size_t count, float* out);
void scatter_add_rows(const float* g, int dim, const int32_t* ids, size_t count, float* g_table, int skip);
void softmax_xent(const RkSoftmaxXent* a);
int64_t first_non_finite(const float* x, size_t n);

}  // namespace RK_NS

#endif
