// Softmax cross-entropy per row, loss and gradient in one pass, as src/backend/js/cross-entropy.ts.

import { ld, st, vexp } from './simd';

@inline function f(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Lanes below `k` (1..4) set, the others clear: masks a row's partial last vector. */
@inline function lanes(k: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(k));
}

/**
 * Row n of logits x [N, C]: t = targets[n], m = rowWeight[n] (1 when rowWeight is 0), class
 * weights w (1 when classWeight is 0), ε = eps. Writes loss[n] and, when grad is non-zero,
 * grad[n, :] = ((1 − ε)·w[t] + (ε/C)·W)·m·softmax(x[n, :]) − (1 − ε)·w[t]·m·onehot(t) − (ε/C)·m·w.
 * Rows with t = ignoreIndex or m = 0 get loss 0 and a zero gradient row.
 */
export function softmaxCrossEntropy(x: usize, N: i32, C: i32, targets: usize, ignoreIndex: i32, rowWeight: usize,
  classWeight: usize, eps: f32, loss: usize, grad: usize): void {
  let W: f32 = <f32>C; // Σ_c w[c]
  if (classWeight) {
    W = 0;
    for (let c = 0; c < C; c++) W += load<f32>(f(classWeight, c));
  }
  const rowBytes = <usize>C << 2;
  for (let n = 0; n < N; n++) {
    const t = load<i32>(f(targets, n));
    const m: f32 = rowWeight ? load<f32>(f(rowWeight, n)) : 1;
    const xr = x + <usize>n * rowBytes;
    const gr = grad + <usize>n * rowBytes;
    if (t == ignoreIndex || m == 0) {
      store<f32>(f(loss, n), 0);
      if (grad) memory.fill(gr, 0, rowBytes);
      continue;
    }
    // max, the missing lanes of the last vector counted as −∞
    let vmx = f32x4.splat(-Infinity);
    for (let c = 0; c < C; c += 4) {
      const k = min(4, C - c);
      vmx = f32x4.max(vmx, v128.bitselect(ld(f(xr, c), k), f32x4.splat(-Infinity), lanes(k)));
    }
    const mx = max(max(f32x4.extract_lane(vmx, 0), f32x4.extract_lane(vmx, 1)), max(f32x4.extract_lane(vmx, 2), f32x4.extract_lane(vmx, 3)));
    // Σ exp(x − max), the exponentials kept in the gradient row; Σ w·x for label smoothing
    const vm = f32x4.splat(mx);
    let vs = f32x4.splat(0), vwx = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) {
      const k = min(4, C - c);
      const xv = ld(f(xr, c), k);
      const e = v128.and(vexp(f32x4.sub(xv, vm)), lanes(k));
      if (grad) st(f(gr, c), e, k);
      vs = f32x4.add(vs, e);
      if (eps != 0) vwx = f32x4.add(vwx, classWeight ? f32x4.mul(ld(f(classWeight, c), k), xv) : xv);
    }
    const s = f32x4.extract_lane(vs, 0) + f32x4.extract_lane(vs, 1) + f32x4.extract_lane(vs, 2) + f32x4.extract_lane(vs, 3);
    const wx = f32x4.extract_lane(vwx, 0) + f32x4.extract_lane(vwx, 1) + f32x4.extract_lane(vwx, 2) + f32x4.extract_lane(vwx, 3);
    const lse = mx + Mathf.log(s);
    const hard: f32 = (1 - eps) * (classWeight ? load<f32>(f(classWeight, t)) : 1) * m; // weight of the target term
    const soft: f32 = (eps / <f32>C) * m; // weight of the uniform term
    store<f32>(f(loss, n), -hard * (load<f32>(f(xr, t)) - lse) - (eps != 0 ? soft * (wx - W * lse) : 0));
    if (!grad) continue;
    const scale = f32x4.splat((hard + soft * W) / s), vsoft = f32x4.splat(soft);
    for (let c = 0; c < C; c += 4) {
      const k = min(4, C - c);
      let g = f32x4.mul(ld(f(gr, c), k), scale);
      if (eps != 0) g = f32x4.sub(g, classWeight ? f32x4.mul(vsoft, ld(f(classWeight, c), k)) : vsoft);
      st(f(gr, c), g, k);
    }
    store<f32>(f(gr, t), load<f32>(f(gr, t)) - hard);
  }
}
