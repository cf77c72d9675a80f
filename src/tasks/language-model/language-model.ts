/**
 * LanguageModel: a recurrent network that reads a long text and writes more of it. The text is
 * split 90/10 (the last part held out), tokenized at the char, word or BPE level with a
 * vocabulary of the training part only, batched as B contiguous streams and trained with `fit`
 * on chunks of T tokens, the state carried across chunks and detached (truncated BPTT). The
 * held-out stream is scored in nats per token (state carried too) every `validateEvery` steps;
 * `minutes` bounds the training by wall clock. `generate` samples through the streaming path.
 */

import { Generator } from '../../random/generator.js';
import { Adam } from '../../optim/adam.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { fit } from '../../train/fit.js';
import type { Callback, History, TrainData } from '../../train/types.js';
import { ValueError } from '../../errors.js';
import { LanguageNet, type LanguageState } from './network.js';
import { batchifyStream, chunkCount, streamChunk } from './streams.js';
import { scoreStream, type StreamScore } from './evaluation.js';
import { GENERATE_DEFAULTS, generateIds, type GenerateOptions } from './generate.js';
import { TextCodec, splitText } from './text.js';
import { resolveLanguageModelOptions, type ResolvedLanguageModelOptions } from './resolve.js';
import type { LanguageModelOptions, ValidationPoint } from './options.js';
import { loadLanguageModel, saveLanguageModel } from './bundle.js';

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** Options of {@link LanguageModel.generate}. */
export interface TextGenerateOptions extends GenerateOptions {
  /** Samples drawn side by side (one batched step per token). Default 1. */
  readonly count?: number;
}

/** What a training run logged besides `fit`'s history. */
export interface LanguageModelRun {
  readonly history: History;
  /** Every validation, in order (the last one is the final score). */
  readonly curve: ValidationPoint[];
  /** Tokens of the training and validation streams. */
  readonly trainTokens: number;
  readonly validationTokens: number;
  /** Why the run ended: the budget, the epochs, or a callback. */
  readonly stopReason: 'minutes' | 'epochs' | 'callback' | 'aborted' | 'earlyStopping';
  /** Training seconds (validation excluded) and all seconds. */
  readonly trainSeconds: number;
  readonly seconds: number;
}

/** The learning rate at `progress` ∈ [0, 1] of the run. */
export function scheduledLr(lr: number, schedule: 'constant' | 'cosine', progress: number): number {
  if (schedule === 'constant') return lr;
  const p = Math.min(1, Math.max(0, progress));
  return lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p)));
}

/**
 * A recurrent language model with its tokenizer and vocabulary.
 *
 * @example
 * const lm = new LanguageModel({ level: 'char', hiddenSize: 256, minutes: 5 });
 * const run = await lm.fit(readFileSync('input.txt', 'utf8'));
 * run.curve.at(-1)?.loss;                                   // nats per character, held out
 * lm.generate('ROMEO:', { length: 200, temperature: 0.8, seed: 1 });
 * await lm.save('runs/shakespeare');
 */
export class LanguageModel {
  readonly options: ResolvedLanguageModelOptions;
  net: LanguageNet | null = null;
  codec: TextCodec | null = null;
  run: LanguageModelRun | null = null;

  constructor(options: LanguageModelOptions = {}) {
    this.options = resolveLanguageModelOptions(options);
  }

