/**
 * Seq2Seq: an encoder–decoder with global attention (Luong et al. 2015), any of the three scores.
 *
 *   source ids [B, S] → embedding [B, S, E] → encoder (uni- or bidirectional, L layers)
 *       memory [B, S, Hk] (Hk = D·H), final state [L·D, B, H]
 *       bridge (D = 2): per layer tanh(W_b [h_fwd; h_bwd]) → the decoder's [L, B, H]
 *   target ids shifted right [B, T] → embedding → decoder (L layers, one fused op over all T)
 *       h [B, T, H] → attention(h, memory) → context [B, T, Hk], weights [B, T, S]
 *       h̃ = tanh(W_c [context; h]) [B, T, H] → dropout → logits [B, T, V]
 *
 * Because the context is not fed back into the decoder's input, the whole teacher-forced target
 * is one recurrent call and one batched attention, and decoding is one fused step per layer per
 * token (`RecurrentBase.step`) followed by one attention row.
 */

import { Module, type ModuleConfig } from '../../nn/module.js';
import { Linear, linearShapes } from '../../nn/linear.js';
import { Embedding } from '../../nn/embedding.js';
import { embeddingShapes } from '../../nn/embedding-shapes.js';
import { Attention, attentionShapes, type AttentionScore } from '../../nn/attention.js';
import { Tensor } from '../../tensor/tensor.js';
import { alloc, type DType } from '../../tensor/dtype.js';
import { cat } from '../../ops/shape.js';
import { dropout } from '../../ops/dropout.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ShapeError, ValueError } from '../../errors.js';
import { defaultGenerator, type Generator } from '../../random/generator.js';
import { checkBool, checkDropout, checkInt, checkOptions, prefixed, type ParameterShapes } from '../../nn/options-check.js';
import { makeRecurrent, recurrentPart, runRecurrent, type AnyRecurrent, type CellType } from '../../models/recurrent-factory.js';
import type { ModuleSpec } from '../../io/model-file.js';
import type { StreamState } from '../../nn/recurrent-base.js';
import type { StepDecoder } from './beam-search.js';

/** Constructor options of {@link Seq2Seq} (all saved in the model file's config). */
export interface Seq2SeqOptions {
  readonly cell?: CellType;
  readonly srcVocabSize: number;
  readonly tgtVocabSize: number;
  readonly embeddingDim: number;
  /** H: units of each encoder direction and of the decoder. */
  readonly hiddenSize: number;
  readonly numLayers?: number;
  /** A bidirectional encoder (its 2·H final states are bridged to the decoder's H). */
  readonly bidirectional?: boolean;
  readonly attention?: AttentionScore;
  /** Dropout on the embeddings, between stacked layers and on h̃ (default 0). */
  readonly dropout?: number;
  /** Padding id of both vocabularies (its embedding stays zero). Default 0. */
  readonly paddingIdx?: number;
  readonly dtype?: DType;
  readonly generator?: Generator;
}

/**
 * Checks Seq2Seq's options (ValueError naming the bad one) and returns its parameter shapes
 * without allocating.
 */
export function seq2seqShapes(options: Seq2SeqOptions): ParameterShapes {
  const where = 'Seq2Seq';
  const o = checkOptions(where, options);
  const [Vs, Vt, E] = (['srcVocabSize', 'tgtVocabSize', 'embeddingDim'] as const).map((k) => checkInt(where, k, o[k]));
  const bidirectional = checkBool(where, 'bidirectional', o.bidirectional, false);
  checkDropout(where, 'dropout', o.dropout ?? 0);
  const emb = { paddingIdx: options.paddingIdx ?? 0, dtype: options.dtype };
  const rec = { cell: o.cell, hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout, dtype: o.dtype };
  const enc = recurrentPart(where, { ...rec, inputSize: E, bidirectional }, 'gru');
  const dec = recurrentPart(where, { ...rec, inputSize: E }, 'gru');
  const H = dec.hiddenSize, Hk = enc.directions * H;
  const score = (o.attention ?? 'general') as AttentionScore;
  if (score === 'dot' && bidirectional) {
    throw new ValueError(`Seq2Seq: attention 'dot' needs keys of the decoder's size, but a bidirectional encoder gives 2·${H}; use attention 'general' or 'additive', or a unidirectional encoder`);
  }
  const att = attentionShapes({ score, querySize: H, keySize: Hk, dtype: options.dtype });
  const lstm = (o.cell ?? 'gru') === 'lstm';
  const bridge = bidirectional ? { ...prefixed('bridge.', linearShapes(2 * H, H)), ...(lstm ? prefixed('bridgeCell.', linearShapes(2 * H, H)) : {}) } : {};
  return {
    ...prefixed('srcEmbedding.', embeddingShapes(Vs, E, emb, where)),
    ...prefixed('tgtEmbedding.', embeddingShapes(Vt, E, emb, where)),
    ...prefixed('encoder.', enc.shapes),
    ...bridge,
    ...prefixed('decoder.', dec.shapes),
    ...prefixed('attention.', att),
    ...prefixed('combine.', linearShapes(Hk + H, H, { bias: false })),
    ...prefixed('head.', linearShapes(H, Vt)),
  };
}

