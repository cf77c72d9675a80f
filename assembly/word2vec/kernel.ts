// AssemblyScript source of the WebAssembly SIMD training kernel: the same algorithm, random
// stream and memory layout as trainRange in kernel.ts (the readable reference), with the
// length-D dot products and updates done four floats at a time (f32x4).
//
// Build (writes kernel-wasm.ts, the module embedded as base64): node src/word2vec/build-wasm.mjs
//
// The memory is imported and shared between threads; every array lives at a byte offset given
// in the config block at `cfg` (layout: CFG_* below, mirrored in wasm-kernel.ts).

@external("env", "tick")
declare function tick(): void;

const MAX_EXP: f32 = 6;
const EXP_TABLE_SIZE: f32 = 1000;

// i32 slots
const CBOW = 0, SIZE = 1, WINDOW = 2, NEGATIVE = 3, HS = 4, MAXSEN = 5, EPOCHS = 6, TABLE_LEN = 7;
const SYN0 = 8, SYN1 = 9, SYN1NEG = 10, IDS = 11, KEEP = 12, TABLE = 13, HSTART = 14, HCODES = 15;
const HPOINTS = 16, PROGRESS = 17, EFFECTIVE = 18, NTHREADS = 19, EXPTAB = 20, SCRATCH = 21, SCRATCH_BYTES = 22;
// f64 slots, from byte 128
const ALPHA = 0, MIN_ALPHA = 1, TOTAL_WORDS = 2;

@inline function cfgI(cfg: usize, k: i32): i32 { return load<i32>(cfg + (<usize>k << 2)); }
@inline function cfgF(cfg: usize, k: i32): f64 { return load<f64>(cfg + 128 + (<usize>k << 3)); }

@inline function xorshift(r: i32): i32 {
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  return r;
}

/** Σ a[k]·b[k], k < n. Four accumulators, so the adds do not wait on each other. */
@inline function dot(a: usize, b: usize, n: i32): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let acc2 = f32x4.splat(0);
  let acc3 = f32x4.splat(0);
  let k = 0;
  for (; k + 16 <= n; k += 16) {
    const o = <usize>k << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    acc1 = f32x4.add(acc1, f32x4.mul(v128.load(a + o + 16), v128.load(b + o + 16)));
    acc2 = f32x4.add(acc2, f32x4.mul(v128.load(a + o + 32), v128.load(b + o + 32)));
    acc3 = f32x4.add(acc3, f32x4.mul(v128.load(a + o + 48), v128.load(b + o + 48)));
  }
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  const acc = f32x4.add(f32x4.add(acc0, acc1), f32x4.add(acc2, acc3));
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; k < n; k++) s += load<f32>(a + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
  return s;
}

/** e += g·u; u += g·h (the output-row update and the input gradient, fused). */
@inline function update(e: usize, u: usize, h: usize, g: f32, n: i32): void {
  const gv = f32x4.splat(g);
  let k = 0;
  for (; k + 8 <= n; k += 8) {
    const o = <usize>k << 2;
    const u0 = v128.load(u + o);
    const u1 = v128.load(u + o + 16);
    v128.store(e + o, f32x4.add(v128.load(e + o), f32x4.mul(gv, u0)));
    v128.store(e + o + 16, f32x4.add(v128.load(e + o + 16), f32x4.mul(gv, u1)));
    v128.store(u + o, f32x4.add(u0, f32x4.mul(gv, v128.load(h + o))));
    v128.store(u + o + 16, f32x4.add(u1, f32x4.mul(gv, v128.load(h + o + 16))));
  }
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    const uv = v128.load(u + o);
    v128.store(e + o, f32x4.add(v128.load(e + o), f32x4.mul(gv, uv)));
    v128.store(u + o, f32x4.add(uv, f32x4.mul(gv, v128.load(h + o))));
  }
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const uk = load<f32>(u + o);
    store<f32>(e + o, load<f32>(e + o) + g * uk);
    store<f32>(u + o, uk + g * load<f32>(h + o));
  }
}

