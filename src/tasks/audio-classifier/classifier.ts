/**
 * AudioClassifier: recordings in, class labels out. Frames from the audio front end (MFCC or
 * log-mel, src/audio), normalised per recording (CMVN, as the front-end options say) and
 * standardised per feature with the training part's statistics, a
 * bidirectional LSTM or GRU over them (network.ts), trained on the `fit` loop with early
 * stopping; beside it the MFCC-statistics + logistic regression baseline fitted on the same
 * recordings, so every evaluation shows both.
 */

import { ValueError } from '../../errors.js';
import { audioFeatures, cmvn, DEFAULT_AUDIO_FEATURES, toMono, type WavAudio } from '../../audio/index.js';
import { fit } from '../../train/fit.js';
import type { History } from '../../train/types.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../random/generator.js';
import { validationSplit, type AudioFitOptions } from './validation-split.js';
import { frameAugmenter } from '../audio-common/augmenter.js';
import { argmaxRow, classificationMetrics, type ClassificationMetrics } from '../classifier/metrics.js';
import { AudioNet } from './network.js';
import { FrameStatsLogistic, type FrameMatrix } from './baseline.js';
import { bucketedFrames, fitFrameScaler, frameBatch, orderedFrames, scaleFrames, type FrameBatch, type FrameScaler } from './frames.js';
import { audioFitSettings } from '../audio-common/training.js';
import { checkFrameList, inEvalBatches } from '../audio-common/inputs.js';
import { resolveAudioClassifierOptions, type ResolvedAudioClassifierOptions } from './resolve.js';
import type { AudioClassifierOptions } from './options.js';
import { loadAudioClassifier, saveAudioClassifier } from './bundle.js';

/** One prediction: the most probable label and every class's probability. */
export interface AudioPrediction {
  readonly label: string;
  readonly probabilities: Readonly<Record<string, number>>;
}

/** What `evaluate` returns: the network's and the baseline's metrics on the same recordings. */
export interface AudioClassifierEvaluation {
  readonly model: ClassificationMetrics;
  readonly baseline: ClassificationMetrics | null;
  /** [n, C] row-major, classes in `classes` order. */
  readonly probabilities: Float64Array;
  /** Predicted and true class ids. */
  readonly predicted: Int32Array;
  readonly actual: Int32Array;
  readonly classes: readonly string[];
}

type LabelledBatch = FrameBatch & { readonly y: Int32Array };

/**
 * A recurrent classifier of recordings with its front-end options, scaler, class names and baseline.
 *
 * @example
 * const clf = new AudioClassifier({ features: { kind: 'mfcc' } });
 * const frames = wavs.map((w) => clf.features(w)); // WavAudio → [T, F] frames
 * await clf.fit(frames, labels);
 * clf.predict([clf.features(await loadWav('7_theo_3.wav'))])[0].label; // '7'
 * const { model, baseline } = clf.evaluate(testFrames, testLabels); // accuracy, confusion …
 * await clf.save('runs/digits');
 */
export class AudioClassifier {
  readonly options: ResolvedAudioClassifierOptions;
  /** Class names, sorted; class id i is classes[i]. */
  classes: string[] | null = null;
  net: AudioNet | null = null;
  scaler: FrameScaler | null = null;
  baseline: FrameStatsLogistic | null = null;
  history: History | null = null;

  constructor(options: AudioClassifierOptions = {}) {
    this.options = resolveAudioClassifierOptions(options);
  }

  /**
   * The frames [T, F] of one recording (channels mixed down), as the front-end options say but
   * before per-recording normalisation: the baseline's statistics need the raw level of each
   * coefficient (after CMVN every mean is 0 and every std 1), and the network's path applies the
   * CMVN itself (see `networkInput`).
   */
  features(audio: WavAudio): FrameMatrix {
    return audioFeatures(toMono(audio), audio.sampleRate, { ...this.options.features, cmvn: null });
  }

  /** Frames as the network reads them: CMVN per recording (features.cmvn), then the training scaler. */
  private networkInput(items: readonly FrameMatrix[], scaler: FrameScaler): FrameMatrix[] {
    const mode = this.options.features.cmvn === undefined ? DEFAULT_AUDIO_FEATURES.cmvn : this.options.features.cmvn;
    return items.map((m) => scaleFrames(mode === null ? m : { ...m, frames: cmvn(Float32Array.from(m.frames), m.T, m.F, { variance: mode === 'mean-variance' }) }, scaler));
  }

