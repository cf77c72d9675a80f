/**
 * Translator: from sentence pairs to a trained attention encoder–decoder with its tokenizers and
 * vocabularies (built from the training pairs only), translation by greedy or beam search with
 * the attention weights of every output word, and held-out BLEU and token accuracy.
 * A chatbot is the same class trained on (message, reply) pairs.
 */

import { Generator } from '../../random/generator.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ValueError } from '../../errors.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { fit } from '../../train/fit.js';
import { subsetData } from '../../train/data.js';
import type { History, TrainData } from '../../train/types.js';
import { WordTokenizer } from '../../text/word-tokenizer.js';
import type { Tokenizer } from '../../text/tokenizer.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { corpusBleu, tokenAccuracy } from '../../text/bleu.js';
import { Seq2Seq } from './model.js';
import { beamSearch, greedySearch, type Hypothesis } from './beam-search.js';
import { sampleSearch } from './sample-search.js';
import { resolveSampling, type SamplingOptions } from '../language-model/sampling.js';
import type { TextPair } from './pairs.js';
import type { TranslatorOptions } from './options.js';
import { resolveTranslatorOptions, type ResolvedTranslatorOptions } from './resolve.js';
import { mixPredictions, samplingProbabilityAt } from './scheduled-sampling.js';
import { loadTranslator, saveTranslator } from './bundle.js';

/** One translated sentence. */
export interface Translation {
  readonly text: string;
  /** The output words (<eos> excluded). */
  readonly tokens: string[];
  /** The source words the model read (unknown ones as <unk>), then <eos>. */
  readonly sourceTokens: string[];
  /** log p / lp(length) of the output. */
  readonly score: number;
  /** [output word (and the <eos>)][source word]: where each output word looked. */
  readonly attention: number[][];
}

/** How {@link Translator.translate} draws outputs instead of searching for the likeliest. */
export interface TranslateSampling extends SamplingOptions {
  /** Seed of a Generator made for this call (default 0), when `generator` is not given. */
  readonly seed?: number;
  /** Draws from this Generator (a conversation keeps one across its turns). */
  readonly generator?: Generator;
}

/** Options of {@link Translator.translate}. */
export interface TranslateOptions {
  /** Beam width (default the options' `beam`; 1 = greedy). Not with `sample`. */
  readonly beam?: number;
  readonly lengthPenalty?: number;
  /**
   * Draw each output token from the model's distribution (temperature, top-k, top-p) instead of
   * a beam search; seeded, so the same seed gives the same outputs.
   */
  readonly sample?: TranslateSampling;
  /**
   * For a translator made with `context: true`: the turn before each text (as many as texts;
   * '' or absent: none).
   */
  readonly contexts?: readonly (string | undefined)[];
}

/** The token between a pair's context and its source (a source-vocabulary special). */
export const CONTEXT_SEPARATOR = '<sep>';

/** Held-out metrics of {@link Translator.evaluate}. */
export interface TranslatorEvaluation {
  /** Corpus BLEU-4 (0 … 100) of greedy and of beam decoding, on the target's word tokens. */
  readonly bleu: { readonly greedy: number; readonly beam: number };
  readonly beam: number;
  /** Teacher-forced share of target tokens (and <eos>) predicted right. */
  readonly tokenAccuracy: number;
  /**
   * The same share with every <unk> target counted wrong: decoding never outputs <unk>, so this
   * one compares models whose vocabularies differ (another minCount).
   */
  readonly knownTokenAccuracy: number;
  /** Teacher-forced cross-entropy in nats per target token. */
  readonly loss: number;
  readonly pairs: number;
  /** The first pairs with both decodings. */
  readonly examples: { source: string; reference: string; greedy: string; beam: string }[];
}

type Batch = { src: Int32Array; srcShape: [number, number]; srcLengths: Int32Array; tgtIn: Int32Array; tgtOut: Int32Array; tgtShape: [number, number] };

/** Encoded pairs: source ids (with <eos>) and target ids (without). */
interface Encoded {
  src: Int32Array[];
  tgt: Int32Array[];
}

/** Sentences per decoding call (each with up to `beam` hypotheses). */
const DECODE_CHUNK = 64;