  /**
   * Trains on `text`: its first 1 − validationFraction is the training stream, the rest the
   * validation stream (see `splitText`). Returns the run; `this.run` keeps it.
   */
  async fit(text: string, options: { signal?: AbortSignal } = {}): Promise<LanguageModelRun> {
    if (typeof text !== 'string') throw new ValueError(`LanguageModel.fit: expected the text as a string, got ${typeof text}`);
    const o = this.options;
    const t0 = now();
    const parts = splitText(text, o.validationFraction, o.level);
    const codec = TextCodec.build(o.level, parts.train, o);
    const trainIds = codec.encode(parts.train);
    const valIds = codec.encode(parts.validation);
    if (valIds.length < 2) throw new ValueError(`LanguageModel.fit: the validation part holds ${valIds.length} token(s); at least 2 are needed (a longer text or a larger validationFraction)`);
    const streams = batchifyStream(trainIds, o.batchSize);
    const chunks = chunkCount(streams, o.steps);
    const generator = new Generator(o.seed);
    const net = new LanguageNet({ cell: o.cell, vocabSize: codec.size, embeddingSize: o.embeddingSize, hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout, generator });
    this.net = net;
    this.codec = codec;
    const V = codec.size;

    // One example per chunk, visited in order; the state of chunk i starts chunk i + 1.
    const data: TrainData<number> = { length: chunks, batch: (ids) => ids[0] };
    let state: LanguageState | null = null;
    const optimizer = new Adam(net.parameters(), { lr: scheduledLr(o.lr, o.schedule, 0) });
    const budget = o.minutes === null ? Infinity : o.minutes * 60;
    const totalSteps = o.epochs * chunks;
    const curve: ValidationPoint[] = [];
    let validationSeconds = 0;
    let sinceSum = 0, sinceSteps = 0, lastStep = 0, lastLr = optimizer.paramGroups[0].lr;
    let stoppedBy: LanguageModelRun['stopReason'] | null = null;
    let tTrain = now(); // the budget starts with the first step, after tokenizing and building the network
    const trainSeconds = () => (now() - tTrain) / 1000 - validationSeconds;
    const validate = (step: number): 'stop' | void => {
      const v0 = now();
      const seconds = trainSeconds();
      const s = scoreStream(net, valIds, o.batchSize, o.steps);
      validationSeconds += (now() - v0) / 1000;
      const point: ValidationPoint = { step, seconds, trainLoss: sinceSteps ? sinceSum / sinceSteps : NaN, loss: s.loss, perplexity: s.perplexity, lr: lastLr };
      sinceSum = 0;
      sinceSteps = 0;
      curve.push(point);
      return o.onValidation?.(point);
    };
    const driver: Callback = {
      onStep: (log) => {
        sinceSum += log.loss;
        sinceSteps += 1;
        lastStep = log.step;
        lastLr = log.lr;
        const elapsed = trainSeconds();
        const over = elapsed >= budget;
        optimizer.paramGroups[0].lr = scheduledLr(o.lr, o.schedule, budget < Infinity ? elapsed / budget : log.step / totalSteps);
        if (log.step % o.validateEvery === 0 || over) {
          if (validate(log.step) === 'stop') {
            stoppedBy = 'callback';
            return 'stop';
          }
        }
        if (over) {
          stoppedBy = 'minutes';
          return 'stop';
        }
      },
    };
    tTrain = now();
    const history = await fit(net, data, {
      loss: (m, chunk) => {
        if (chunk === 0) state = null; // a new pass starts every stream afresh
        const c = streamChunk(streams, chunk, o.steps);
        const r = m.forward(c.x, c.steps, c.batch, state);
        state = { h: r.state.h.detach(), c: r.state.c ? r.state.c.detach() : null };
        return crossEntropy(r.logits.reshape([c.steps * c.batch, V]), c.y);
      },
      optimizer: () => optimizer,
      epochs: o.epochs,
      batchSize: 1,
      shuffle: false,
      clipNorm: o.clipNorm,
      earlyStopping: false,
      generator,
      signal: options.signal,
      callbacks: [driver, ...(o.callbacks ?? [])],
    });
    if (curve.length === 0 || curve[curve.length - 1].step !== lastStep) validate(lastStep);
    this.run = {
      history, curve, trainTokens: trainIds.length, validationTokens: valIds.length,
      stopReason: stoppedBy ?? history.stopReason, trainSeconds: trainSeconds(), seconds: (now() - t0) / 1000,
    };
    return this.run;
  }

  /** The trained parts (throws before `fit`/`load`). */
  private trained(where: string): { net: LanguageNet; codec: TextCodec } {
    if (!this.net || !this.codec) throw new ValueError(`LanguageModel.${where}: the model is not trained; call fit(text) or LanguageModel.load(dir) first`);
    return { net: this.net, codec: this.codec };
  }

  /** Loss in nats per token and perplexity of `text`, batched and carried as the validation. */
  evaluate(text: string): StreamScore {
    const { net, codec } = this.trained('evaluate');
    const ids = codec.encode(text);
    if (ids.length < 2) throw new ValueError(`LanguageModel.evaluate: the text gives ${ids.length} token(s); at least 2 are needed`);
    return scoreStream(net, ids, this.options.batchSize, this.options.steps);
  }

  /**
   * Continues `prompt` by `length` tokens (see {@link generateIds}); returns the new text only.
   * `<unk>` is never drawn.
   * An empty prompt starts from a line break (char, BPE) or `<eos>` (word), as a text does.
   */
  generate(prompt: string, options: GenerateOptions = {}): string {
    return this.generateBatch(prompt, { ...options, count: 1 })[0];
  }

  /** `count` continuations of `prompt` at once (one batched step per token). */
  generateBatch(prompt: string, options: TextGenerateOptions = {}): string[] {
    const { net, codec } = this.trained('generate');
    if (typeof prompt !== 'string') throw new ValueError(`LanguageModel.generate: the prompt must be a string, got ${typeof prompt}`);
    let ids = codec.encode(prompt);
    if (ids.length === 0) ids = this.startIds(codec);
    // <unk> is a class no training target ever had: it is never written.
    const exclude = codec.vocabulary.hasSpecial('unk') ? [codec.vocabulary.unkId, ...(options.exclude ?? [])] : options.exclude;
    return generateIds(net, ids, options.count ?? GENERATE_DEFAULTS.count, { ...options, exclude }).map((s) => codec.decode(s));
  }

  /** The ids of an empty prompt: a line break where the vocabulary has one, else its first token. */
  private startIds(codec: TextCodec): Int32Array {
    const v = codec.vocabulary;
    if (codec.level === 'word') return Int32Array.of(v.eosId);
    const nl = codec.encode('\n');
    if (nl.length && !(v.hasSpecial('unk') && nl.includes(v.unkId))) return nl;
    return Int32Array.of(Math.min(v.numSpecials, v.size - 1)); // the most frequent token
  }

  /** Writes the model bundle into `dir` (see bundle.ts). */
  async save(dir: string): Promise<void> {
    await saveLanguageModel(dir, this);
  }

  /** Reads a bundle written by `save`; it scores and samples exactly as the saved model. */
  static async load(dir: string): Promise<LanguageModel> {
    return loadLanguageModel(dir);
  }
}
