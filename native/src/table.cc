// The RkKernels table of this build (kernels.h): the one symbol per build that the glue sees.

#include "gemm.h"
#include "ops.h"
#include "recurrent.h"

extern "C" const RkKernels* RK_TABLE(void) {
  static const RkKernels k = {
    RK_ISA,
    RK_NS::NR,
    RK_NS::MR,
    RK_NS::gemm_scratch,
    RK_NS::gemm_shares,
    RK_NS::gemm,
    RK_NS::recurrent_forward_scratch,
    RK_NS::recurrent_forward,
    RK_NS::recurrent_backward_scratch,
    RK_NS::recurrent_backward,
    RK_NS::adam_many,
    RK_NS::sgd_many,
    RK_NS::gather_rows,
    RK_NS::scatter_add_rows,
    RK_NS::softmax_xent,
    RK_NS::first_non_finite,
  };
  return &k;
}
