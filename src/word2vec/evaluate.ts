/**
 * The standard intrinsic evaluations, with gensim's conventions so numbers compare:
 * word-pair similarity (Spearman ρ between cosine and human scores, over the pairs whose
 * words are both known) and analogy accuracy (questions-words.txt, 3CosAdd or 3CosMul, words
 * looked up case-insensitively among the `restrictVocab` most frequent, default 300 000).
 */
import { FormatError } from '../errors.js';
import type { AnalogyMethod, KeyedVectors } from './keyed-vectors.js';

/** A word pair and the similarity people gave it (a line of WordSim-353, SimLex-999, …). */
export interface WordPair {
  a: string;
  b: string;
  score: number;
}

/** A section of an analogy file (`: capital-common-countries`) and its questions. */
export interface AnalogySection {
  name: string;
  /** [a, b, c, d]: a is to b as c is to d. */
  questions: [string, string, string, string][];
}

/**
 * A score as the word-pair files write it: an optional sign, digits with an optional fraction,
 * an optional exponent (`7.35`, `-1`, `.5`, `2e-3`). `Number` would also read `0x10`, `0b11`,
 * `0o7` and `Infinity`, which no such file holds: a mutated or wrong file, to be refused.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A line of a file for a message: at most 80 characters of it, quoted. */
const shownLine = (line: string): string => JSON.stringify(line.slice(0, 80));

/**
 * Parses "word1<TAB>word2<TAB>score" lines; '#' lines are comments (WordSim-353, SimLex-999 as
 * gensim ships them). A score must be a finite decimal number; anything else is a FormatError
 * with its line and column.
 *
 * @example
 * parseWordPairs('# WordSim-353\ntiger\tcat\t7.35\n'); // [{ a: 'tiger', b: 'cat', score: 7.35 }]
 */
export function parseWordPairs(text: string): WordPair[] {
  const out: WordPair[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const f = line.split('\t');
    if (f.length < 3 || f[0] === '' || f[1] === '' || f[2].trim() === '') {
      throw new FormatError('word pairs', `expected "word1<TAB>word2<TAB>score", got ${shownLine(line)}`, { line: i + 1 });
    }
    const field = f[2].trim();
    const score = Number(field);
    if (!DECIMAL.test(field) || !Number.isFinite(score)) {
      const column = f[0].length + f[1].length + 3 + (f[2].length - f[2].trimStart().length); // after two words and two tabs
      const what = DECIMAL.test(field) ? 'is too large for a float64' : 'is not a decimal number (such as 7.35 or -1.5e-2)';
      throw new FormatError('word pairs', `score ${JSON.stringify(field.slice(0, 40))} at column ${column} ${what}`, { line: i + 1 });
    }
    out.push({ a: f[0], b: f[1], score });
  });
  return out;
}

/**
 * Parses questions-words.txt: ": section" headers, then lines "a b c d" (words split on
 * whitespace). A line of other than four words is a FormatError with its line and, for a word
 * too many, its column.
 *
 * @example
 * parseAnalogies(': capital-common-countries\nAthens Greece Baghdad Iraq\n'); // [{ name: 'capital-common-countries', questions: [[…]] }]
 */
export function parseAnalogies(text: string): AnalogySection[] {
  const sections: AnalogySection[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith(':')) {
      sections.push({ name: line.slice(1).trim(), questions: [] });
      return;
    }
    const f = line.split(/\s+/);
    if (f.length !== 4) {
      const at = f.length > 4 ? ` (the fifth word at column ${wordColumn(raw, 4)})` : '';
      throw new FormatError('analogy questions', `expected 4 words, got ${f.length}${at}: ${shownLine(line)}`, { line: i + 1 });
    }
    if (sections.length === 0) sections.push({ name: '', questions: [] });
    sections[sections.length - 1].questions.push(f as [string, string, string, string]);
  });
  return sections;
}

/** 1-based column of `raw` where word `k` (0-based; words split on whitespace) starts; `raw` has more than k words. */
function wordColumn(raw: string, k: number): number {
  const word = /\S+/g;
  for (let j = 0; j < k; j++) word.exec(raw);
  return word.exec(raw)!.index + 1;
}

