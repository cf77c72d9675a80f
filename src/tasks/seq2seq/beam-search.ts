/**
 * Greedy and beam-search decoding over any step-wise decoder, batched: every live hypothesis of
 * every sentence goes through ONE `step` call per output token.
 *
 * Beam search (as GNMT, Wu et al. 2016, and Hugging Face's with early stopping):
 *   score(y) = log p(y | x) / lp(|y|),   lp(n) = ((5 + n) / 6)^α   (α = 0: raw log-probability)
 *   each step, per sentence, the 2K best extensions of its K live hypotheses are ranked by
 *   log-probability; an extension by <eos> ranked among the first K is set aside as finished
 *   (the K best by score are kept), the others refill the K live slots. A sentence is done when
 *   no live hypothesis can still beat the worst of K finished ones — a live one can at best reach
 *   log p / lp(maxLength), as log p only falls — or when its length limit is reached (live ones
 *   are then finished as they are). The best finished hypothesis by score wins.
 * With K = 1 and α = 0 this is exactly greedy decoding: the best extension is taken each step
 * and the first <eos> ends the sentence (nothing live can beat it). With α > 0, width 1 may go
 * on past greedy's <eos> and find a better-scoring output.
 */

import { ValueError } from '../../errors.js';

/** A decoder that beam search drives one token at a time. */
export interface StepDecoder {
  /** V: vocabulary size of the log-probabilities. */
  readonly vocabSize: number;
  /** S: source steps of each sentence (the width of an attention row). */
  readonly sourceLength: number;
  /**
   * Advance N hypotheses by one token: `tokens` [N] are their previous tokens. Returns log p of
   * the next token [N·V] and the attention weights of this step [N·S] (row n over its source).
   */
  step(tokens: Int32Array): { logProbs: ArrayLike<number>; attention: ArrayLike<number> };
  /**
   * Keep only the hypotheses `rows` (indices into the current N, repeats allowed), in this
   * order; `sentences` [rows.length] tells each one's sentence. Called before every step but the first.
   */
  select(rows: Int32Array, sentences: Int32Array): void;
}

/** One decoded output. */
export interface Hypothesis {
  /** The output tokens, <eos> excluded. */
  readonly tokens: number[];
  /** log p(tokens, <eos>) / lp(length), length counting the <eos> when there is one. */
  readonly score: number;
  /** Σ log p of the tokens (and of the <eos>). */
  readonly logProb: number;
  /** One row of S attention weights per output token (and one for the <eos>). */
  readonly attention: Float32Array[];
  /** True when an <eos> ended it (false: stopped by the length limit). */
  readonly finished: boolean;
}

/** Options of {@link beamSearch} and {@link greedySearch}. */
export interface SearchOptions {
  readonly bos: number;
  readonly eos: number;
  /** Longest output of each sentence (tokens, the <eos> included): one value for all, or one per sentence. */
  readonly maxLength: number | readonly number[];
  /** α of the GNMT length penalty (default 0). */
  readonly lengthPenalty?: number;
  /** Fewest output tokens before <eos> may end it (default 0; 1 forbids an empty output). */
  readonly minLength?: number;
  /**
   * Token ids never chosen (e.g. <pad>, <unk>, <bos>): they get probability 0 in the search, so
   * an output never holds them. <eos> may not be excluded.
   */
  readonly exclude?: readonly number[];
}

/** ((5 + n) / 6)^α. */
export function lengthNormalizer(n: number, alpha: number): number {
  return alpha === 0 ? 1 : Math.pow((5 + n) / 6, alpha);
}

interface Live {
  tokens: number[];
  logProb: number;
  attention: Float32Array[];
}

function checkSearch(where: string, batch: number, o: SearchOptions, beam: number): number[] {
  if (!Number.isInteger(beam) || beam < 1 || beam > 1000) throw new ValueError(`${where}: beam width must be an integer in 1 … 1000, got ${beam}`);
  const alpha = o.lengthPenalty ?? 0;
  if (!(Number.isFinite(alpha) && alpha >= 0)) throw new ValueError(`${where}: lengthPenalty must be a finite number ≥ 0, got ${alpha}`);
  const max = typeof o.maxLength === 'number' ? new Array<number>(batch).fill(o.maxLength) : [...o.maxLength];
  if (max.length !== batch) throw new ValueError(`${where}: ${max.length} maxLength values for ${batch} sentences`);
  for (const m of max) if (!Number.isInteger(m) || m < 1) throw new ValueError(`${where}: maxLength must be an integer ≥ 1, got ${m}`);
  const min = o.minLength ?? 0;
  if (!Number.isInteger(min) || min < 0) throw new ValueError(`${where}: minLength must be an integer ≥ 0, got ${min}`);
  return max;
}

