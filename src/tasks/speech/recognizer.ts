/**
 * SpeechRecognizer: utterances in, transcripts out. Frames from the audio front end,
 * standardised per feature with the training part's statistics, a stacked bidirectional LSTM
 * or GRU emitting per-frame log-probabilities over the blank and the vocabulary's words
 * (network.ts), trained with CTC on the `fit` loop with early stopping, the training strings
 * augmented as the options say (SpecAugment masks, speed perturbation); decoded by CTC prefix
 * beam search (width 1: best path). Scored by character and word error rate.
 */

import { ValueError } from '../../errors.js';
import { audioFeatures, toMono, type WavAudio } from '../../audio/index.js';
import { ctcLoss } from '../../losses/ctc.js';
import { ctcBeamDecode, ctcGreedyDecode, errorRate } from '../../ctc/index.js';
import { fit } from '../../train/fit.js';
import type { History } from '../../train/types.js';
import { Generator } from '../../random/generator.js';
import type { FrameMatrix } from '../audio-classifier/baseline.js';
import { bucketedFrames, fitFrameScaler, orderedFrames, scaleFrames, type FrameScaler } from '../audio-classifier/frames.js';
import { frameAugmenter } from '../audio-common/augmenter.js';
import { audioFitSettings } from '../audio-common/training.js';
import { checkFrameList, inEvalBatches } from '../audio-common/inputs.js';
import { SpeechNet } from './network.js';
import { ctcBatches } from './batches.js';
import { resolveSpeechOptions, type ResolvedSpeechOptions } from './resolve.js';
import type { SpeechRecognizerOptions } from './options.js';
import { loadSpeechRecognizer, saveSpeechRecognizer } from './bundle.js';

/** One transcript with its CTC labels and, per frame, the most probable label (0 = blank): the alignment. */
export interface Transcript {
  readonly text: string;
  readonly tokens: number[];
  /** log p(tokens | frames) of the beam search (the best path's own log-probability for width 1). */
  readonly logProb: number;
  /** argmax label of every frame. */
  readonly alignment: number[];
}

/** Error rates on a set of utterances, with every reference beside its transcript. */
export interface SpeechEvaluation {
  readonly n: number;
  /** Σ character edits / Σ reference characters (spaces included). */
  readonly cer: number;
  /** Σ word edits / Σ reference words. */
  readonly wer: number;
  /** Share of utterances transcribed exactly. */
  readonly exact: number;
  readonly references: readonly string[];
  readonly transcripts: readonly Transcript[];
}

/**
 * A CTC recogniser of a small vocabulary (by default the ten digits).
 *
 * @example
 * const asr = new SpeechRecognizer();
 * await asr.fit(strings.map((s) => asr.featuresOf(s.samples, 8000)), strings.map((s) => s.text));
 * asr.transcribe([asr.features(await loadWav('pin.wav'))])[0].text; // 'four one seven'
 * asr.evaluate(testFrames, testTexts); // { cer, wer, … }
 */
export class SpeechRecognizer {
  readonly options: ResolvedSpeechOptions;
  net: SpeechNet | null = null;
  scaler: FrameScaler | null = null;
  history: History | null = null;

  constructor(options: SpeechRecognizerOptions = {}) {
    this.options = resolveSpeechOptions(options);
  }

  /** The frames [T, F] of one recording (channels mixed down). */
  features(audio: WavAudio): FrameMatrix {
    return this.featuresOf(toMono(audio), audio.sampleRate);
  }

  /** The frames [T, F] of mono samples at `sampleRate`. */
  featuresOf(samples: Float32Array, sampleRate: number): FrameMatrix {
    return audioFeatures(samples, sampleRate, this.options.features);
  }

  /** CTC labels of a transcript (word i of the vocabulary → i + 1); ValueError naming an unknown word. */
  encode(text: string, where = 'SpeechRecognizer.encode'): Int32Array {
    const words = text.trim().split(/\s+/).filter((w) => w !== '');
    const vocab = this.options.vocabulary;
    return Int32Array.from(words, (w) => {
      const i = vocab.indexOf(w);
      if (i < 0) throw new ValueError(`${where}: the word ${JSON.stringify(w)} of ${JSON.stringify(text.slice(0, 60))} is not in the vocabulary ${vocab.join(', ')}`);
      return i + 1;
    });
  }

  /** The words of CTC labels. */
  decode(tokens: readonly number[]): string {
    return tokens.map((t) => this.options.vocabulary[t - 1]).join(' ');
  }