/** Average ranks (1-based), ties sharing their mean rank, as scipy.stats.rankdata. */
export function rank(x: readonly number[]): number[] {
  const idx = x.map((_, i) => i).sort((i, j) => x[i] - x[j]);
  const r = new Array<number>(x.length);
  for (let s = 0; s < idx.length; ) {
    let e = s;
    while (e + 1 < idx.length && x[idx[e + 1]] === x[idx[s]]) e++;
    for (let k = s; k <= e; k++) r[idx[k]] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return r;
}

/**
 * Pearson's correlation coefficient of two equally long samples: cov(x, y) / (σx σy), in [−1, 1].
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // 0.99…
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's ρ: Pearson correlation of the average ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(rank(x), rank(y));
}

/** Options of the word-pair and analogy evaluations, as gensim's. */
export interface EvalOptions {
  /** Look words up among the first (most frequent) N words only. gensim's default 300 000. */
  restrictVocab?: number;
  /** Match words ignoring case (upper-casing both sides, first occurrence wins, as gensim). Default true. */
  caseInsensitive?: boolean;
}

/** A word-pair evaluation: Spearman and Pearson correlation of the vectors' cosine with people's scores, over the pairs covered. */
export interface PairEvaluation {
  spearman: number;
  pearson: number;
  /** Pairs with both words known / all pairs. */
  covered: number;
  total: number;
  coverage: number;
}

/** An analogy evaluation: accuracy over the questions whose four words are known, overall and per section. */
export interface AnalogyEvaluation {
  /** correct / covered, over all sections. */
  accuracy: number;
  correct: number;
  /** Questions with all four words known. */
  covered: number;
  total: number;
  coverage: number;
  sections: { name: string; correct: number; covered: number; total: number }[];
}

/** Lookup from (optionally upper-cased) word to the original word, over the first `restrict` rows. */
function lookup(kv: KeyedVectors, o: EvalOptions): (w: string) => string | undefined {
  const restrict = Math.min(kv.size, o.restrictVocab ?? 300000);
  const ci = o.caseInsensitive ?? true;
  const m = new Map<string, string>();
  for (let i = 0; i < restrict; i++) {
    const k = ci ? kv.words[i].toUpperCase() : kv.words[i];
    if (!m.has(k)) m.set(k, kv.words[i]);
  }
  return (w) => m.get(ci ? w.toUpperCase() : w);
}

/** Spearman and Pearson correlation of cosine similarity with the human scores (gensim evaluate_word_pairs). */
export function evaluateWordPairs(kv: KeyedVectors, pairs: readonly WordPair[], o: EvalOptions = {}): PairEvaluation {
  const find = lookup(kv, o);
  const sims: number[] = [];
  const gold: number[] = [];
  for (const p of pairs) {
    const a = find(p.a);
    const b = find(p.b);
    if (a === undefined || b === undefined) continue;
    sims.push(kv.similarity(a, b));
    gold.push(p.score);
  }
  return {
    spearman: sims.length > 1 ? spearman(sims, gold) : NaN,
    pearson: sims.length > 1 ? pearson(sims, gold) : NaN,
    covered: sims.length,
    total: pairs.length,
    coverage: pairs.length ? sims.length / pairs.length : 0,
  };
}

/**
 * Analogy accuracy (gensim evaluate_word_analogies): for each question whose four words are
 * known, the prediction is the best word other than a, b, c among the first `restrictVocab`.
 */
export function evaluateAnalogies(
  kv: KeyedVectors,
  sections: readonly AnalogySection[],
  o: EvalOptions & { method?: AnalogyMethod } = {},
): AnalogyEvaluation {
  const find = lookup(kv, o);
  const restrictVocab = Math.min(kv.size, o.restrictVocab ?? 300000);
  const ci = o.caseInsensitive ?? true;
  const out: AnalogyEvaluation = { accuracy: 0, correct: 0, covered: 0, total: 0, coverage: 0, sections: [] };
  for (const s of sections) {
    const r = { name: s.name, correct: 0, covered: 0, total: s.questions.length };
    for (const q of s.questions) {
      const w = q.map(find);
      if (w.some((x) => x === undefined)) continue;
      const [a, b, c, d] = w as string[];
      r.covered++;
      const best = kv.analogy(a, b, c, { method: o.method, topN: 1, restrictVocab })[0];
      if (best && (ci ? best.word.toUpperCase() === d.toUpperCase() : best.word === d)) r.correct++;
    }
    out.sections.push(r);
    out.correct += r.correct;
    out.covered += r.covered;
    out.total += r.total;
  }
  out.accuracy = out.covered ? out.correct / out.covered : NaN;
  out.coverage = out.total ? out.covered / out.total : 0;
  return out;
}