/** The exclusion mask over V token ids (1 = never chosen); ValueError for an id outside 0 … V−1, for <eos>, or when nothing is left. */
export function excludedMask(where: string, V: number, o: Pick<SearchOptions, 'exclude' | 'eos'>): Uint8Array {
  const mask = new Uint8Array(V);
  for (const id of o.exclude ?? []) {
    if (!(Number.isInteger(id) && id >= 0 && id < V)) throw new ValueError(`${where}: exclude holds ${id}, not a token id in 0 … ${V - 1}`);
    if (id === o.eos) throw new ValueError(`${where}: exclude holds the <eos> id ${id}; an output could never end`);
    mask[id] = 1;
  }
  let left = 0;
  for (let v = 0; v < V; v++) if (!mask[v] && v !== o.eos) left++;
  if (left === 0) throw new ValueError(`${where}: exclude leaves no token but <eos> to choose`);
  return mask;
}

/**
 * Beam search of width `beam` for `batch` sentences that `decoder` holds, one hypothesis per
 * sentence at the start (row b = sentence b). Returns the best hypothesis of each sentence and,
 * in `finished`, every hypothesis set aside (at most `beam` per sentence), best first.
 */
export function beamSearch(decoder: StepDecoder, batch: number, beam: number, options: SearchOptions): { best: Hypothesis[]; finished: Hypothesis[][] } {
  const maxLength = checkSearch('beamSearch', batch, options, beam);
  const alpha = options.lengthPenalty ?? 0;
  const minLength = options.minLength ?? 0;
  const V = decoder.vocabSize, S = decoder.sourceLength, K = beam;
  const banned = excludedMask('beamSearch', V, options);
  const finished: Hypothesis[][] = Array.from({ length: batch }, () => []);
  // live[b]: the live hypotheses of sentence b; their decoder rows are consecutive, in this order
  let live: Live[][] = Array.from({ length: batch }, () => [{ tokens: [], logProb: 0, attention: [] }]);
  let tokens = new Int32Array(batch).fill(options.bos);
  // finished[b] keeps the K best by score, best first
  const finish = (b: number, h: Live, ended: boolean) => {
    const length = h.tokens.length + (ended ? 1 : 0);
    const f = finished[b];
    const hyp = { tokens: h.tokens, logProb: h.logProb, score: h.logProb / lengthNormalizer(length, alpha), attention: h.attention, finished: ended };
    if (f.length >= K && hyp.score <= f[f.length - 1].score) return;
    let j = f.length;
    while (j > 0 && f[j - 1].score < hyp.score) j--;
    f.splice(j, 0, hyp);
    if (f.length > K) f.pop();
  };
  for (let t = 0; ; t++) {
    const { logProbs, attention } = decoder.step(tokens);
    const rows: number[] = [], sentences: number[] = [], next: number[] = [];
    const nextLive: Live[][] = Array.from({ length: batch }, () => []);
    let row = 0;
    for (let b = 0; b < batch; b++) {
      const hyps = live[b];
      if (hyps.length === 0) continue;
      // the 2K best (hypothesis, token) pairs by log-probability, best first
      const cand: { h: number; v: number; lp: number }[] = [];
      for (let i = 0; i < hyps.length; i++) {
        const base = (row + i) * V;
        for (let v = 0; v < V; v++) {
          if (banned[v] || (v === options.eos && t < minLength)) continue;
          const lp = hyps[i].logProb + logProbs[base + v];
          if (cand.length < 2 * K) {
            cand.push({ h: i, v, lp });
            if (cand.length === 2 * K) cand.sort((x, y) => y.lp - x.lp);
          } else if (lp > cand[cand.length - 1].lp) {
            let j = cand.length - 1;
            while (j > 0 && cand[j - 1].lp < lp) j--;
            cand.splice(j, 0, { h: i, v, lp });
            cand.pop();
          }
        }
      }
      if (cand.length < 2 * K) cand.sort((x, y) => y.lp - x.lp);
      const atLimit = t + 1 >= maxLength[b];
      let slots = 0; // live hypotheses kept (or, at the limit, finished as they are)
      for (let rank = 0; rank < cand.length && slots < K; rank++) {
        const c = cand[rank];
        const h = hyps[c.h];
        const isEos = c.v === options.eos;
        if (isEos && rank >= K) continue;
        const att = Float32Array.from({ length: S }, (_, s) => attention[(row + c.h) * S + s]);
        const grown: Live = { tokens: isEos ? h.tokens : [...h.tokens, c.v], logProb: c.lp, attention: [...h.attention, att] };
        if (isEos) {
          finish(b, grown, true);
          continue;
        }
        slots++;
        if (atLimit) finish(b, grown, false);
        else {
          nextLive[b].push(grown);
          rows.push(row + c.h);
          sentences.push(b);
          next.push(c.v);
        }
      }
      const f = finished[b];
      const bestLive = nextLive[b].reduce((m, h) => Math.max(m, h.logProb), -Infinity) / lengthNormalizer(maxLength[b], alpha);
      if (atLimit || nextLive[b].length === 0 || (f.length >= K && bestLive <= f[f.length - 1].score)) {
        // done: drop its live rows
        const keep = rows.length - nextLive[b].length;
        rows.length = keep; sentences.length = keep; next.length = keep;
        nextLive[b] = [];
      }
      row += hyps.length;
    }
    live = nextLive;
    if (rows.length === 0) break;
    decoder.select(Int32Array.from(rows), Int32Array.from(sentences));
    tokens = Int32Array.from(next);
  }
  return { best: finished.map((f) => f[0]), finished };
}

