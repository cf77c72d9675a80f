import type { Tensor } from '../tensor/tensor.js';
import type { Arr } from '../tensor/dtype.js';
import { ValueError } from '../errors.js';
import { decodeInput, type CtcDecodeOptions } from './input.js';

/** Options of {@link ctcBeamDecode}. */
export interface CtcBeamOptions extends CtcDecodeOptions {
  /** Prefixes kept after each frame, and the most returned (default 8). */
  beamWidth?: number;
}

/** One labeling found by {@link ctcBeamDecode}. */
export interface CtcHypothesis {
  tokens: number[];
  /** log p(tokens | input), summed over the alignments the search kept. */
  logProb: number;
}

/** A prefix and the log-probabilities of its alignments so far, ending in a blank or not. */
interface Prefix {
  tokens: number[];
  /** log p(prefix, last frame blank) */
  pb: number;
  /** log p(prefix, last frame its last label) */
  pnb: number;
}

/**
 * CTC prefix beam search (Hannun et al., 2014) in log space: after each frame the `beamWidth`
 * most probable prefixes are kept, each with the probability of its alignments ending in a
 * blank (pb) and in its last label (pnb), so that paths collapsing to the same labeling add up.
 * With c the frame's class and p its log-probability, a prefix y passes on:
 *
 *   c = blank:          y     ← lse(pb, pnb) + p      (to its pb)
 *   c = last label of y: y    ← pnb + p               (the repeat collapses; to its pnb)
 *                        y+c  ← pb + p                 (a blank separated them; to its pnb)
 *   other c:             y+c  ← lse(pb, pnb) + p       (to its pnb)
 *
 * Returns up to beamWidth labelings of nonzero probability, best first, with log p = lse(pb, pnb). A beam wide enough
 * to keep every prefix gives the exact most probable labeling; width 1 is not best-path
 * decoding in general (its one prefix still sums alignments), though on sharp frames they
 * agree. Ties keep the earlier prefix.
 *
 * @example
 * const [best] = ctcBeamDecode(logProbs.select(1, 0), T, C, { beamWidth: 16, length: inputLengths[0] });
 * console.log(best.tokens, Math.exp(best.logProb));
 */
export function ctcBeamDecode(logProbs: Arr | Tensor, T: number, C: number, options: CtcBeamOptions = {}): CtcHypothesis[] {
  const where = 'ctcBeamDecode';
  const { lp, blank, length } = decodeInput(where, logProbs, T, C, options);
  const beamWidth = options.beamWidth ?? 8;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new ValueError(`${where}: beamWidth must be an integer ≥ 1, got ${beamWidth}`);

  let beams: Prefix[] = [{ tokens: [], pb: 0, pnb: -Infinity }];
  for (let t = 0; t < length; t++) {
    const next = new Map<string, Prefix>(); // by tokens.join(',')
    const at = (tokens: number[]): Prefix => {
      const key = tokens.join(',');
      let q = next.get(key);
      if (!q) next.set(key, (q = { tokens, pb: -Infinity, pnb: -Infinity }));
      return q;
    };
    for (const y of beams) {
      const total = lse(y.pb, y.pnb);
      const last = y.tokens.length ? y.tokens[y.tokens.length - 1] : -1;
      for (let c = 0; c < C; c++) {
        const p = lp[t * C + c];
        if (p === -Infinity) continue;
        if (c === blank) {
          const q = at(y.tokens);
          q.pb = lse(q.pb, total + p);
        } else if (c === last) {
          const same = at(y.tokens);
          same.pnb = lse(same.pnb, y.pnb + p);
          const ext = at([...y.tokens, c]);
          ext.pnb = lse(ext.pnb, y.pb + p);
        } else {
          const ext = at([...y.tokens, c]);
          ext.pnb = lse(ext.pnb, total + p);
        }
      }
    }
    // drop prefixes no alignment reaches (a repeat right after a non-blank, say); the stable
    // sort keeps equal scores in insertion order
    beams = [...next.values()].filter((y) => lse(y.pb, y.pnb) > -Infinity).sort((a, b) => lse(b.pb, b.pnb) - lse(a.pb, a.pnb)).slice(0, beamWidth);
  }
  return beams.map((y) => ({ tokens: y.tokens, logProb: lse(y.pb, y.pnb) }));
}

/** log(eᵃ + eᵇ); −∞ when both are −∞. */
function lse(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
