// The fused recurrent kernels of one build (inside RK_NS): a whole sequence of one direction of
// one layer per call, forward (with what the backward needs) and BPTT, SPMD over the threads of
// `sync` (thread tid owns the hidden units part(H, tid, nt, NR) of every product).
#ifndef RECURRENT_NATIVE_RECURRENT_H
#define RECURRENT_NATIVE_RECURRENT_H

#include <stddef.h>
#include "isa.h"
#include "kernels.h"

namespace RK_NS {

/** Shared scratch floats of recurrent_forward on nt threads; *per_thread gets the floats per thread. */
size_t recurrent_forward_scratch(const RkRecurrentForward* a, int nt, size_t* per_thread);
void recurrent_forward(const RkRecurrentForward* a, const RkScratch* s, const RkSync* sync);
/** Shared scratch floats of recurrent_backward on nt threads; *per_thread gets the floats per thread. */
size_t recurrent_backward_scratch(const RkRecurrentBackward* a, int nt, size_t* per_thread);
void recurrent_backward(const RkRecurrentBackward* a, const RkScratch* s, const RkSync* sync);

/* The reset-before GRU (kind 4, gru_reset_before.cc), which the four functions above hand on to;
   it splits by batch rows only (any a->split). */
size_t gru_reset_before_forward_scratch(const RkRecurrentForward* a, size_t* per_thread);
void gru_reset_before_forward(const RkRecurrentForward* a, const RkScratch* s, const RkSync* sync);
size_t gru_reset_before_backward_scratch(const RkRecurrentBackward* a, size_t* per_thread);
void gru_reset_before_backward(const RkRecurrentBackward* a, const RkScratch* s, const RkSync* sync);

}  // namespace RK_NS

#endif
