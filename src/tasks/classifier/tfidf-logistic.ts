/**
 * The bag-of-n-grams baseline every text classifier is measured against: TF-IDF features of
 * word unigrams and bigrams and a multinomial logistic regression with an L2 penalty, fitted
 * to convergence by L-BFGS in float64. Its settings are scikit-learn's
 * `TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)` + `LogisticRegression(C=…)`:
 *
 *   tokens   lower-cased runs of ≥ 2 letters, digits or '_' (the default token_pattern)
 *   tf       1 + ln(count)                       (sublinear)
 *   idf      ln((1 + n) / (1 + df)) + 1          (smooth_idf)
 *   row      tf·idf / ‖tf·idf‖₂
 *   loss     C · Σ_i −log softmax(W x_i + b)_{y_i} + ½ ‖W‖²   (the intercept b is not penalised)
 *
 * With `C: 'cv'` the strength is chosen from C_GRID by a 3-fold stratified cross-validation on
 * the training texts alone.
 */

import { ValueError } from '../../errors.js';
import { lbfgs } from './lbfgs.js';
import { stratifiedFolds } from './folds.js';

const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** The n-grams of one text: unigrams, then bigrams joined by a space. */
export function ngrams(text: string): string[] {
  const words = text.toLowerCase().match(TOKEN) ?? [];
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

/** Rows of sparse features (compressed sparse rows). */
export interface SparseRows {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Strengths tried by `C: 'cv'`, a factor ~3 apart around scikit-learn's default 1. */
export const C_GRID: readonly number[] = [0.3, 1, 3, 10, 30];

/** The JSON form of a fitted baseline (saved in a classifier bundle). */
export interface TfidfLogisticJSON {
  readonly terms: string[];
  readonly idf: number[];
  readonly classes: number;
  readonly C: number;
  /** W [classes, terms] row-major, then b [classes]. */
  readonly weights: number[];
}

/** TF-IDF + multinomial logistic regression; see the file comment. */
export class TfidfLogistic {
  private terms = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  private W: Float64Array = new Float64Array(0);
  private classes = 0;
  /** The C used by the last fit (the chosen one with 'cv'). */
  C = 1;

  constructor(readonly options: { readonly C?: number | 'cv' } = {}) {
    const C = options.C ?? 1;
    if (C !== 'cv' && !(typeof C === 'number' && C > 0 && Number.isFinite(C))) throw new ValueError(`TfidfLogistic: C must be a number > 0 or 'cv', got ${String(C)}`);
  }

  get fitted(): boolean {
    return this.classes > 0;
  }

  /** Fits the vocabulary, the idf and the regression on the training texts; labels are class ids 0 … classes−1. */
  fit(texts: readonly string[], labels: ArrayLike<number>, classes: number): this {
    if (texts.length !== labels.length) throw new ValueError(`TfidfLogistic.fit: ${texts.length} texts but ${labels.length} labels`);
    let C = this.options.C ?? 1;
    if (C === 'cv') C = chooseC(texts, labels, classes);
    this.C = C;
    this.classes = classes;
    const docs = texts.map(ngrams);
    this.terms = new Map();
    const df: number[] = [];
    for (const d of docs) {
      for (const t of new Set(d)) {
        let j = this.terms.get(t);
        if (j === undefined) {
          j = this.terms.size;
          this.terms.set(t, j);
          df.push(0);
        }
        df[j]++;
      }
    }
    const n = docs.length;
    this.idf = Float64Array.from(df, (v) => Math.log((1 + n) / (1 + v)) + 1);
    this.W = fitLogistic(this.rows(docs), labels, classes, C);
    return this;
  }

  /** TF-IDF rows of `texts` over the fitted vocabulary (unseen n-grams are dropped). */
  transform(texts: readonly string[]): SparseRows {
    return this.rows(texts.map(ngrams));
  }

  /** Class probabilities [n, classes], row-major. */
  predictProba(texts: readonly string[]): Float64Array {
    if (!this.fitted) throw new ValueError('TfidfLogistic.predictProba: not fitted; call fit first');
    const X = this.transform(texts);
    const P = new Float64Array(X.rows * this.classes);
    scores(X, this.W, this.classes, P);
    for (let i = 0; i < X.rows; i++) softmaxRow(P, i, this.classes);
    return P;
  }

  toJSON(): TfidfLogisticJSON {
    return { terms: [...this.terms.keys()], idf: Array.from(this.idf), classes: this.classes, C: this.C, weights: Array.from(this.W) };
  }

  static fromJSON(j: TfidfLogisticJSON): TfidfLogistic {
    const m = new TfidfLogistic({ C: j.C });
    const V = j.terms.length;
    if (j.idf.length !== V || j.weights.length !== j.classes * (V + 1) || !(j.classes >= 2)) {
      throw new ValueError(`TfidfLogistic.fromJSON: ${V} terms, ${j.idf.length} idf values and ${j.weights.length} weights do not fit ${j.classes} classes`);
    }
    m.terms = new Map(j.terms.map((t, i) => [t, i]));
    m.idf = Float64Array.from(j.idf);
    m.W = Float64Array.from(j.weights);
    m.classes = j.classes;
    m.C = j.C;
    return m;
  }

  private rows(docs: readonly string[][]): SparseRows {
    const indptr = new Int32Array(docs.length + 1);
    const indices: number[] = [];
    const values: number[] = [];
    docs.forEach((d, i) => {
      const counts = new Map<number, number>();
      for (const t of d) {
        const j = this.terms.get(t);
        if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
      }
      const cols = [...counts.keys()].sort((a, b) => a - b);
      let norm = 0;
      const v = cols.map((j) => {
        const x = (1 + Math.log(counts.get(j)!)) * this.idf[j];
        norm += x * x;
        return x;
      });
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < cols.length; k++) {
        indices.push(cols[k]);
        values.push(v[k] / norm);
      }
      indptr[i + 1] = indices.length;
    });
    return { rows: docs.length, cols: this.terms.size, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
  }
}

/** scores[i, c] = W_c · x_i + b_c, with W [C, V] then b [C] in `w`. */
function scores(X: SparseRows, w: Float64Array, C: number, out: Float64Array): void {
  const V = X.cols;
  for (let i = 0; i < X.rows; i++) {
    for (let c = 0; c < C; c++) {
      let s = w[C * V + c];
      for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) s += w[c * V + X.indices[k]] * X.values[k];
      out[i * C + c] = s;
    }
  }
}

function softmaxRow(P: Float64Array, i: number, C: number): void {
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, P[i * C + c]);
  let sum = 0;
  for (let c = 0; c < C; c++) sum += P[i * C + c] = Math.exp(P[i * C + c] - max);
  for (let c = 0; c < C; c++) P[i * C + c] /= sum;
}

