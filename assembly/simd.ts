// Vector helpers shared by the kernels: multiply-add, partial loads/stores for row tails and
// accurate f32x4 exp / sigmoid / tanh (Cephes single-precision polynomials, about 1e-7 relative
// error).

/**
 * c + a·b. In the relaxed-SIMD build (asc --enable relaxed-simd) one f32x4.relaxed_madd, which
 * the engine runs as a fused multiply-add where the processor has one (one rounding instead of
 * two: within the conformance tolerances, and the same instruction on every thread); in the
 * plain build mul then add. The condition is a compile-time constant, so each build holds only
 * its own branch and the plain build's code is what it was before this helper.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** Load `n` floats (1..4) from `p`, zero-filling the missing lanes. */
@inline export function ld(p: usize, n: i32): v128 {
  if (n >= 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Store the first `n` lanes (1..4) of `v` at `p`. */
@inline export function st(p: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** e^x, with x clamped to [-87.3, 88] so 2^n stays a normal float. */
@inline export function vexp(x0: v128): v128 {
  const x1 = f32x4.pmin(f32x4.pmax(x0, f32x4.splat(-87.3)), f32x4.splat(88.0)); // pmin/pmax: one instruction each
  // x = n·ln2 + r, |r| ≤ ln2/2; ln2 split in two for an exact n·ln2.
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x1, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  let r = f32x4.sub(x1, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let y = f32x4.splat(1.9875691500e-4);
  y = madd(y, r, f32x4.splat(1.3981999507e-3));
  y = madd(y, r, f32x4.splat(8.3334519073e-3));
  y = madd(y, r, f32x4.splat(4.1665795894e-2));
  y = madd(y, r, f32x4.splat(1.6666665459e-1));
  y = madd(y, r, f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), r), f32x4.splat(1.0));
  // 2^n built in the exponent field.
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(fx), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2);
}

/** σ(x) = 1 / (1 + e^-x). */
@inline export function vsigmoid(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

/** tanh(x): an odd polynomial for |x| < 0.625, else sign(x)·(1 − 2/(e^{2|x|} + 1)). */
@inline export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const one = f32x4.splat(1.0);
  const e = vexp(f32x4.add(ax, ax));
  let big = f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(e, one)));
  big = v128.or(big, v128.and(x, i32x4.splat(0x80000000))); // copy the sign of x
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  return v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)));
}
