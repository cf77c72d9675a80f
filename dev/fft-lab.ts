// Lab: which FFT for the power spectrogram (src/audio/stft.ts)? Times, per frame of nFft real
// samples, (a) fft.js's radix-4 `realTransform` (the library's choice), (b) an own iterative
// radix-2 complex FFT fed the real frame, (c) an own radix-2 of half size that packs the real
// frame as n/2 complex samples and untangles the spectrum, and (d) a plain DFT with a cosine/sine
// table (O(n²)), for nFft 256 and 512; checks each against the DFT in float64; and says what share
// of a whole `audioFeatures` call (1 s at 8 kHz, the default MFCC + Δ + ΔΔ) the FFT is.
// Run: node --import tsx dev/fft-lab.ts
//
// On the shared 2-core machine (two runs; best of 15 runs of 2000 frames, µs per frame):
//   nFft 256: fft.js 1.9–2.8, radix-2 complex 5.6–7.6, radix-2 half-size real 3.4–4.1, DFT 92–135
//   nFft 512: fft.js 5.3–5.4, radix-2 complex 20–21, radix-2 half-size real 11.8–14.2, DFT 537–739
//   max error against the float64 DFT, relative to the largest bin: ≤ 2.4e-15 for all
//   audioFeatures on 1 s at 8 kHz (defaults, nFft 256): 1.8–1.9 ms, of which the FFT
//   (101 frames × ~2 µs) is about 0.2–0.3 ms
// So fft.js is the fastest here, 1.7–2.7× ahead of our own radix-2 variants and 50–140× ahead
// of the DFT, at the same accuracy; and the FFT is already a small part of a feature call (the
// mel projection, DCT, deltas and CMVN are the rest), so a faster FFT would change the
// front end's speed little. fft.js stays.
import { performance } from 'node:perf_hooks';
import FFT from 'fft.js';
import { audioFeatures } from '../src/audio/features.js';

const best = (f: () => void, runs = 15): number => {
  f();
  let m = Infinity;
  for (let r = 0; r < runs; r++) { const t0 = performance.now(); f(); m = Math.min(m, performance.now() - t0); }
  return m;
};

/** Power of bins 0 … n/2 by the definition, with a table of cos/sin(2πk/n). */
function dftPlan(n: number): (x: Float64Array, out: Float64Array) => void {
  const cos = Float64Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * k) / n));
  const sin = Float64Array.from({ length: n }, (_, k) => Math.sin((2 * Math.PI * k) / n));
  return (x, out) => {
    for (let k = 0; k <= n / 2; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0, p = 0; i < n; i++, p = (p + k) % n) { re += x[i] * cos[p]; im -= x[i] * sin[p]; }
      out[k] = re * re + im * im;
    }
  };
}

/** In-place iterative radix-2 complex FFT of size n (re, im arrays), with precomputed twiddles and bit reversal. */
function radix2Plan(n: number): (re: Float64Array, im: Float64Array) => void {
  const bits = Math.log2(n);
  const rev = Uint32Array.from({ length: n }, (_, i) => { let r = 0; for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b); return r; });
  const wr = Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / n));
  const wi = Float64Array.from({ length: n / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / n));
  return (re, im) => {
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) { let t = re[i]; re[i] = re[j]; re[j] = t; t = im[i]; im[i] = im[j]; im[j] = t; }
    }
    for (let size = 2; size <= n; size *= 2) {
      const half = size / 2;
      const step = n / size;
      for (let s = 0; s < n; s += size) {
        for (let k = 0; k < half; k++) {
          const a = s + k;
          const b = a + half;
          const cr = wr[k * step];
          const ci = wi[k * step];
          const tr = re[b] * cr - im[b] * ci;
          const ti = re[b] * ci + im[b] * cr;
          re[b] = re[a] - tr; im[b] = im[a] - ti;
          re[a] += tr; im[a] += ti;
        }
      }
    }
  };
}

/** Power of a real frame of size n through a complex FFT of size n/2 (even samples as re, odd as im). */
function halfSizePlan(n: number): (x: Float64Array, out: Float64Array) => void {
  const m = n / 2;
  const fft = radix2Plan(m);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  const cr = Float64Array.from({ length: m }, (_, k) => Math.cos((-2 * Math.PI * k) / n));
  const ci = Float64Array.from({ length: m }, (_, k) => Math.sin((-2 * Math.PI * k) / n));
  return (x, out) => {
    for (let i = 0; i < m; i++) { re[i] = x[2 * i]; im[i] = x[2 * i + 1]; }
    fft(re, im);
    for (let k = 0; k <= m; k++) {
      const a = k % m;
      const b = (m - k) % m;
      // E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] − conj Z[m-k]) / 2i; X[k] = E + W^k O
      const er = (re[a] + re[b]) / 2;
      const ei = (im[a] - im[b]) / 2;
      const or = (im[a] + im[b]) / 2;
      const oi = -(re[a] - re[b]) / 2;
      const wr = k < m ? cr[k] : -1;
      const wi = k < m ? ci[k] : 0;
      const xr = er + wr * or - wi * oi;
      const xi = ei + wr * oi + wi * or;
      out[k] = xr * xr + xi * xi;
    }
  };
}

const FRAMES = 2000;
for (const n of [256, 512]) {
  const frames = Array.from({ length: 16 }, () => Float64Array.from({ length: n }, () => Math.random() * 2 - 1));
  const ref = new Float64Array(n / 2 + 1);
  const dft = dftPlan(n);
  const r2 = radix2Plan(n);
  const half = halfSizePlan(n);
  const lib = new FFT(n);
  const spec = new Float64Array(2 * n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const out = new Float64Array(n / 2 + 1);
  const variants: [string, (x: Float64Array) => Float64Array][] = [
    ['fft.js realTransform', (x) => { lib.realTransform(spec, x); for (let k = 0; k <= n / 2; k++) out[k] = spec[2 * k] ** 2 + spec[2 * k + 1] ** 2; return out; }],
    ['radix-2 complex', (x) => { re.set(x); im.fill(0); r2(re, im); for (let k = 0; k <= n / 2; k++) out[k] = re[k] ** 2 + im[k] ** 2; return out; }],
    ['radix-2 half-size real', (x) => { half(x, out); return out; }],
    ['plain DFT', (x) => { dft(x, out); return out; }],
  ];
  console.log(`nFft ${n}`);
  for (const [name, f] of variants) {
    let err = 0;
    for (const x of frames.slice(0, 4)) {
      dft(x, ref);
      const got = f(x);
      const top = Math.max(...ref);
      for (let k = 0; k <= n / 2; k++) err = Math.max(err, Math.abs(got[k] - ref[k]) / top);
    }
    const count = name === 'plain DFT' ? FRAMES / 20 : FRAMES;
    const ms = best(() => { for (let i = 0; i < count; i++) f(frames[i & 15]); });
    console.log(`  ${name.padEnd(24)} ${((1000 * ms) / count).toFixed(2).padStart(7)} µs/frame   max rel error ${err.toExponential(1)}`);
  }
}
const x = Float32Array.from({ length: 8000 }, (_, i) => Math.sin(i / 7) * 0.3 + (Math.random() - 0.5) * 0.01);
const ms = best(() => audioFeatures(x, 8000), 31);
console.log(`audioFeatures, 1 s at 8 kHz (defaults): ${ms.toFixed(2)} ms`);
