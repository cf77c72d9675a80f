/**
 * TextClassifier: texts in, class labels out. A recurrent network (see network.ts) over word,
 * BPE or character tokens, trained on the `fit` loop, next to the TF-IDF + logistic regression
 * baseline fitted on the same training part, so every evaluation shows both on the same texts.
 */

import { ValueError } from '../../errors.js';
import { Embedding, type WordVectorSource } from '../../nn/embedding.js';
import { readVectors } from '../../word2vec/formats.js';
import type { History } from '../../train/types.js';
import { ClassifierNet, PAD_ID, networkGenerator } from './network.js';
import { buildEncoding, encodeTexts, type TextEncoding } from './encoding.js';
import { stratifiedSplit } from './folds.js';
import { netProbabilities, trainNet } from './train-net.js';
import { TfidfLogistic } from './tfidf-logistic.js';
import { argmaxRow, classificationMetrics, type ClassificationMetrics } from './metrics.js';
import { resolveClassifierOptions, type ResolvedClassifierOptions } from './resolve.js';
import type { TextClassifierOptions } from './options.js';
import { loadClassifier, saveClassifier } from './bundle.js';

/** One prediction: the most probable label and every class's probability. */
export interface Prediction {
  readonly label: string;
  readonly probabilities: Readonly<Record<string, number>>;
}

/** What `evaluate` returns: the network's and the baseline's metrics on the same texts, and the raw probabilities. */
export interface ClassifierEvaluation {
  readonly model: ClassificationMetrics;
  readonly baseline: ClassificationMetrics | null;
  /** [n, C] row-major, classes in `classes` order. */
  readonly probabilities: Float64Array;
  readonly baselineProbabilities: Float64Array | null;
  /** True class ids. */
  readonly actual: Int32Array;
  readonly classes: readonly string[];
}

/**
 * A recurrent text classifier with its tokenizer, vocabulary, class names and baseline.
 *
 * @example
 * const clf = new TextClassifier({ pooling: 'attention', ensemble: 3 });
 * await clf.fit(trainTexts, trainLabels);
 * clf.predict(['Great phone, works well'])[0]; // { label: '1', probabilities: { '0': 0.04, '1': 0.96 } }
 * const { model, baseline } = clf.evaluate(testTexts, testLabels); // accuracy, macroF1, confusion …
 * await clf.save('runs/sentiment');
 */
export class TextClassifier {
  readonly options: ResolvedClassifierOptions;
  /** Class names, sorted; class id i is classes[i]. */
  classes: string[] | null = null;
  encoding: TextEncoding | null = null;
  /** The ensemble's networks (one unless `ensemble` > 1). */
  nets: ClassifierNet[] = [];
  baseline: TfidfLogistic | null = null;
  /** One training history per network. */
  histories: History[] = [];
  /** With pretrained vectors: the share of the vocabulary (specials aside) they covered. */
  pretrainedCoverage: number | null = null;

  constructor(options: TextClassifierOptions = {}) {
    this.options = resolveClassifierOptions(options);
  }

  /**
   * Trains on `texts` with their `labels` (the training part only: tokenizer, vocabulary,
   * baseline and the stratified validation part all come from it). `vectors` initialises the
   * word embeddings instead of the `pretrained` file.
   */
  async fit(texts: readonly string[], labels: readonly string[], options: { vectors?: WordVectorSource } = {}): Promise<History[]> {
    const o = this.options;
    checkTexts('TextClassifier.fit', texts, labels);
    const classes = [...new Set(labels)].sort();
    if (classes.length < 2) throw new ValueError(`TextClassifier.fit: the labels hold ${classes.length} class (${JSON.stringify(classes[0])}); at least 2 are needed`);
    const y = Int32Array.from(labels, (l) => classes.indexOf(l));
    const encoding = buildEncoding(texts, o);
    const seqs = encodeTexts(texts, encoding, o.maxLength);
    const vectors = options.vectors ?? (o.pretrained !== null ? await readVectors(o.pretrained) : null);
    if (vectors && o.level !== 'word') throw new ValueError(`TextClassifier.fit: word vectors need level 'word', got '${o.level}'`);
    const split = stratifiedSplit(y, o.validationFraction, o.seed);
    const parts = { train: split.train, validation: split.heldOut };
    this.classes = classes;
    this.encoding = encoding;
    // The baseline needs no early stopping, so it learns from every training text.
    this.baseline = new TfidfLogistic({ C: o.baselineC }).fit(texts, y, classes.length);
    this.nets = [];
    this.histories = [];
    const started = Date.now();
    for (let k = 0; k < o.ensemble; k++) {
      const generator = networkGenerator(o.seed, k);
      const embedding = vectors ? this.pretrainedEmbedding(vectors, generator) : undefined;
      const net = new ClassifierNet({
        vocabSize: encoding.vocabulary.size, embeddingDim: vectors ? vectors.dim : o.embeddingDim, cell: o.cell, hiddenSize: o.hiddenSize,
        numLayers: o.numLayers, bidirectional: o.bidirectional, pooling: o.pooling, embeddingDropout: o.embeddingDropout, dropout: o.dropout,
        classes: classes.length, generator,
      }, { embedding });
      // The budget left is shared by the networks still to train.
      const budget = o.minutes === null ? null : (o.minutes * 60_000 - (Date.now() - started)) / (o.ensemble - k);
      const signals = [o.signal, budget === null ? undefined : AbortSignal.timeout(Math.max(1, Math.round(budget)))].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      this.histories.push(await trainNet(net, seqs, y, parts, o, generator, o.seed + k, signal));
      this.nets.push(net);
    }
    return this.histories;
  }