/**
 * Minimises C · Σ CE + ½‖W‖² (see the file comment) with L-BFGS from zero weights; returns
 * W [C, V] then b [C].
 */
export function fitLogistic(X: SparseRows, labels: ArrayLike<number>, classes: number, C: number): Float64Array {
  const V = X.cols;
  const K = classes;
  for (let i = 0; i < labels.length; i++) {
    if (!(Number.isInteger(labels[i]) && labels[i] >= 0 && labels[i] < K)) throw new ValueError(`fitLogistic: label ${labels[i]} at ${i} is not a class id in 0 … ${K - 1}`);
  }
  const P = new Float64Array(X.rows * K);
  const objective = (w: Float64Array, grad: Float64Array): number => {
    scores(X, w, K, P);
    let loss = 0;
    grad.fill(0);
    for (let i = 0; i < X.rows; i++) {
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, P[i * K + c]);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp(P[i * K + c] - max);
      const logZ = max + Math.log(sum);
      loss += logZ - P[i * K + labels[i]];
      for (let c = 0; c < K; c++) {
        const r = C * (Math.exp(P[i * K + c] - logZ) - (c === labels[i] ? 1 : 0)); // ∂/∂score
        grad[K * V + c] += r;
        for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) grad[c * V + X.indices[k]] += r * X.values[k];
      }
    }
    let reg = 0;
    for (let j = 0; j < K * V; j++) {
      reg += w[j] * w[j];
      grad[j] += w[j];
    }
    return C * loss + 0.5 * reg;
  };
  return lbfgs(objective, new Float64Array(K * (V + 1)), { maxIterations: 2000, tolerance: 1e-7 }).x;
}

/** The C of C_GRID with the best mean accuracy over 3 stratified folds of the training texts (ties: the smaller C). */
function chooseC(texts: readonly string[], labels: ArrayLike<number>, classes: number): number {
  if (texts.length < 6) return 1;
  const folds = stratifiedFolds(labels, 3, 1);
  let best = C_GRID[0];
  let bestAcc = -1;
  for (const C of C_GRID) {
    let correct = 0;
    for (const test of folds) {
      const inTest = new Set(test);
      const train = Array.from({ length: texts.length }, (_, i) => i).filter((i) => !inTest.has(i));
      const m = new TfidfLogistic({ C }).fit(train.map((i) => texts[i]), train.map((i) => labels[i]), classes);
      const P = m.predictProba(Array.from(test, (i) => texts[i]));
      test.forEach((i, r) => {
        let arg = 0;
        for (let c = 1; c < classes; c++) if (P[r * classes + c] > P[r * classes + arg]) arg = c;
        if (arg === labels[i]) correct++;
      });
    }
    const acc = correct / texts.length;
    if (acc > bestAcc) {
      bestAcc = acc;
      best = C;
    }
  }
  return best;
}