  /** Trains on utterances' frames `items` with their `texts` (words of the vocabulary, space-separated). */
  async fit(items: readonly FrameMatrix[], texts: readonly string[]): Promise<History> {
    const o = this.options;
    checkUtterances('SpeechRecognizer.fit', items, texts);
    const labels = texts.map((t, i) => this.encode(t, `SpeechRecognizer.fit: texts[${i}]`));
    this.scaler = fitFrameScaler(items);
    const scaled = items.map((m) => scaleFrames(m, this.scaler!));
    const generator = new Generator(o.seed);
    this.net = new SpeechNet({
      inputSize: items[0].F, cell: o.cell, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional,
      inputDropout: o.inputDropout, dropout: o.dropout, vocabSize: o.vocabulary.length + 1, generator,
    });
    const order = new Generator(o.seed + 1).permutation(items.length);
    const nVal = items.length < 2 ? 0 : Math.min(items.length - 1, Math.max(1, Math.round(items.length * o.validationFraction)));
    const validationIds = order.slice(0, nVal).sort();
    const trainIds = order.slice(nVal).sort();
    // Training batches go through the augmentation (each time a string enters one); validation batches do not.
    const { data, callback } = bucketedFrames(scaled, trainIds, o.batchSize, o.seed, ctcBatches(scaled, labels, frameAugmenter(o)));
    this.history = await fit(this.net, data, {
      ...audioFitSettings(o, generator, callback),
      // Concatenated targets (as torch); zeroInfinity: an utterance too short for its words adds nothing rather than NaN.
      loss: (m, b) => ctcLoss(m.forward(b.x, b.lengths), b.targets, b.lengths, b.targetLengths, { blank: 0, zeroInfinity: true }),
      ...(nVal > 0 ? { validationData: orderedFrames(scaled, validationIds, ctcBatches(scaled, labels, null)), earlyStopping: { monitor: 'valLoss' as const, mode: 'min' as const, patience: o.patience } } : { earlyStopping: false as const }),
    });
    this.net.eval();
    return this.history;
  }

  private trained(where: string): { net: SpeechNet; scaler: FrameScaler } {
    if (!this.net || !this.scaler) throw new ValueError(`SpeechRecognizer.${where}: the recognizer is not trained; call fit(frames, texts) or SpeechRecognizer.load(dir) first`);
    return { net: this.net, scaler: this.scaler };
  }

  /** Per-frame log-probabilities [T_i, V] of each utterance (eval mode, no graph), in the order given. */
  logProbabilities(items: readonly FrameMatrix[], batchSize = 32): Float32Array[] {
    const { net, scaler } = this.trained('transcribe');
    checkUtterances('SpeechRecognizer.transcribe', items, null);
    const scaled = items.map((m) => scaleFrames(m, scaler));
    const V = net.options.vocabSize;
    const out: Float32Array[] = new Array(items.length);
    inEvalBatches(net, scaled, batchSize, (b) => {
      const lp = net.forward(b.x, b.lengths).data; // [Tmax, B, V]
      const B = b.which.length;
      b.which.forEach((i, r) => {
        const T = b.lengths[r];
        const rows = new Float32Array(T * V);
        for (let t = 0; t < T; t++) for (let v = 0; v < V; v++) rows[t * V + v] = lp[(t * B + r) * V + v];
        out[i] = rows;
      });
    });
    return out;
  }

  /** Transcripts of the utterances: beam search of `beamWidth` (best path for 1), with each frame's argmax label. */
  transcribe(items: readonly FrameMatrix[], options: { beamWidth?: number } = {}): Transcript[] {
    const width = options.beamWidth ?? this.options.beamWidth;
    if (!(Number.isInteger(width) && width >= 1)) throw new ValueError(`SpeechRecognizer.transcribe: beamWidth must be an integer ≥ 1, got ${width}`);
    const V = this.options.vocabulary.length + 1;
    return this.logProbabilities(items).map((lp) => {
      const T = lp.length / V;
      const alignment = Array.from({ length: T }, (_, t) => {
        let best = 0;
        for (let v = 1; v < V; v++) if (lp[t * V + v] > lp[t * V + best]) best = v;
        return best;
      });
      if (width === 1) {
        const tokens = ctcGreedyDecode(lp, T, V, { blank: 0 });
        const logProb = alignment.reduce((s, v, t) => s + lp[t * V + v], 0);
        return { text: this.decode(tokens), tokens, logProb, alignment };
      }
      const [best] = ctcBeamDecode(lp, T, V, { blank: 0, beamWidth: width });
      const tokens = best ? best.tokens : [];
      return { text: this.decode(tokens), tokens, logProb: best ? best.logProb : -Infinity, alignment };
    });
  }

  /** CER, WER and the share transcribed exactly, on utterances with their reference texts. */
  evaluate(items: readonly FrameMatrix[], texts: readonly string[], options: { beamWidth?: number } = {}): SpeechEvaluation {
    checkUtterances('SpeechRecognizer.evaluate', items, texts);
    const transcripts = this.transcribe(items, options);
    const norm = (t: string) => t.trim().split(/\s+/).filter((w) => w !== '').join(' ');
    const refs = texts.map(norm);
    return {
      n: items.length,
      cer: errorRate(refs.map((r) => [...r]), transcripts.map((h) => [...h.text])),
      wer: errorRate(refs.map((r) => r.split(' ')), transcripts.map((h) => (h.text === '' ? [] : h.text.split(' ')))),
      exact: transcripts.filter((h, i) => h.text === refs[i]).length / items.length,
      references: refs,
      transcripts,
    };
  }

  save(dir: string): Promise<void> {
    return saveSpeechRecognizer(dir, this);
  }

  static load(dir: string): Promise<SpeechRecognizer> {
    return loadSpeechRecognizer(dir);
  }
}

/** Frames must be [T ≥ 1, F] matrices of one F and, when given, one text each. */
function checkUtterances(where: string, items: readonly FrameMatrix[], texts: readonly string[] | null): void {
  checkFrameList(where, items, 'utterance');
  if (texts === null) return;
  if (!Array.isArray(texts) || texts.length !== items.length) throw new ValueError(`${where}: ${items.length} utterances but ${Array.isArray(texts) ? texts.length : 'no'} texts; give one transcript per utterance`);
  const badText = texts.findIndex((t) => typeof t !== 'string');
  if (badText >= 0) throw new ValueError(`${where}: texts[${badText}] is ${typeof texts[badText]}, expected a string`);
}
