// Optimizer updates and embedding rows, as src/backend/js/optim.ts and embedding.ts.

import { ld, st } from './simd';
import { part } from './sync';

@inline function f(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Adam / AdamW (decoupled) with optional AMSGrad (`vMax` non-zero) on elements [i0, i1); see the JS reference. */
@inline function adamRange(i0: i32, i1: i32, p: usize, g: usize, m: usize, v: usize, vMax: usize, lr: f32, beta1: f32, beta2: f32,
  eps: f32, weightDecay: f32, decoupled: bool, stepSize: f32, sqrtBc2: f32): void {
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(1 - beta1), ob2 = f32x4.splat(1 - beta2);
  const wd = f32x4.splat(weightDecay), decay = f32x4.splat(1 - lr * weightDecay);
  const ss = f32x4.splat(stepSize), sb = f32x4.splat(sqrtBc2), ve = f32x4.splat(eps);
  for (let i = i0; i < i1; i += 4) {
    const k = min(4, i1 - i);
    let pi = ld(f(p, i), k);
    let gi = ld(f(g, i), k);
    if (weightDecay != 0) {
      if (decoupled) pi = f32x4.mul(pi, decay);
      else gi = f32x4.add(gi, f32x4.mul(wd, pi));
    }
    const mi = f32x4.add(f32x4.mul(b1, ld(f(m, i), k)), f32x4.mul(ob1, gi));
    let vi = f32x4.add(f32x4.mul(b2, ld(f(v, i), k)), f32x4.mul(f32x4.mul(ob2, gi), gi));
    st(f(m, i), mi, k);
    st(f(v, i), vi, k);
    if (vMax) {
      vi = f32x4.max(vi, ld(f(vMax, i), k));
      st(f(vMax, i), vi, k);
    }
    const den = f32x4.add(f32x4.div(f32x4.sqrt(vi), sb), ve);
    st(f(p, i), f32x4.sub(pi, f32x4.div(f32x4.mul(ss, mi), den)), k);
  }
}

/** SGD with momentum, dampening, Nesterov and L2 weight decay (`buf` 0 = no momentum buffer) on elements [i0, i1). */
@inline function sgdRange(i0: i32, i1: i32, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, dampening: f32,
  nesterov: bool, weightDecay: f32, firstStep: bool): void {
  const wd = f32x4.splat(weightDecay), mu = f32x4.splat(momentum), od = f32x4.splat(1 - dampening), vlr = f32x4.splat(lr);
  for (let i = i0; i < i1; i += 4) {
    const k = min(4, i1 - i);
    const pi = ld(f(p, i), k);
    let d = f32x4.add(ld(f(g, i), k), f32x4.mul(wd, pi));
    if (buf && momentum != 0) {
      const bv = firstStep ? d : f32x4.add(f32x4.mul(mu, ld(f(buf, i), k)), f32x4.mul(od, d));
      st(f(buf, i), bv, k);
      d = nesterov ? f32x4.add(d, f32x4.mul(mu, bv)) : bv;
    }
    st(f(p, i), f32x4.sub(pi, f32x4.mul(vlr, d)), k);
  }
}

/** Adam / AdamW (decoupled) with optional AMSGrad (`vMax` non-zero); see the JS reference. */
export function adamUpdate(n: i32, p: usize, g: usize, m: usize, v: usize, vMax: usize, lr: f32, beta1: f32, beta2: f32,
  eps: f32, weightDecay: f32, decoupled: bool, stepSize: f32, sqrtBc2: f32): void {
  adamRange(0, n, p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, stepSize, sqrtBc2);
}

/** SGD with momentum, dampening, Nesterov and L2 weight decay (`buf` 0 = no momentum buffer). */
export function sgdUpdate(n: i32, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, dampening: f32,
  nesterov: bool, weightDecay: f32, firstStep: bool): void {
  sgdRange(0, n, p, g, buf, lr, momentum, dampening, nesterov, weightDecay, firstStep);
}

/**
 * The many-parameter updates read a table of `count` records of PARAM_RECORD bytes, one per
 * parameter: [n, p, g, a, b, c] as i32 and two f32 (Adam: a, b, c = m, v, vMax, then stepSize,
 * sqrtBc2; SGD: a = buf, then firstStep as i32). The parameters are laid end to end, each
 * rounded up to 4 elements (`total` in all), and thread tid of nt updates its share of that
 * range, so a split never depends on how the elements fall into parameters.
 */
const PARAM_RECORD: i32 = 32;

/** This thread's share [lo, hi) of `total` elements (multiples of 4). */
@inline function share(total: i32, tid: i32, nt: i32): i64 {
  return (<i64>part(total, tid, nt, 4) << 32) | <i64>part(total, tid + 1, nt, 4);
}

/** Adam over every parameter of the table; see PARAM_RECORD. */
export function adamUpdateMany(count: i32, table: usize, total: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32,
  decoupled: bool, bar: usize, tid: i32, nt: i32): void {
  const sh = share(total, tid, nt);
  const lo = <i32>(sh >> 32), hi = <i32>sh;
  let off = 0;
  for (let j = 0; j < count && off < hi; j++) {
    const r = table + <usize>(j * PARAM_RECORD);
    const n = load<i32>(r);
    const i0 = max(lo - off, 0), i1 = min(hi - off, n);
    if (i0 < i1) {
      adamRange(i0, i1, load<i32>(r, 4), load<i32>(r, 8), load<i32>(r, 12), load<i32>(r, 16), load<i32>(r, 20),
        lr, beta1, beta2, eps, weightDecay, decoupled, load<f32>(r, 24), load<f32>(r, 28));
    }
    off += (n + 3) & ~3;
  }
}

/** SGD over every parameter of the table; see PARAM_RECORD. */
export function sgdUpdateMany(count: i32, table: usize, total: i32, lr: f32, momentum: f32, dampening: f32, nesterov: bool,
  weightDecay: f32, bar: usize, tid: i32, nt: i32): void {
  const sh = share(total, tid, nt);
  const lo = <i32>(sh >> 32), hi = <i32>sh;
  let off = 0;
  for (let j = 0; j < count && off < hi; j++) {
    const r = table + <usize>(j * PARAM_RECORD);
    const n = load<i32>(r);
    const i0 = max(lo - off, 0), i1 = min(hi - off, n);
    if (i0 < i1) {
      sgdRange(i0, i1, load<i32>(r, 4), load<i32>(r, 8), load<i32>(r, 12), lr, momentum, dampening, nesterov, weightDecay,
        load<i32>(r, 24) != 0);
    }
    off += (n + 3) & ~3;
  }
}

/** out[i, :] = table[ids[i], :]. */
export function gatherRows(table: usize, dim: i32, ids: usize, count: i32, out: usize): void {
  for (let i = 0; i < count; i++) {
    memory.copy(f(out, i * dim), f(table, load<i32>(f(ids, i)) * dim), <usize>dim << 2);
  }
}

/** gTable[ids[i], :] += g[i, :], skipping ids equal to `skip`. */
export function scatterAddRows(g: usize, dim: i32, ids: usize, count: i32, gTable: usize, skip: i32): void {
  for (let i = 0; i < count; i++) {
    const id = load<i32>(f(ids, i));
    if (id == skip) continue;
    const d = f(gTable, id * dim), s = f(g, i * dim);
    for (let j = 0; j < dim; j += 4) {
      const k = min(4, dim - j);
      st(f(d, j), f32x4.add(ld(f(d, j), k), ld(f(s, j), k)), k);
    }
  }
}