/** What the encoder hands the decoder. */
export interface Encoded {
  /** [B, S, Hk]: the keys and values of attention. */
  readonly memory: Tensor;
  /** The decoder's initial state: h [L, B, H] and, for an LSTM, c. */
  readonly h: Tensor;
  readonly c: Tensor | null;
  readonly lengths: Int32Array;
}

/**
 * The attention encoder–decoder; see the file comment for the equations.
 *
 * @example
 * const m = new Seq2Seq({ srcVocabSize: 900, tgtVocabSize: 1200, embeddingDim: 64, hiddenSize: 128, attention: 'additive', bidirectional: true });
 * const { logits, weights } = m.forward(src, [B, S], srcLengths, tgtIn, [B, T]); // [B, T, 1200], [B, T, S]
 */
export class Seq2Seq extends Module {
  readonly srcEmbedding: Embedding;
  readonly tgtEmbedding: Embedding;
  readonly encoder: AnyRecurrent;
  readonly bridge: Linear | null;
  readonly bridgeCell: Linear | null;
  readonly decoder: AnyRecurrent;
  readonly attention: Attention;
  readonly combine: Linear;
  readonly head: Linear;
  readonly dropoutP: number;
  private readonly generator: Generator;

  constructor(readonly options: Seq2SeqOptions) {
    super();
    seq2seqShapes(options);
    const { dtype } = options;
    const g = options.generator ?? defaultGenerator();
    this.generator = g;
    const cell = options.cell ?? 'gru';
    const H = options.hiddenSize, E = options.embeddingDim;
    const bidirectional = options.bidirectional ?? false;
    const paddingIdx = options.paddingIdx ?? 0;
    this.dropoutP = options.dropout ?? 0;
    const rec = { inputSize: E, hiddenSize: H, numLayers: options.numLayers, dropout: options.dropout, batchFirst: true, dtype, generator: g };
    this.srcEmbedding = this.registerModule('srcEmbedding', new Embedding(options.srcVocabSize, E, { paddingIdx, dtype, generator: g }));
    this.tgtEmbedding = this.registerModule('tgtEmbedding', new Embedding(options.tgtVocabSize, E, { paddingIdx, dtype, generator: g }));
    this.encoder = this.registerModule('encoder', makeRecurrent(cell, { ...rec, bidirectional }));
    this.bridge = bidirectional ? this.registerModule('bridge', new Linear(2 * H, H, { dtype, generator: g })) : null;
    this.bridgeCell = bidirectional && cell === 'lstm' ? this.registerModule('bridgeCell', new Linear(2 * H, H, { dtype, generator: g })) : null;
    this.decoder = this.registerModule('decoder', makeRecurrent(cell, rec));
    const Hk = (bidirectional ? 2 : 1) * H;
    this.attention = this.registerModule('attention', new Attention({ score: options.attention ?? 'general', querySize: H, keySize: Hk, dtype, generator: g }));
    this.combine = this.registerModule('combine', new Linear(Hk + H, H, { bias: false, dtype, generator: g }));
    this.head = this.registerModule('head', new Linear(H, options.tgtVocabSize, { dtype, generator: g }));
  }

  get numLayers(): number {
    return this.decoder.numLayers;
  }

  /** Source ids [B, S] with each sequence's length (padding after it) → memory and the decoder's initial state. */
  encode(src: Int32Array, srcShape: readonly [number, number], srcLengths: Int32Array | readonly number[]): Encoded {
    if (srcShape.length !== 2 || src.length !== srcShape[0] * srcShape[1]) throw new ShapeError('Seq2Seq.encode source', '[B, S] ids', `${src.length} ids as [${srcShape.join(', ')}]`);
    const [B] = srcShape;
    const lengths = Int32Array.from(srcLengths);
    if (lengths.length !== B) throw new ShapeError('Seq2Seq.encode lengths', `${B} lengths`, `${lengths.length}`);
    const x = dropout(this.srcEmbedding.forward(src, srcShape), this.dropoutP, this.training, this.generator);
    const { out, h, c } = runRecurrent(this.encoder, x, null, lengths);
    const L = this.encoder.numLayers, H = this.encoder.hiddenSize;
    const bridge = (s: Tensor, lin: Linear) => lin.forward(s.reshape([L, 2, B, H]).permute([0, 2, 1, 3]).reshape([L, B, 2 * H])).tanh();
    if (!this.bridge) return { memory: out, h, c, lengths };
    return { memory: out, h: bridge(h, this.bridge), c: c ? bridge(c, this.bridgeCell!) : null, lengths };
  }

  /**
   * Decoder outputs h [B, T, H] against memory [B, S, Hk] (source lengths [B]) → logits
   * [B, T, V] and attention weights [B, T, S]. `prepared`: `attention.prepareKeys(memory)`.
   */
  readout(h: Tensor, memory: Tensor, lengths: Int32Array, prepared?: Tensor): { logits: Tensor; weights: Tensor } {
    const { context, weights } = this.attention.forward(h, memory, { lengths, prepared });
    const ht = this.combine.forward(cat([context, h], 2)).tanh();
    return { logits: this.head.forward(dropout(ht, this.dropoutP, this.training, this.generator)), weights };
  }