  /**
   * Trains on the recordings' frames `items` (from `features`) with their `labels` (the training
   * part only: scaler, baseline and validation part come from it). With `speakers` (one per
   * recording) and validationBy 'speaker', early stopping watches one training speaker held out.
   */
  async fit(items: readonly FrameMatrix[], labels: readonly string[], options: AudioFitOptions = {}): Promise<History> {
    const o = this.options;
    checkItems('AudioClassifier.fit', items, labels);
    const classes = [...new Set(labels)].sort();
    if (classes.length < 2) throw new ValueError(`AudioClassifier.fit: every recording has the label ${JSON.stringify(classes[0])}; at least 2 classes are needed`);
    const y = Int32Array.from(labels, (l) => classes.indexOf(l));
    this.classes = classes;
    this.baseline = new FrameStatsLogistic(o.baselineC).fit(items, y, classes.length);
    const identity = { mean: new Array<number>(items[0].F).fill(0), std: new Array<number>(items[0].F).fill(1) };
    this.scaler = fitFrameScaler(this.networkInput(items, identity));
    const scaled = this.networkInput(items, this.scaler);
    const generator = new Generator(o.seed);
    this.net = new AudioNet({
      inputSize: items[0].F, cell: o.cell, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional,
      pooling: o.pooling, inputDropout: o.inputDropout, dropout: o.dropout, classes: classes.length, generator,
    });
    const split = validationSplit(y, options.speakers ?? null, o);
    // Training batches go through the augmentation (each time a recording enters one); validation batches do not.
    const batchOf = (augment: ((m: FrameMatrix) => FrameMatrix) | null) => (which: Int32Array): LabelledBatch => ({ ...frameBatch(scaled, which, augment), y: Int32Array.from(which, (i) => y[i]) });
    const { data, callback } = bucketedFrames(scaled, split.train, o.batchSize, o.seed, batchOf(frameAugmenter(o)));
    const validation = orderedFrames(scaled, split.heldOut, batchOf(null));
    this.history = await fit(this.net, data, {
      ...audioFitSettings(o, generator, callback),
      loss: (m, b) => crossEntropy(m.forward(b.x, b.lengths), b.y),
      metrics: { valAccuracy: (m, d) => accuracyOn(m, d) },
      validationData: validation,
      earlyStopping: { monitor: 'valLoss', mode: 'min', patience: o.patience },
    });
    this.net.eval();
    return this.history;
  }

  private trained(where: string): { classes: string[]; net: AudioNet; scaler: FrameScaler } {
    if (!this.classes || !this.net || !this.scaler) throw new ValueError(`AudioClassifier.${where}: the classifier is not trained; call fit(frames, labels) or AudioClassifier.load(dir) first`);
    return { classes: this.classes, net: this.net, scaler: this.scaler };
  }

  /** Class probabilities [n, C] row-major, classes in `classes` order (eval mode, no graph). */
  predictProbabilities(items: readonly FrameMatrix[], batchSize = 64): Float64Array {
    const { classes, net, scaler } = this.trained('predict');
    checkItems('AudioClassifier.predict', items, null);
    const scaled = this.networkInput(items, scaler);
    const C = classes.length;
    const P = new Float64Array(items.length * C);
    inEvalBatches(net, scaled, batchSize, (b) => {
      const probs = net.forward(b.x, b.lengths).softmax(1).data; // [B, C]
      b.which.forEach((i, r) => {
        for (let c = 0; c < C; c++) P[i * C + c] = probs[r * C + c];
      });
    });
    return P;
  }

  /** The most probable label of each recording, with every class's probability. */
  predict(items: readonly FrameMatrix[]): AudioPrediction[] {
    const classes = this.trained('predict').classes;
    const C = classes.length;
    const P = this.predictProbabilities(items);
    return items.map((_, r) => ({ label: classes[argmaxRow(P, r, C)], probabilities: Object.fromEntries(classes.map((c, j) => [c, P[r * C + j]])) }));
  }

  /** Accuracy, macro-F1, per-class scores and confusion matrix of the network and of the baseline on the same recordings. */
  evaluate(items: readonly FrameMatrix[], labels: readonly string[]): AudioClassifierEvaluation {
    const { classes } = this.trained('evaluate');
    checkItems('AudioClassifier.evaluate', items, labels);
    const unknown = labels.find((l) => !classes.includes(l));
    if (unknown !== undefined) throw new ValueError(`AudioClassifier.evaluate: label ${JSON.stringify(unknown)} is not one of the trained classes ${JSON.stringify(classes)}`);
    const C = classes.length;
    const actual = Int32Array.from(labels, (l) => classes.indexOf(l));
    const probabilities = this.predictProbabilities(items);
    const argmax = (P: Float64Array) => Int32Array.from(items, (_, r) => argmaxRow(P, r, C));
    const predicted = argmax(probabilities);
    const baseline = this.baseline?.fitted ? classificationMetrics(actual, argmax(this.baseline.predictProba(items)), classes) : null;
    return { model: classificationMetrics(actual, predicted, classes), baseline, probabilities, predicted, actual, classes };
  }

  /** Writes the model folder (see bundle.ts). */
  save(dir: string): Promise<void> {
    return saveAudioClassifier(dir, this);
  }

  /** Reads a folder written by `save`. */
  static load(dir: string): Promise<AudioClassifier> {
    return loadAudioClassifier(dir);
  }
}

/** Accuracy of the network on evaluation data (eval mode, no graph). */
function accuracyOn(net: AudioNet, data: { length: number; batch(ids: Int32Array): LabelledBatch }, batchSize = 64): number {
  let correct = 0;
  noGrad(() => {
    for (let s = 0; s < data.length; s += batchSize) {
      const b = data.batch(Int32Array.from({ length: Math.min(batchSize, data.length - s) }, (_, k) => s + k));
      const logits = net.forward(b.x, b.lengths).data;
      const C = net.options.classes;
      for (let r = 0; r < b.y.length; r++) if (argmaxRow(logits, r, C) === b.y[r]) correct++;
    }
  });
  return correct / data.length;
}

/** Frames must be [T ≥ 1, F] matrices of one F and, when given, one non-empty label each. */
function checkItems(where: string, items: readonly FrameMatrix[], labels: readonly string[] | null): void {
  checkFrameList(where, items, 'recording');
  if (labels === null) return;
  if (!Array.isArray(labels) || labels.length !== items.length) throw new ValueError(`${where}: ${items.length} recordings but ${Array.isArray(labels) ? labels.length : 'no'} labels; give one label per recording`);
  const badLabel = labels.findIndex((l) => typeof l !== 'string' || l.length === 0);
  if (badLabel >= 0) throw new ValueError(`${where}: labels[${badLabel}] is ${JSON.stringify(labels[badLabel])}, expected a non-empty string`);
}
