import type { Arr } from '../../tensor/dtype.js';
import type { BinaryOp, UnaryOp } from '../backend.js';
import { stridesOf, sizeOf } from '../../tensor/shape.js';

function binaryFn(op: BinaryOp): (x: number, y: number) => number {
  switch (op) {
    case 'add': return (x, y) => x + y;
    case 'sub': return (x, y) => x - y;
    case 'mul': return (x, y) => x * y;
    case 'div': return (x, y) => x / y;
    case 'pow': return (x, y) => Math.pow(x, y);
    case 'maximum': return (x, y) => (x >= y ? x : y);
    case 'minimum': return (x, y) => (x <= y ? x : y);
  }
}

/**
 * Elements in the trailing block that `shape` repeats across `outShape` — its size when
 * `shape`, less leading 1s, equals the last dims of `outShape` (a bias [n] over [rows, n]) —
 * or 0 when it broadcasts some other way.
 */
export function trailingBlock(shape: readonly number[], outShape: readonly number[]): number {
  let lead = 0;
  while (lead < shape.length && shape[lead] === 1) lead++;
  const dims = shape.length - lead;
  if (dims > outShape.length) return 0;
  let size = 1;
  for (let i = 0; i < dims; i++) {
    const d = shape[lead + i];
    if (d !== outShape[outShape.length - dims + i]) return 0;
    size *= d;
  }
  return size;
}

/**
 * Elements per row when `shape` is `outShape` with its last dim 1 (a per-row scale [rows, 1]
 * over [rows, n], leading 1s allowed), or 0 when it broadcasts some other way.
 */
export function columnBlock(shape: readonly number[], outShape: readonly number[]): number {
  const rank = outShape.length;
  if (rank === 0 || shape.length > rank || outShape[rank - 1] <= 1) return 0;
  const off = rank - shape.length;
  for (let i = 0; i < rank - 1; i++) if ((i < off ? 1 : shape[i - off]) !== outShape[i]) return 0;
  return (off === rank ? 1 : shape[shape.length - 1]) === 1 ? outShape[rank - 1] : 0;
}

/** Strides of `shape` when broadcast to `outShape` (0 along broadcast axes). */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const st = stridesOf(shape);
  const off = outShape.length - shape.length;
  return outShape.map((d, i) => (i < off || shape[i - off] === 1 ? 0 : st[i - off]));
}

export function binary(op: BinaryOp, a: Arr, aShape: readonly number[], b: Arr, bShape: readonly number[], out: Arr, outShape: readonly number[]): void {
  const f = binaryFn(op);
  const n = sizeOf(outShape);
  if (a.length === n && b.length === n) {
    // Same shape: one flat loop.
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const s = b[0];
    for (let i = 0; i < n; i++) out[i] = f(a[i], s);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const s = a[0];
    for (let i = 0; i < n; i++) out[i] = f(s, b[i]);
    return;
  }
  // One operand repeated row after row (a bias over [rows, n]): two plain loops.
  const m = a.length === n ? trailingBlock(bShape, outShape) : b.length === n ? trailingBlock(aShape, outShape) : 0;
  if (m > 0 && n % m === 0) {
    const bRepeats = a.length === n;
    for (let r = 0; r < n; r += m) {
      if (bRepeats) for (let j = 0; j < m; j++) out[r + j] = f(a[r + j], b[j]);
      else for (let j = 0; j < m; j++) out[r + j] = f(a[j], b[r + j]);
    }
    return;
  }
  // One operand holds one value per row ([rows, 1] over [rows, n]): a scalar per row.
  const c = a.length === n ? columnBlock(bShape, outShape) : b.length === n ? columnBlock(aShape, outShape) : 0;
  if (c > 0) {
    const bPerRow = a.length === n;
    for (let r = 0, row = 0; r < n; r += c, row++) {
      if (bPerRow) {
        const s = b[row];
        for (let j = 0; j < c; j++) out[r + j] = f(a[r + j], s);
      } else {
        const s = a[row];
        for (let j = 0; j < c; j++) out[r + j] = f(s, b[r + j]);
      }
    }
    return;
  }
  const rank = outShape.length;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(a[ia], b[ib]);
    // Odometer increment over the output index.
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < outShape[d]) break;
      ia -= sa[d] * outShape[d];
      ib -= sb[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

export function binaryScalar(op: BinaryOp, a: Arr, s: number, out: Arr, scalarFirst: boolean): void {
  const f = binaryFn(op);
  const n = a.length;
  if (scalarFirst) for (let i = 0; i < n; i++) out[i] = f(s, a[i]);
  else for (let i = 0; i < n; i++) out[i] = f(a[i], s);
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function softplus(x: number): number {
  return x > 20 ? x : x < -20 ? Math.exp(x) : Math.log1p(Math.exp(x));
}

export function unary(op: UnaryOp, x: Arr, out: Arr, param = 0): void {
  const n = x.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]; return;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]); return;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]); return;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); return;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); return;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); return;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]); return;
    case 'relu': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : 0; return;
    case 'leakyRelu': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : param * x[i]; return;
    case 'square': for (let i = 0; i < n; i++) out[i] = x[i] * x[i]; return;
    case 'powScalar': for (let i = 0; i < n; i++) out[i] = Math.pow(x[i], param); return;
    case 'softplus': for (let i = 0; i < n; i++) out[i] = softplus(x[i]); return;
  }
}

