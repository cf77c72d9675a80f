/**
 * Small compositions of ONNX ops the model emitters share: reductions written for the opset at
 * hand, the batch size of a value, and the step mask of right-padded sequences.
 */
import type { OnnxGraph } from './graph.js';

/**
 * ReduceMax / ReduceMean / ReduceSum over `axes`. Their axes moved from an attribute to an
 * input in opset 18 (ReduceSum already in 13).
 */
export function reduce(g: OnnxGraph, op: 'ReduceMax' | 'ReduceMean' | 'ReduceSum', x: string, axes: number[], keepdims: 0 | 1, base: string): string {
  const axesAsInput = op === 'ReduceSum' || g.opset >= 18;
  return axesAsInput
    ? g.op(op, [x, g.int64s('axes', axes)], { keepdims }, base)
    : g.op(op, [x], { axes, keepdims }, base);
}

/** Dimension `axis` of `x` as an int64 [1]. */
export function dimOf(g: OnnxGraph, x: string, axis: number, base: string): string {
  return g.op('Gather', [g.op('Shape', [x], {}, `${base}.shape`), g.int64s(`index${axis}`, [axis])], { axis: 0 }, base);
}

/**
 * Float mask of right-padded sequences, `real` at t < lengths[b] and `pad` after: [B, T] with a
 * size-1 axis inserted at `at` ([B, T, 1] by default, [B, 1, T] with at = 1). `steps` is a value
 * whose dimension `timeAxis` is T; `lengths` is int32 [B].
 */
export function stepMask(g: OnnxGraph, steps: string, timeAxis: number, lengths: string, real: number, pad: number, base: string, at: 1 | 2 = 2): string {
  const T = g.op('Squeeze', [dimOf(g, steps, timeAxis, `${base}.T`), g.int64s('axis0', [0])], {}, `${base}.T_scalar`);
  const t = g.op('Range', [g.int64s('zero', [0], []), T, g.int64s('one', [1], [])], {}, `${base}.t`); // [T]
  const len = g.op('Unsqueeze', [g.op('Cast', [lengths], { to: 7 }, `${base}.len64`), g.int64s('axis1', [1])], {}, `${base}.len`); // [B, 1]
  const inside = g.op('Less', [t, len], {}, `${base}.inside`); // [B, T] bool
  const m = g.op('Where', [inside, g.scalar(`${base}.real`, real), g.scalar(`${base}.pad`, pad)], {}, `${base}.bt`);
  return g.op('Unsqueeze', [m, g.int64s(`axis${at}`, [at])], {}, base);
}
