import { jsBackend } from './index.js';
import type { CellKind } from '../backend.js';

/**
 * The kernels a compiled backend (wasm, native) leaves to the JavaScript reference: the
 * memory-bound elementwise, reduction, layout and softmax kernels, each touching every element
 * once, which V8 already runs near memory speed (and which the wasm backend would have to copy
 * into its memory and back), plus the two optimizers no training default uses. A compiled
 * backend extends this class and implements the rest of `Backend`.
 */
export abstract class JsDelegatedKernels {
  binary = jsBackend.binary;
  binaryScalar = jsBackend.binaryScalar;
  unary = jsBackend.unary;
  unaryGrad = jsBackend.unaryGrad;
  clamp = jsBackend.clamp;
  broadcastTo = jsBackend.broadcastTo;
  clampGrad = jsBackend.clampGrad;
  pickGrad = jsBackend.pickGrad;
  fill = jsBackend.fill;
  firstNonFinite = jsBackend.firstNonFinite;
  sumTo = jsBackend.sumTo;
  reduceAxis = jsBackend.reduceAxis;
  reduceAxisGrad = jsBackend.reduceAxisGrad;
  sumSquares = jsBackend.sumSquares;
  permute = jsBackend.permute;
  blockCopy = jsBackend.blockCopy;
  softmax = jsBackend.softmax;
  softmaxGrad = jsBackend.softmaxGrad;
  rmspropUpdate = jsBackend.rmspropUpdate;
  adagradUpdate = jsBackend.adagradUpdate;
  /** CTC's α-β recursion: exp and log bound, under 5 % of a step next to an LSTM of 2×128 (dev/ctc-lab.ts). */
  ctcLoss = jsBackend.ctcLoss;
}

/**
 * The cell kinds every compiled backend runs itself; the wasm backend hands the others
 * ('gru_reset_before', Keras' reset-before GRU) to the reference kernel through
 * `compiledCellKind`. The native backend has a kernel for every kind.
 */
export type CompiledCellKind = Exclude<CellKind, 'gru_reset_before'>;

/** `kind` when a compiled backend has a kernel for it, else null (hand the call to jsBackend). */
export function compiledCellKind(kind: CellKind): CompiledCellKind | null {
  return kind === 'gru_reset_before' ? null : kind;
}