  /**
   * Teacher-forced pass: source ids [B, S] with their lengths, decoder input ids [B, T] (the
   * target shifted right, starting with <bos>) → logits [B, T, V] and attention weights [B, T, S].
   */
  forward(src: Int32Array, srcShape: readonly [number, number], srcLengths: Int32Array | readonly number[], tgtIn: Int32Array, tgtShape: readonly [number, number]): { logits: Tensor; weights: Tensor } {
    if (srcShape[0] !== tgtShape[0]) throw new ShapeError('Seq2Seq.forward target', `batch ${srcShape[0]} (as the source)`, `${tgtShape[0]}`);
    const enc = this.encode(src, srcShape, srcLengths);
    const y = dropout(this.tgtEmbedding.forward(tgtIn, tgtShape), this.dropoutP, this.training, this.generator);
    const { out } = runRecurrent(this.decoder, y, enc.c ? [enc.h, enc.c] : enc.h);
    return this.readout(out, enc.memory, enc.lengths);
  }

  /**
   * A step decoder over these sources for greedy or beam search (no graph is recorded; call it
   * in eval mode). Each step is one fused kernel call per decoder layer and one attention row.
   */
  stepDecoder(src: Int32Array, srcShape: readonly [number, number], srcLengths: Int32Array | readonly number[]): StepDecoder {
    return noGrad(() => new AttentionStepper(this, this.encode(src, srcShape, srcLengths)));
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'Seq2Seq', options: { ...opts } };
  }
}

/** Rows of `t` [.., N0, ..] taken along `dim` in the order `rows` (a copy; no graph). */
function gatherRows(t: Tensor, dim: 0 | 1, rows: Int32Array): Tensor {
  const shape = [...t.shape];
  const outer = dim === 0 ? 1 : shape[0];
  const N0 = shape[dim];
  const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  shape[dim] = rows.length;
  const out = alloc(t.dtype, outer * rows.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < rows.length; r++) out.set(t.data.subarray((o * N0 + rows[r]) * inner, (o * N0 + rows[r] + 1) * inner), (o * rows.length + r) * inner);
  }
  return new Tensor(out, shape);
}

/** The decoding state of a batch of hypotheses: decoder state, and each one's memory rows. */
class AttentionStepper implements StepDecoder {
  readonly vocabSize: number;
  readonly sourceLength: number;
  private state: StreamState;
  private memory: Tensor;
  private prepared: Tensor;
  private lengths: Int32Array;
  private readonly sentenceMemory: Tensor;
  private readonly sentencePrepared: Tensor;
  private readonly sentenceLengths: Int32Array;

  constructor(private readonly m: Seq2Seq, enc: Encoded) {
    this.vocabSize = m.head.outFeatures;
    this.sourceLength = enc.memory.shape[1];
    this.state = { h: enc.h.detach().clone(), c: enc.c ? enc.c.detach().clone() : null };
    this.sentenceMemory = enc.memory.detach();
    this.sentencePrepared = m.attention.prepareKeys(this.sentenceMemory).detach();
    this.sentenceLengths = enc.lengths;
    this.memory = this.sentenceMemory;
    this.prepared = this.sentencePrepared;
    this.lengths = enc.lengths;
  }

  step(tokens: Int32Array): { logProbs: ArrayLike<number>; attention: ArrayLike<number> } {
    return noGrad(() => {
      const N = tokens.length;
      if (N !== this.state.h.shape[1]) throw new ShapeError('Seq2Seq step tokens', `${this.state.h.shape[1]} (one per hypothesis)`, `${N}`);
      const y = this.m.decoder.step(this.m.tgtEmbedding.forward(tokens, [N]), this.state); // [N, H]
      const H = y.shape[1];
      const { logits, weights } = this.m.readout(y.reshape([N, 1, H]), this.memory, this.lengths, this.prepared);
      return { logProbs: logits.reshape([N, this.vocabSize]).logSoftmax(1).data, attention: weights.data };
    });
  }

  select(rows: Int32Array, sentences: Int32Array): void {
    this.state = { h: gatherRows(this.state.h, 1, rows), c: this.state.c ? gatherRows(this.state.c, 1, rows) : null };
    this.memory = gatherRows(this.sentenceMemory, 0, sentences);
    this.prepared = gatherRows(this.sentencePrepared, 0, sentences);
    this.lengths = Int32Array.from(sentences, (s) => this.sentenceLengths[s]);
  }
}

/** Rebuilds the Seq2Seq of a model file; its shapes are checked before anything is allocated. */
export const seq2seqSpec: ModuleSpec = {
  shapes: (c) => seq2seqShapes(c.options as unknown as Seq2SeqOptions),
  build: (c) => {
    const { generator: _g, ...options } = c.options; // a random source never comes from a file
    return new Seq2Seq(options as unknown as Seq2SeqOptions);
  },
};
