// Entry of the WebAssembly kernels (compiled by scripts/build-wasm.mjs). No allocation happens
// in here: the JavaScript side owns memory layout and passes byte addresses.

export { gemm, gemmMT, gemmPacked, packB, packedBSize, aPackFloats, tmpFloats } from './gemm';
export { recurrentForward, recurrentBackward, forwardScratch, backwardScratch, gradNormChunks } from './recurrent';
export { adamUpdate, sgdUpdate, adamUpdateMany, sgdUpdateMany, gatherRows, scatterAddRows } from './optim';
export { softmaxCrossEntropy } from './loss';

/** First free byte after static data and the stack. */
export function heapBase(): usize {
  return __heap_base;
}

/** 1 in the relaxed-SIMD build (fused multiply-adds, see simd.ts `madd`), 0 in the plain one. */
export function relaxedSimd(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}
