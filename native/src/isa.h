// Which build of the kernel sources this compilation is: the compiler flags of its gyp target
// (-mavx512f …, -mavx2 -mfma, or none) select a namespace, so the three builds link into one
// addon without a symbol in common. Kernel sources put everything inside RK_NS (or give it
// internal linkage) and use no standard-library template: a template instantiated in the AVX-512
// build could otherwise be the copy the linker keeps for the portable one.
#ifndef RECURRENT_NATIVE_ISA_H
#define RECURRENT_NATIVE_ISA_H

#if defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512DQ__) && defined(__AVX512BW__) && defined(__FMA__)
#define RK_NS rk_avx512
#define RK_ISA "avx512"
#define RK_TABLE rk_kernels_avx512
/** Floats in one SIMD register. */
#define RK_VF 16
#elif defined(__AVX2__) && defined(__FMA__)
#define RK_NS rk_avx2
#define RK_ISA "avx2"
#define RK_TABLE rk_kernels_avx2
#define RK_VF 8
#else
#define RK_NS rk_generic
#define RK_ISA "generic"
#define RK_TABLE rk_kernels_generic
/* SSE2 on x86-64, NEON on arm64: both baseline, 4 floats. */
#define RK_VF 4
#endif

#endif
