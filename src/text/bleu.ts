/**
 * BLEU (Papineni et al. 2002) on token lists, and token accuracy.
 *
 * Corpus BLEU-4, the standard definition (as sacreBLEU and NLTK's corpus_bleu without smoothing):
 *
 *   p_n  = Σ_sentences Σ_g min(count_hyp(g), max_refs count_ref(g))  /  Σ_sentences #n-grams(hyp)
 *   BP   = 1 if c ≥ r, else exp(1 − r/c)   (c: hypothesis tokens, r: closest reference lengths, summed)
 *   BLEU = BP · exp(Σ_{n=1..N} (1/N) log p_n),   0 when some p_n = 0
 *
 * reported on a 0 … 100 scale as sacreBLEU does. The counts are summed over the corpus before
 * dividing, so corpus BLEU is not the mean of sentence BLEUs.
 */

import { ValueError } from '../errors.js';

/** How sentence BLEU treats an n-gram order with no match. */
export type BleuSmoothing =
  /** None: one order without a match gives 0 (the corpus definition). */
  | 'none'
  /** NLTK's method1: a zero match count becomes ε = 0.1. */
  | 'epsilon'
  /** Lin & Och 2004 (NLTK's method2): add 1 to the matches and the total of orders n ≥ 2. */
  | 'add-one';

/** Options of {@link corpusBleu} and {@link sentenceBleu}. */
export interface BleuOptions {
  /** N: the longest n-gram order (default 4). */
  readonly maxOrder?: number;
  /** Default 'none'. */
  readonly smoothing?: BleuSmoothing;
}

/** A BLEU score with the parts it is made of. */
export interface BleuResult {
  /** 0 … 100. */
  readonly bleu: number;
  /** p_1 … p_N, each 0 … 1 (before smoothing). */
  readonly precisions: number[];
  readonly brevityPenalty: number;
  /** c: tokens of the hypotheses. */
  readonly hypothesisLength: number;
  /** r: summed closest reference lengths. */
  readonly referenceLength: number;
}

/** One reference (a token list) or several. */
export type References = readonly (readonly string[])[] | readonly string[];

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join('\u0000');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function refList(refs: References, i: number): readonly (readonly string[])[] {
  if (!Array.isArray(refs) || refs.length === 0) throw new ValueError(`BLEU: references[${i}] must be a token list or a non-empty list of token lists`);
  return typeof refs[0] === 'string' ? [refs as readonly string[]] : (refs as readonly (readonly string[])[]);
}

/**
 * Corpus BLEU of hypotheses against their references (one token list, or several, per sentence).
 *
 * @example
 * corpusBleu([['the', 'cat', 'sat']], [[['the', 'cat', 'sat']]]).bleu; // 0: no 4-gram (length 3)
 * corpusBleu(hyps, refs, { maxOrder: 2 }).bleu;
 */
export function corpusBleu(hypotheses: readonly (readonly string[])[], references: readonly References[], options: BleuOptions = {}): BleuResult {
  const N = options.maxOrder ?? 4;
  const smoothing = options.smoothing ?? 'none';
  if (!Number.isInteger(N) || N < 1 || N > 100) throw new ValueError(`BLEU: maxOrder must be an integer in 1 … 100, got ${N}`);
  if (!['none', 'epsilon', 'add-one'].includes(smoothing)) throw new ValueError(`BLEU: smoothing must be 'none', 'epsilon' or 'add-one', got ${String(smoothing)}`);
  if (hypotheses.length !== references.length) throw new ValueError(`BLEU: ${hypotheses.length} hypotheses but ${references.length} references; give one reference set per hypothesis`);
  const matches = new Array<number>(N).fill(0);
  const totals = new Array<number>(N).fill(0);
  let c = 0, r = 0;
  hypotheses.forEach((hyp, i) => {
    const refs = refList(references[i], i);
    c += hyp.length;
    // closest reference length, the shorter on a tie (as NLTK and sacreBLEU)
    let best = refs[0].length;
    for (const ref of refs) {
      const d = Math.abs(ref.length - hyp.length), db = Math.abs(best - hyp.length);
      if (d < db || (d === db && ref.length < best)) best = ref.length;
    }
    r += best;
    for (let n = 1; n <= N; n++) {
      const h = ngramCounts(hyp, n);
      const maxRef = new Map<string, number>();
      for (const ref of refs) for (const [g, k] of ngramCounts(ref, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, k));
      for (const [g, k] of h) matches[n - 1] += Math.min(k, maxRef.get(g) ?? 0);
      totals[n - 1] += Math.max(0, hyp.length - n + 1);
    }
  });
  const precisions = matches.map((m, i) => (totals[i] > 0 ? m / totals[i] : 0));
  const brevityPenalty = c === 0 ? 0 : c >= r ? 1 : Math.exp(1 - r / c);
  let logSum = 0;
  for (let i = 0; i < N; i++) {
    let m = matches[i], t = totals[i];
    if (smoothing === 'add-one' && i > 0) { m += 1; t += 1; }
    if (m === 0 && smoothing === 'epsilon') m = 0.1;
    if (m === 0 || t === 0) return { bleu: 0, precisions, brevityPenalty, hypothesisLength: c, referenceLength: r };
    logSum += Math.log(m / t) / N;
  }
  return { bleu: 100 * brevityPenalty * Math.exp(logSum), precisions, brevityPenalty, hypothesisLength: c, referenceLength: r };
}

/** BLEU of one sentence: corpus BLEU of a corpus of one (smoothing usually wanted, e.g. 'add-one'). */
export function sentenceBleu(hypothesis: readonly string[], references: References, options: BleuOptions = {}): BleuResult {
  return corpusBleu([hypothesis], [references], options);
}

/**
 * Share of positions where `predicted` equals `targets`, skipping targets equal to
 * `ignoreIndex` (padding): the teacher-forced token accuracy of a sequence model.
 */
export function tokenAccuracy(predicted: ArrayLike<number>, targets: ArrayLike<number>, ignoreIndex = -100): { accuracy: number; correct: number; total: number } {
  if (predicted.length !== targets.length) throw new ValueError(`tokenAccuracy: ${predicted.length} predictions but ${targets.length} targets`);
  let correct = 0, total = 0;
  for (let i = 0; i < targets.length; i++) {
    if (targets[i] === ignoreIndex) continue;
    total++;
    if (predicted[i] === targets[i]) correct++;
  }
  return { accuracy: total ? correct / total : NaN, correct, total };
}