  /** The embedding table of `vectors` (tuned unless freezeEmbeddings); tokens they lack get N(0, σ²) rows, σ that of the vectors. */
  private pretrainedEmbedding(vectors: WordVectorSource, generator: ReturnType<typeof networkGenerator>): Embedding {
    const vocab = this.encoding!.vocabulary;
    const e = Embedding.fromPretrained(vectors, vocab, { freeze: this.options.freezeEmbeddings, paddingIdx: PAD_ID });
    const w = e.weight.data;
    const D = vectors.dim;
    const missing = new Set(e.missing.map((t) => vocab.tokenToId(t)));
    let sum = 0, sq = 0, n = 0;
    for (let id = 0; id < vocab.size; id++) {
      if (missing.has(id)) continue;
      for (let j = 0; j < D; j++) {
        sum += w[id * D + j];
        sq += w[id * D + j] ** 2;
        n++;
      }
    }
    const sigma = n > 1 ? Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2)) : 1;
    for (const id of missing) if (id !== PAD_ID) for (let j = 0; j < D; j++) w[id * D + j] = generator.normal() * sigma;
    const words = vocab.size - vocab.numSpecials;
    this.pretrainedCoverage = words > 0 ? (vocab.size - e.missing.length) / words : 0;
    return e;
  }

  private trained(where: string): { classes: string[]; encoding: TextEncoding; nets: ClassifierNet[] } {
    if (!this.classes || !this.encoding || this.nets.length === 0) throw new ValueError(`TextClassifier.${where}: the classifier is not trained; call fit(texts, labels) or TextClassifier.load(dir) first`);
    return { classes: this.classes, encoding: this.encoding, nets: this.nets };
  }

  /** Class probabilities [n, C] row-major (the ensemble's mean), classes in `classes` order. */
  predictProbabilities(texts: readonly string[]): Float64Array {
    const { classes, encoding, nets } = this.trained('predict');
    checkTexts('TextClassifier.predict', texts, null);
    const seqs = encodeTexts(texts, encoding, this.options.maxLength);
    const P = new Float64Array(texts.length * classes.length);
    for (const net of nets) {
      const p = netProbabilities(net, seqs);
      for (let i = 0; i < P.length; i++) P[i] += p[i] / nets.length;
    }
    return P;
  }

  /** The most probable label of each text, with every class's probability. */
  predict(texts: readonly string[]): Prediction[] {
    const classes = this.trained('predict').classes;
    const C = classes.length;
    const P = this.predictProbabilities(texts);
    return texts.map((_, r) => ({
      label: classes[argmaxRow(P, r, C)],
      probabilities: Object.fromEntries(classes.map((c, j) => [c, P[r * C + j]])),
    }));
  }

  /** Accuracy, macro-F1, per-class scores and confusion matrix of the network and of the baseline on the same texts. */
  evaluate(texts: readonly string[], labels: readonly string[]): ClassifierEvaluation {
    const { classes } = this.trained('evaluate');
    checkTexts('TextClassifier.evaluate', texts, labels);
    const unknown = labels.find((l) => !classes.includes(l));
    if (unknown !== undefined) throw new ValueError(`TextClassifier.evaluate: label ${JSON.stringify(unknown)} is not one of the trained classes ${JSON.stringify(classes)}`);
    const C = classes.length;
    const actual = Int32Array.from(labels, (l) => classes.indexOf(l));
    const probabilities = this.predictProbabilities(texts);
    const score = (P: Float64Array) => classificationMetrics(actual, Int32Array.from(texts, (_, r) => argmaxRow(P, r, C)), classes);
    const baselineProbabilities = this.baseline?.fitted ? this.baseline.predictProba(texts) : null;
    return { model: score(probabilities), baseline: baselineProbabilities ? score(baselineProbabilities) : null, probabilities, baselineProbabilities, actual, classes };
  }

  /** Writes the bundle folder (see bundle.ts). */
  save(dir: string): Promise<void> {
    return saveClassifier(dir, this);
  }

  /** Reads a folder written by `save`. */
  static load(dir: string): Promise<TextClassifier> {
    return loadClassifier(dir);
  }
}

/** Texts must be strings and, when given, as many labels (strings) as texts. */
function checkTexts(where: string, texts: readonly string[], labels: readonly string[] | null): void {
  if (!Array.isArray(texts)) throw new ValueError(`${where}: texts must be an array of strings`);
  const bad = texts.findIndex((t) => typeof t !== 'string');
  if (bad >= 0) throw new ValueError(`${where}: texts[${bad}] is ${typeof texts[bad]}, expected a string`);
  if (labels === null) return;
  if (!Array.isArray(labels) || labels.length !== texts.length) throw new ValueError(`${where}: ${texts.length} texts but ${Array.isArray(labels) ? labels.length : 'no'} labels; give one label per text`);
  const badLabel = labels.findIndex((l) => typeof l !== 'string' || l.length === 0);
  if (badLabel >= 0) throw new ValueError(`${where}: labels[${badLabel}] is ${JSON.stringify(labels[badLabel])}, expected a non-empty string`);
  if (texts.length === 0) throw new ValueError(`${where}: no texts`);
}