/**
 * A word-level translator (or chatbot) with attention.
 *
 * @example
 * const { train, test } = splitPairs(parsePairs(tsv), { testFraction: 0.1, seed: 0 });
 * const t = new Translator({ attention: 'additive', minutes: 5 });
 * await t.fit(train);
 * t.translate(['I am cold.'], { beam: 5 })[0].text; // 'j'ai froid .'
 * const ev = t.evaluate(test);                       // ev.bleu.greedy, ev.bleu.beam, ev.tokenAccuracy
 * await t.save('runs/eng-fra');
 */
export class Translator {
  readonly options: ResolvedTranslatorOptions;
  model: Seq2Seq | null = null;
  sourceTokenizer: Tokenizer;
  targetTokenizer: Tokenizer;
  sourceVocabulary: Vocabulary | null = null;
  targetVocabulary: Vocabulary | null = null;
  history: History | null = null;
  /** Seconds `fit` took. */
  trainSeconds = 0;

  constructor(options: TranslatorOptions = {}) {
    this.options = resolveTranslatorOptions(options);
    const tok = { lowercase: this.options.lowercase, punctuation: 'keep' as const, dropControl: true };
    this.sourceTokenizer = new WordTokenizer(tok);
    this.targetTokenizer = new WordTokenizer(tok);
  }