/**
 * Greedy decoding: the most likely token each step, until <eos> or the length limit. Scored as
 * beam search scores (so width 1 gives the same tokens and scores). Finished sentences leave
 * the batch, so the decoder works only on those still going.
 */
export function greedySearch(decoder: StepDecoder, batch: number, options: SearchOptions): Hypothesis[] {
  const maxLength = checkSearch('greedySearch', batch, options, 1);
  const alpha = options.lengthPenalty ?? 0;
  const minLength = options.minLength ?? 0;
  const V = decoder.vocabSize, S = decoder.sourceLength;
  const banned = excludedMask('greedySearch', V, options);
  const out: (Hypothesis | null)[] = new Array(batch).fill(null);
  const hyps: Live[] = Array.from({ length: batch }, () => ({ tokens: [], logProb: 0, attention: [] }));
  let active = Array.from({ length: batch }, (_, b) => b); // sentence of each decoder row
  let tokens = new Int32Array(batch).fill(options.bos);
  for (let t = 0; active.length; t++) {
    const { logProbs, attention } = decoder.step(tokens);
    const keep: number[] = [], next: number[] = [];
    active.forEach((b, r) => {
      const banEos = t < minLength;
      let best = -1;
      for (let v = 0; v < V; v++) {
        if (banned[v] || (banEos && v === options.eos)) continue;
        if (best < 0 || logProbs[r * V + v] > logProbs[r * V + best]) best = v;
      }
      const h = hyps[b];
      h.logProb += logProbs[r * V + best];
      h.attention.push(Float32Array.from({ length: S }, (_, s) => attention[r * S + s]));
      const ended = best === options.eos;
      if (!ended) h.tokens.push(best);
      if (ended || t + 1 >= maxLength[b]) {
        out[b] = { tokens: h.tokens, logProb: h.logProb, score: h.logProb / lengthNormalizer(h.tokens.length + (ended ? 1 : 0), alpha), attention: h.attention, finished: ended };
      } else {
        keep.push(r);
        next.push(best);
      }
    });
    const sentences = keep.map((r) => active[r]);
    active = sentences;
    if (!active.length) break;
    decoder.select(Int32Array.from(keep), Int32Array.from(sentences));
    tokens = Int32Array.from(next);
  }
  return out as Hypothesis[];
}