/** y += x. */
@inline function add(y: usize, x: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), v128.load(x + o)));
  }
  for (; k < n; k++) store<f32>(y + (<usize>k << 2), load<f32>(y + (<usize>k << 2)) + load<f32>(x + (<usize>k << 2)));
}

@inline function zero(y: usize, n: i32): void {
  memory.fill(y, 0, <usize>n << 2);
}

/** σ-table step for label `label` at score f: (label − σ(f))·α, clipped like word2vec.c. */
@inline function nsGrad(cfg: usize, f: f32, label: f32, alpha: f32): f32 {
  if (f > MAX_EXP) return (label - 1) * alpha;
  if (f < -MAX_EXP) return label * alpha;
  const i = <i32>((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2));
  return (label - load<f32>(<usize>cfgI(cfg, EXPTAB) + (<usize>i << 2))) * alpha;
}

/** Output-layer step for input vector h: HS along `word`'s code, then negative sampling; gradient into e. Returns rng. */
@inline function outputs(cfg: usize, word: i32, h: usize, e: usize, alpha: f32, rng: i32): i32 {
  const size = cfgI(cfg, SIZE);
  const rowBytes = <usize>size << 2;
  if (cfgI(cfg, HS)) {
    const syn1 = <usize>cfgI(cfg, SYN1);
    const hStart = <usize>cfgI(cfg, HSTART);
    const codes = <usize>cfgI(cfg, HCODES);
    const points = <usize>cfgI(cfg, HPOINTS);
    const expTab = <usize>cfgI(cfg, EXPTAB);
    const d1 = load<i32>(hStart + (<usize>(word + 1) << 2));
    for (let d = load<i32>(hStart + (<usize>word << 2)); d < d1; d++) {
      const u = syn1 + <usize>load<i32>(points + (<usize>d << 2)) * rowBytes;
      let f = dot(h, u, size);
      if (f <= -MAX_EXP || f >= MAX_EXP) continue;
      f = load<f32>(expTab + (<usize>(<i32>((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))) << 2));
      const g: f32 = (<f32>1 - <f32>load<u8>(codes + <usize>d) - f) * alpha;
      update(e, u, h, g, size);
    }
  }
  const negative = cfgI(cfg, NEGATIVE);
  if (negative > 0) {
    const syn1neg = <usize>cfgI(cfg, SYN1NEG);
    const table = <usize>cfgI(cfg, TABLE);
    const V = <u64><u32>cfgI(cfg, TABLE_LEN);
    for (let d = 0; d <= negative; d++) {
      let target = word;
      let label: f32 = 1;
      if (d > 0) {
        rng = xorshift(rng);
        // Alias draw (noise.ts): bucket from the high word of u·V, coin from the low word.
        const uv = <u64><u32>rng * V;
        const bucket = table + (<usize>(uv >> 32) << 3);
        target = <u32>uv < load<u32>(bucket) ? <i32>(uv >> 32) : load<i32>(bucket + 4);
        if (target == word) continue;
        label = 0;
      }
      const u = syn1neg + <usize>target * rowBytes;
      const g = nsGrad(cfg, dot(h, u, size), label, alpha);
      update(e, u, h, g, size);
    }
  }
  return rng;
}