export function unaryGrad(op: UnaryOp, x: Arr, y: Arr, gy: Arr, gx: Arr, param = 0): void {
  const n = x.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) gx[i] = -gy[i]; return;
    case 'exp': for (let i = 0; i < n; i++) gx[i] = gy[i] * y[i]; return;
    case 'log': for (let i = 0; i < n; i++) gx[i] = gy[i] / x[i]; return;
    case 'sqrt': for (let i = 0; i < n; i++) gx[i] = gy[i] / (2 * y[i]); return;
    case 'abs': for (let i = 0; i < n; i++) gx[i] = gy[i] * Math.sign(x[i]); return;
    case 'tanh': for (let i = 0; i < n; i++) gx[i] = gy[i] * (1 - y[i] * y[i]); return;
    case 'sigmoid': for (let i = 0; i < n; i++) gx[i] = gy[i] * y[i] * (1 - y[i]); return;
    case 'relu': for (let i = 0; i < n; i++) gx[i] = x[i] > 0 ? gy[i] : 0; return;
    case 'leakyRelu': for (let i = 0; i < n; i++) gx[i] = x[i] > 0 ? gy[i] : param * gy[i]; return;
    case 'square': for (let i = 0; i < n; i++) gx[i] = 2 * x[i] * gy[i]; return;
    case 'powScalar': for (let i = 0; i < n; i++) gx[i] = gy[i] * param * Math.pow(x[i], param - 1); return;
    case 'softplus': for (let i = 0; i < n; i++) gx[i] = gy[i] * sigmoid(x[i]); return;
  }
}

export function clamp(x: Arr, lo: number, hi: number, out: Arr): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] < lo ? lo : x[i] > hi ? hi : x[i];
}

export function fill(out: Arr, value: number): void {
  out.fill(value);
}

export function firstNonFinite(x: Arr): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}

export function clampGrad(x: Arr, lo: number, hi: number, gy: Arr, gx: Arr): void {
  for (let i = 0; i < x.length; i++) gx[i] = x[i] >= lo && x[i] <= hi ? gy[i] : 0;
}

export function pickGrad(op: 'maximum' | 'minimum', a: Arr, b: Arr, gy: Arr, ga: Arr, gb: Arr): void {
  for (let i = 0; i < gy.length; i++) {
    const takeA = op === 'maximum' ? a[i] >= b[i] : a[i] <= b[i];
    ga[i] = takeA ? gy[i] : 0;
    gb[i] = takeA ? 0 : gy[i];
  }
}

export function broadcastTo(src: Arr, srcShape: readonly number[], dst: Arr, dstShape: readonly number[]): void {
  const n = sizeOf(dstShape);
  if (src.length === n) {
    for (let i = 0; i < n; i++) dst[i] = src[i];
    return;
  }
  const m = trailingBlock(srcShape, dstShape);
  if (m > 0 && src.length === m && n % m === 0) {
    for (let r = 0; r < n; r += m) dst.set(src, r); // one row after another (a bias over [rows, n])
    return;
  }
  const rank = dstShape.length;
  const st = broadcastStrides(srcShape, dstShape);
  const idx = new Array<number>(rank).fill(0);
  let j = 0;
  for (let i = 0; i < n; i++) {
    dst[i] = src[j];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      j += st[d];
      if (idx[d] < dstShape[d]) break;
      j -= st[d] * dstShape[d];
      idx[d] = 0;
    }
  }
}