  /**
   * Trains on `pairs` (the training part only: the vocabularies come from it). The last
   * `validationFraction` of them decide early stopping; `minutes` bounds the wall clock.
   */
  async fit(pairs: readonly TextPair[]): Promise<History> {
    const o = this.options;
    checkPairs(pairs, 'Translator.fit', o.context);
    const nVal = Math.max(1, Math.floor(pairs.length * o.validationFraction));
    if (pairs.length - nVal < 1) throw new ValueError(`Translator.fit: ${pairs.length} pairs leave none to train on after holding out ${nVal} for validation`);
    const trainPairs = pairs.slice(0, pairs.length - nVal);
    const reserve = ['pad', 'unk', 'bos', 'eos'] as const;
    const sourceWords = trainPairs.map((p) => (p.context ? [...this.sourceTokenizer.tokenize(p.context), ...this.sourceTokenizer.tokenize(p.source)] : this.sourceTokenizer.tokenize(p.source)));
    this.sourceVocabulary = Vocabulary.build(sourceWords, { minCount: o.minCount, reserve, extraSpecials: o.context ? [CONTEXT_SEPARATOR] : [] });
    this.targetVocabulary = Vocabulary.build(trainPairs.map((p) => this.targetTokenizer.tokenize(p.target)), { minCount: o.minCount, reserve });
    const generator = new Generator(o.seed);
    this.model = new Seq2Seq({
      cell: o.cell, attention: o.attention, srcVocabSize: this.sourceVocabulary.size, tgtVocabSize: this.targetVocabulary.size,
      embeddingDim: o.embeddingDim, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional, dropout: o.dropout,
      paddingIdx: this.sourceVocabulary.padId, generator,
    });
    const data = this.trainData(this.encodePairs(pairs));
    const nTrain = pairs.length - nVal;
    const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
    let epoch = 1;
    const bos = this.targetVocabulary.bosId;
    const controller = new AbortController();
    const timer = o.minutes === null ? null : setTimeout(() => controller.abort(), o.minutes * 60_000);
    (timer as { unref?: () => void } | null)?.unref?.();
    const t0 = performance.now();
    try {
      this.history = await fit(this.model, subsetData(data, range(0, nTrain)), {
        loss: (m, b) => {
          const p = m.training ? samplingProbabilityAt(epoch, o.samplingProbability, o.samplingRampEpochs) : 0;
          let tgtIn = b.tgtIn;
          if (p > 0) {
            const pred = noGrad(() => m.forward(b.src, b.srcShape, b.srcLengths, b.tgtIn, b.tgtShape).logits.argmax(2));
            tgtIn = mixPredictions(b.tgtIn, b.tgtOut, pred, b.tgtShape, p, bos, generator);
          }
          return crossEntropy(m.forward(b.src, b.srcShape, b.srcLengths, tgtIn, b.tgtShape).logits, b.tgtOut);
        },
        metrics: { valAccuracy: (m, d) => teacherForced(m, d).accuracy },
        epochs: o.epochs,
        batchSize: o.batchSize,
        lr: o.lr,
        clipNorm: o.clipNorm,
        validationData: subsetData(data, range(nTrain, pairs.length)), // the pairs the vocabularies never saw
        earlyStopping: { monitor: 'valLoss', patience: o.patience },
        generator,
        signal: controller.signal,
        callbacks: [...(o.callbacks ?? []), { onEpochBegin: (e) => { epoch = e; } }],
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
    this.trainSeconds = (performance.now() - t0) / 1000;
    this.model.eval();
    return this.history;
  }

  private ready(where: string): { model: Seq2Seq; src: Vocabulary; tgt: Vocabulary } {
    if (!this.model || !this.sourceVocabulary || !this.targetVocabulary) throw new ValueError(`${where}: the translator is not trained; call fit() or Translator.load() first`);
    return { model: this.model, src: this.sourceVocabulary, tgt: this.targetVocabulary };
  }

  /** Source ids with <eos>, target ids without (unknown words → <unk>). */
  encodePairs(pairs: readonly TextPair[]): Encoded {
    const { tgt } = this.ready('Translator');
    return {
      src: pairs.map((p) => this.encodeSource(p.source, p.context)),
      tgt: pairs.map((p) => tgt.encode(this.targetTokenizer.tokenize(p.target))),
    };
  }

  /** The encoder's input ids: (with `context`: the context's words, <sep>,) the source's words, <eos>. */
  private encodeSource(source: string, context: string | undefined): Int32Array {
    const { src } = this.ready('Translator');
    const words = this.sourceTokenizer.tokenize(source);
    if (!this.options.context) return src.encode(words, { addEos: true });
    return src.encode([...(context ? this.sourceTokenizer.tokenize(context) : []), CONTEXT_SEPARATOR, ...words], { addEos: true });
  }

  /** Padded batches: source [B, S] with lengths, decoder input [B, T] = <bos> y, target y <eos> (−100 on padding). */
  private trainData(e: Encoded): TrainData<Batch> {
    const { tgt } = this.ready('Translator');
    const bos = tgt.bosId, eos = tgt.eosId, pad = tgt.padId;
    return {
      length: e.src.length,
      batch: (ids) => {
        const B = ids.length;
        const S = Math.max(...Array.from(ids, (i) => e.src[i].length));
        const T = Math.max(...Array.from(ids, (i) => e.tgt[i].length)) + 1;
        const src = new Int32Array(B * S).fill(pad), srcLengths = new Int32Array(B);
        const tgtIn = new Int32Array(B * T).fill(pad), tgtOut = new Int32Array(B * T).fill(-100);
        ids.forEach((id, b) => {
          const s = e.src[id], y = e.tgt[id];
          src.set(s, b * S);
          srcLengths[b] = s.length;
          tgtIn[b * T] = bos;
          tgtIn.set(y, b * T + 1);
          tgtOut.set(y, b * T);
          tgtOut[b * T + y.length] = eos;
        });
        return { src, srcShape: [B, S], srcLengths, tgtIn, tgtOut, tgtShape: [B, T] };
      },
    };
  }

  /**
   * Translates each text: beam search of width `beam` (greedy for 1) with the GNMT length
   * penalty, or with `sample` a draw token by token; at least one output word (an empty output
   * is never a translation or a reply) and up to maxLengthRatio × the text's words + 5 (its
   * context not counted). <pad>,
   * <bos> and <unk> are never output: the search gives them probability 0.
   */
  translate(texts: readonly string[], options: TranslateOptions = {}): Translation[] {
    const where = 'Translator.translate';
    const { model, src, tgt } = this.ready(where);
    if (options.sample !== undefined && options.beam !== undefined) throw new ValueError(`${where}: give beam (a search) or sample (a draw), not both`);
    const beam = options.beam ?? this.options.beam;
    const lengthPenalty = options.lengthPenalty ?? this.options.lengthPenalty;
    if (!Number.isInteger(beam) || beam < 1 || beam > 1000) throw new ValueError(`${where}: beam must be an integer in 1 … 1000, got ${beam}`);
    if (!(Number.isFinite(lengthPenalty) && lengthPenalty >= 0)) throw new ValueError(`${where}: lengthPenalty must be a number ≥ 0, got ${lengthPenalty}`);
    let draw: { sampling: ReturnType<typeof resolveSampling>; generator: Generator } | null = null;
    if (options.sample !== undefined) {
      const s = options.sample;
      if (s === null || typeof s !== 'object') throw new ValueError(`${where}: sample must be an object { temperature, topK, topP, seed }, got ${s === null ? 'null' : typeof s}`);
      if (s.generator !== undefined && !(s.generator instanceof Generator)) throw new ValueError(`${where}: sample.generator must be a Generator`);
      if (s.seed !== undefined && !Number.isFinite(s.seed)) throw new ValueError(`${where}: sample.seed must be a finite number, got ${s.seed}`);
      draw = { sampling: resolveSampling(s, `${where} sample`), generator: s.generator ?? new Generator(s.seed ?? 0) };
    }
    texts.forEach((t, i) => { if (typeof t !== 'string') throw new ValueError(`${where}: texts[${i}] must be a string, got ${typeof t}`); });
    const contexts = options.contexts;
    if (contexts !== undefined) {
      if (!this.options.context) throw new ValueError(`${where}: contexts given, but this translator was made with context false (its sources hold no previous turn)`);
      if (!Array.isArray(contexts) || contexts.length !== texts.length) throw new ValueError(`${where}: contexts must be a list of ${texts.length} strings (one per text), got ${Array.isArray(contexts) ? contexts.length : typeof contexts}`);
      contexts.forEach((c, i) => { if (c !== undefined && typeof c !== 'string') throw new ValueError(`${where}: contexts[${i}] must be a string, got ${typeof c}`); });
    }
    model.eval();
    const ids = texts.map((t, i) => this.encodeSource(t, contexts?.[i]));
    // the longest output follows the text's own words, not its context's (a chat would feed
    // each long reply back and let the next one grow longer still)
    const words = texts.map((t) => this.sourceTokenizer.tokenize(t).length);
    // never output: <pad>, <unk>, <bos> (every special but <eos>)
    const exclude = Array.from({ length: tgt.numSpecials }, (_, id) => id).filter((id) => id !== tgt.eosId);
    // similar lengths decode together (less padding), results go back in the input order
    const order = Array.from(ids.keys()).sort((a, b) => ids[a].length - ids[b].length);
    const out: Translation[] = new Array(texts.length);
    for (let c = 0; c < order.length; c += DECODE_CHUNK) {
      const chunk = order.slice(c, c + DECODE_CHUNK);
      const B = chunk.length;
      const S = Math.max(...chunk.map((i) => ids[i].length));
      const batch = new Int32Array(B * S).fill(src.padId);
      chunk.forEach((i, b) => batch.set(ids[i], b * S));
      const lengths = chunk.map((i) => ids[i].length);
      const search = { bos: tgt.bosId, eos: tgt.eosId, lengthPenalty, minLength: 1, exclude, maxLength: chunk.map((i) => Math.ceil(this.options.maxLengthRatio * words[i]) + 5) };
      const decoder = model.stepDecoder(batch, [B, S], lengths);
      const hyps: Hypothesis[] = draw ? sampleSearch(decoder, B, draw.sampling, draw.generator, search)
        : beam === 1 ? greedySearch(decoder, B, search) : beamSearch(decoder, B, beam, search).best;
      chunk.forEach((i, b) => {
        const h = hyps[b];
        const tokens = tgt.decode(h.tokens, { skipSpecial: true });
        out[i] = {
          text: this.targetTokenizer.detokenize(tokens),
          tokens,
          sourceTokens: src.decode(ids[i], { skipSpecial: false }),
          score: h.score,
          attention: h.attention.map((row) => Array.from(row.subarray(0, lengths[b]))),
        };
      });
    }
    return out;
  }

  /** Held-out BLEU (greedy and beam), teacher-forced token accuracy and loss on `pairs`. */
  evaluate(pairs: readonly TextPair[], options: TranslateOptions & { examples?: number } = {}): TranslatorEvaluation {
    const { model } = this.ready('Translator.evaluate');
    checkPairs(pairs, 'Translator.evaluate', this.options.context);
    const beam = options.beam ?? this.options.beam;
    model.eval();
    const refs = pairs.map((p) => [this.targetTokenizer.tokenize(p.target)]);
    const sources = pairs.map((p) => p.source);
    const search = { lengthPenalty: options.lengthPenalty, contexts: this.options.context ? pairs.map((p) => p.context) : undefined };
    const greedy = this.translate(sources, { ...search, beam: 1 });
    const beamed = beam === 1 ? greedy : this.translate(sources, { ...search, beam });
    const tf = teacherForced(model, this.trainData(this.encodePairs(pairs)), this.targetVocabulary!.unkId);
    const nEx = options.examples ?? 10;
    return {
      bleu: { greedy: corpusBleu(greedy.map((t) => t.tokens), refs).bleu, beam: corpusBleu(beamed.map((t) => t.tokens), refs).bleu },
      beam,
      tokenAccuracy: tf.accuracy,
      knownTokenAccuracy: tf.knownAccuracy,
      loss: tf.loss,
      pairs: pairs.length,
      examples: pairs.slice(0, nEx).map((p, i) => ({ source: p.source, reference: p.target, greedy: greedy[i].text, beam: beamed[i].text })),
    };
  }

  /**
   * The reply of a chatbot (a translator trained on message/reply pairs): the beam translation,
   * or a draw with `sample`; `context` is the turn before the message (a translator made with
   * `context: true`).
   */
  reply(message: string, options: Omit<TranslateOptions, 'contexts'> & { context?: string } = {}): string {
    const { context, ...rest } = options;
    return this.translate([message], { ...rest, contexts: this.options.context ? [context] : context === undefined ? undefined : [context] })[0].text;
  }

  /** Writes the bundle folder (weights, options, tokenizers, vocabularies). */
  save(dir: string): Promise<void> {
    return saveTranslator(dir, this);
  }

  static load(dir: string): Promise<Translator> {
    return loadTranslator(dir);
  }
}

/**
 * Teacher-forced token accuracy (also with <unk> targets counted wrong, when `unkId` is given)
 * and mean loss (nats per token) over all of `data`, in chunks.
 */
function teacherForced(m: Seq2Seq, data: TrainData<Batch>, unkId = -1): { accuracy: number; knownAccuracy: number; loss: number } {
  return noGrad(() => {
    const wasTraining = m.training;
    m.eval();
    let correct = 0, total = 0, unkCorrect = 0, lossSum = 0;
    for (let i = 0; i < data.length; i += 256) {
      const b = data.batch(Int32Array.from({ length: Math.min(256, data.length - i) }, (_, k) => i + k));
      const { logits } = m.forward(b.src, b.srcShape, b.srcLengths, b.tgtIn, b.tgtShape);
      const pred = logits.argmax(2);
      const acc = tokenAccuracy(pred, b.tgtOut);
      correct += acc.correct;
      total += acc.total;
      for (let k = 0; k < b.tgtOut.length; k++) if (b.tgtOut[k] === unkId && pred[k] === unkId) unkCorrect++;
      lossSum += crossEntropy(logits, b.tgtOut, { reduction: 'sum' }).item();
    }
    m.train(wasTraining);
    return { accuracy: correct / total, knownAccuracy: (correct - unkCorrect) / total, loss: lossSum / total };
  });
}

function checkPairs(pairs: readonly TextPair[], where: string, context: boolean): void {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new ValueError(`${where}: expected a non-empty list of { source, target } pairs`);
  pairs.forEach((p, i) => {
    if (!p || typeof p.source !== 'string' || typeof p.target !== 'string') throw new ValueError(`${where}: pairs[${i}] must be { source: string, target: string }`);
    if (p.context !== undefined && typeof p.context !== 'string') throw new ValueError(`${where}: pairs[${i}].context must be a string, got ${typeof p.context}`);
    if (p.context !== undefined && !context) throw new ValueError(`${where}: pairs[${i}] has a context, but the translator was made with context false; make it with { context: true } to read it`);
  });
}