function sentence(cfg: usize, sen: usize, len: i32, alpha: f32, rng: i32, neu1: usize, neu1e: usize): i32 {
  const size = cfgI(cfg, SIZE);
  const window = cfgI(cfg, WINDOW);
  const syn0 = <usize>cfgI(cfg, SYN0);
  const rowBytes = <usize>size << 2;
  const cbow = cfgI(cfg, CBOW);
  for (let sp = 0; sp < len; sp++) {
    const word = load<i32>(sen + (<usize>sp << 2));
    rng = xorshift(rng);
    const b = <i32>(<u32>rng % <u32>window);
    const lo = max(0, sp - window + b);
    const hi = min(len - 1, sp + window - b);
    if (cbow) {
      zero(neu1, size);
      zero(neu1e, size);
      let cw = 0;
      for (let c = lo; c <= hi; c++) {
        if (c == sp) continue;
        add(neu1, syn0 + <usize>load<i32>(sen + (<usize>c << 2)) * rowBytes, size);
        cw++;
      }
      if (cw == 0) continue;
      const inv = f32x4.splat(<f32>1 / <f32>cw);
      let k = 0;
      for (; k + 4 <= size; k += 4) v128.store(neu1 + (<usize>k << 2), f32x4.mul(v128.load(neu1 + (<usize>k << 2)), inv));
      for (; k < size; k++) store<f32>(neu1 + (<usize>k << 2), load<f32>(neu1 + (<usize>k << 2)) * (<f32>1 / <f32>cw));
      rng = outputs(cfg, word, neu1, neu1e, alpha, rng);
      for (let c = lo; c <= hi; c++) {
        if (c == sp) continue;
        add(syn0 + <usize>load<i32>(sen + (<usize>c << 2)) * rowBytes, neu1e, size);
      }
    } else {
      for (let c = lo; c <= hi; c++) {
        if (c == sp) continue;
        const h = syn0 + <usize>load<i32>(sen + (<usize>c << 2)) * rowBytes;
        zero(neu1e, size);
        rng = outputs(cfg, word, h, neu1e, alpha, rng);
        add(h, neu1e, size);
      }
    }
  }
  return rng;
}

/** Thread `thread`'s passes over ids[begin, end); see trainRange in kernel.ts. `ticks` != 0 calls env.tick about every 10 000 words. */
export function trainRange(cfg: usize, thread: i32, begin: i32, end: i32, rngSeed: i32, ticks: i32): void {
  const ids = <usize>cfgI(cfg, IDS);
  const keep = <usize>cfgI(cfg, KEEP);
  const progress = <usize>cfgI(cfg, PROGRESS);
  const effective = <usize>cfgI(cfg, EFFECTIVE);
  const nThreads = cfgI(cfg, NTHREADS);
  const maxSen = cfgI(cfg, MAXSEN);
  const size = cfgI(cfg, SIZE);
  const scratch = <usize>cfgI(cfg, SCRATCH) + <usize>thread * <usize>cfgI(cfg, SCRATCH_BYTES);
  const neu1 = scratch;
  const neu1e = scratch + (<usize>size << 2);
  const sen = scratch + (<usize>size << 3);
  const alpha0 = cfgF(cfg, ALPHA);
  const minAlpha = cfgF(cfg, MIN_ALPHA);
  const totalWords = cfgF(cfg, TOTAL_WORDS);
  const progressSlot = progress + (<usize>thread << 3);
  const effectiveSlot = effective + (<usize>thread << 3);
  const done0 = load<f64>(progressSlot);
  let rng = rngSeed;
  let alpha = alpha0;
  let wordCount: f64 = 0;
  let lastWordCount: f64 = 0;
  let kept: f64 = 0;
  const epochs = cfgI(cfg, EPOCHS);
  for (let epoch = 0; epoch < epochs; epoch++) {
    let pos = begin;
    while (pos < end) {
      let len = 0;
      while (pos < end) {
        const w = load<i32>(ids + (<usize>pos << 2));
        pos++;
        if (w < 0) break;
        wordCount += 1;
        rng = xorshift(rng);
        if (<f64><u32>rng >= load<f64>(keep + (<usize>w << 3))) continue;
        store<i32>(sen + (<usize>len << 2), w);
        len++;
        if (len >= maxSen) break;
      }
      if (wordCount - lastWordCount > 10000) {
        store<f64>(progressSlot, done0 + wordCount);
        store<f64>(effectiveSlot, load<f64>(effectiveSlot) + kept);
        kept = 0;
        lastWordCount = wordCount;
        let all: f64 = 0;
        for (let t = 0; t < nThreads; t++) all += load<f64>(progress + (<usize>t << 3));
        alpha = max(minAlpha, alpha0 * (1 - all / (totalWords + 1)));
        if (ticks) tick();
      }
      kept += <f64>len;
      if (len < 2) continue;
      rng = sentence(cfg, sen, len, <f32>alpha, rng, neu1, neu1e);
    }
  }
  store<f64>(progressSlot, done0 + wordCount);
  store<f64>(effectiveSlot, load<f64>(effectiveSlot) + kept);
  if (ticks) tick();
}
