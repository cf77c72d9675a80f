// Optimizer updates and embedding rows, as src/backend/js/optim.ts and embedding.ts.

import { ld, st } from './simd';

@inline function f(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Adam / AdamW (decoupled) with optional AMSGrad (`vMax` non-zero); see the JS reference. */
export function adamUpdate(n: i32, p: usize, g: usize, m: usize, v: usize, vMax: usize, lr: f32, beta1: f32, beta2: f32,
  eps: f32, weightDecay: f32, decoupled: bool, stepSize: f32, sqrtBc2: f32): void {
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(1 - beta1), ob2 = f32x4.splat(1 - beta2);
  const wd = f32x4.splat(weightDecay), decay = f32x4.splat(1 - lr * weightDecay);
  const ss = f32x4.splat(stepSize), sb = f32x4.splat(sqrtBc2), ve = f32x4.splat(eps);
  for (let i = 0; i < n; i += 4) {
    const k = min(4, n - i);
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

/** SGD with momentum, dampening, Nesterov and L2 weight decay (`buf` 0 = no momentum buffer). */
export function sgdUpdate(n: i32, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, dampening: f32,
  nesterov: bool, weightDecay: f32, firstStep: bool): void {
  for (let i = 0; i < n; i++) {
    let d = load<f32>(f(g, i)) + weightDecay * load<f32>(f(p, i));
    if (buf && momentum != 0) {
      const bv: f32 = firstStep ? d : momentum * load<f32>(f(buf, i)) + (1 - dampening) * d;
      store<f32>(f(buf, i), bv);
      d = nesterov ? d + momentum * bv : bv;
    }
    store<f32>(f(p, i), load<f32>(f(p, i)) - lr * d);
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
