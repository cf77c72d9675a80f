/**
 * Band-limited resampling by windowed-sinc interpolation, the same polyphase filter as
 * torchaudio's `functional.resample` (0.13: `resampling_method="sinc_interpolation"` with a
 * Hann window, or `"kaiser_window"`): both rates are divided by their gcd, giving `orig → new`;
 * output phase i (of `new`) is an FIR filter over the input, evaluated at
 *
 *     t_k = (k/orig − i/new) · base,   k = −width … width + orig − 1,   base = min(orig, new) · rolloff
 *     h_i[k] = sinc(π t_k) · w(t_k) · base / orig,   |t_k| clamped to lowpassFilterWidth
 *
 * with w = cos²(π t / 2W) (Hann) or I0(β √(1 − (t/W)²)) / I0(β) (Kaiser), W = lowpassFilterWidth.
 * The cutoff sits at `rolloff` times the lower Nyquist, so nothing above the new Nyquist
 * folds back. The output has ⌈new · n / orig⌉ samples.
 */
import { ValueError } from '../errors.js';

/** Filter design of {@link resample}; the defaults are torchaudio's. */
export interface ResampleOptions {
  /** Zero crossings of the sinc kept on each side: sharper cutoff, longer filter. Default 6. */
  lowpassFilterWidth?: number;
  /** Cutoff as a fraction of the lower Nyquist frequency; below 1 to leave a transition band. Default 0.99. */
  rolloff?: number;
  /** Window of the sinc: 'hann' (torchaudio's default) or 'kaiser'. Default 'hann'. */
  window?: 'hann' | 'kaiser';
  /** Kaiser β; only with window 'kaiser'. Default 14.769656459379492 (torchaudio's). */
  beta?: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for the β used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** The polyphase filter bank: `new` rows of `2·width + orig` taps, row-major. */
export function sincResampleKernel(orig: number, next: number, options: ResampleOptions = {}): { kernel: Float64Array; width: number; taps: number } {
  const W = options.lowpassFilterWidth ?? 6;
  const rolloff = options.rolloff ?? 0.99;
  const beta = options.beta ?? 14.769656459379492;
  const base = Math.min(orig, next) * rolloff;
  const width = Math.ceil((W * orig) / base);
  const taps = 2 * width + orig;
  const kernel = new Float64Array(next * taps);
  const i0b = besselI0(beta);
  for (let i = 0; i < next; i++) {
    for (let k = 0; k < taps; k++) {
      let t = (-i / next + (k - width) / orig) * base;
      t = Math.min(W, Math.max(-W, t));
      const w = options.window === 'kaiser'
        ? besselI0(beta * Math.sqrt(Math.max(0, 1 - (t / W) ** 2))) / i0b
        : Math.cos((t * Math.PI) / W / 2) ** 2;
      const pt = t * Math.PI;
      kernel[i * taps + k] = (pt === 0 ? 1 : Math.sin(pt) / pt) * w * (base / orig);
    }
  }
  return { kernel, width, taps };
}

/**
 * Resamples `x` from `fromRate` to `toRate` (both positive integers, in Hz) with a band-limited
 * windowed-sinc filter; the same rate returns a copy.
 *
 * @example
 * const y = resample(x, 44100, 16000); // y.length === Math.ceil(x.length * 160 / 441)
 */
export function resample(x: Float32Array, fromRate: number, toRate: number, options: ResampleOptions = {}): Float32Array {
  for (const [name, r] of [['fromRate', fromRate], ['toRate', toRate]] as const) {
    if (!Number.isInteger(r) || r <= 0) throw new ValueError(`resample: ${name} is ${r}; expected a positive integer number of Hz`);
  }
  const W = options.lowpassFilterWidth ?? 6;
  const rolloff = options.rolloff ?? 0.99;
  if (!(W > 0)) throw new ValueError(`resample: lowpassFilterWidth is ${W}; expected a positive number`);
  if (!(rolloff > 0 && rolloff <= 1)) throw new ValueError(`resample: rolloff is ${rolloff}; expected a number in (0, 1]`);
  if (fromRate === toRate) return Float32Array.from(x);
  const g = gcd(fromRate, toRate);
  const orig = fromRate / g;
  const next = toRate / g;
  const { kernel, width, taps } = sincResampleKernel(orig, next, options);
  const n = x.length;
  const outLength = Math.ceil((next * n) / orig);
  const y = new Float32Array(outLength);
  // Output sample j·next + i is row i of the kernel against input samples j·orig − width + k.
  for (let o = 0; o < outLength; o++) {
    const j = Math.floor(o / next);
    const i = o - j * next;
    const start = j * orig - width;
    const row = i * taps;
    const k0 = Math.max(0, -start);
    const k1 = Math.min(taps, n - start);
    let acc = 0;
    for (let k = k0; k < k1; k++) acc += kernel[row + k] * x[start + k];
    y[o] = acc;
  }
  return y;
}
