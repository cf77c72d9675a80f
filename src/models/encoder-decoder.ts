import { Module, type ModuleConfig } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../random/generator.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { linearShapes } from '../nn/linear.js';
import { embeddingShapes } from '../nn/embedding-shapes.js';
import { checkInt, checkOptions, prefixed, type ParameterShapes } from '../nn/options-check.js';
import { makeRecurrent, recurrentPart, runRecurrent, type AnyRecurrent, type CellType } from './recurrent-factory.js';

/** Options of an {@link EncoderDecoder}: vocabularies, embedding and recurrent sizes, attention. */
export interface EncoderDecoderOptions {
  cell?: CellType;
  /** Source and target vocabulary sizes (token ids). */
  srcVocabSize: number;
  tgtVocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  numLayers?: number;
  dropout?: number;
  /** Id of the padding token in both vocabularies (its embedding stays zero). */
  paddingIdx?: number;
  dtype?: DType;
  generator?: Generator;
}

/**
 * Checks EncoderDecoder's options (ValueError naming the first bad one) and returns its
 * parameter shapes without allocating: srcEmbedding.weight [S, E], tgtEmbedding.weight [V, E],
 * `encoder.*` and `decoder.*` as the recurrent layer's (input E), head.weight [V, H], head.bias [V].
 */
export function encoderDecoderShapes(options: EncoderDecoderOptions): ParameterShapes {
  const where = 'EncoderDecoder';
  const o = checkOptions(where, options);
  const [S, V, E] = (['srcVocabSize', 'tgtVocabSize', 'embeddingDim'] as const).map((k) => checkInt(where, k, o[k]));
  const emb = { paddingIdx: options.paddingIdx, dtype: options.dtype };
  const src = embeddingShapes(S, E, emb, where);
  const tgt = embeddingShapes(V, E, emb, where);
  const rec = recurrentPart(where, { cell: o.cell, inputSize: E, hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout, dtype: o.dtype }, 'gru');
  const head = linearShapes(rec.hiddenSize, V, { dtype: options.dtype });
  return {
    ...prefixed('srcEmbedding.', src), ...prefixed('tgtEmbedding.', tgt),
    ...prefixed('encoder.', rec.shapes), ...prefixed('decoder.', rec.shapes), ...prefixed('head.', head),
  };
}

/**
 * Encoder–decoder (sequence to sequence): the encoder reads the source and its final hidden
 * state initialises the decoder, which produces the target one token at a time — translation,
 * chat, any mapping between sequences of different lengths.
 * Training uses teacher forcing (the decoder reads the true previous token); `generate`
 * decodes greedily, feeding back its own predictions, one streaming step per token.
 *
 * @example
 * const m = new EncoderDecoder({ cell: 'gru', srcVocabSize: 50, tgtVocabSize: 60, embeddingDim: 32, hiddenSize: 64 });
 * const logits = m.forward(src, [B, S], tgtIn, [B, T]);        // [B, T, 60]
 * const out = m.generate(src, [1, S], { bos: 1, eos: 2, maxLength: 20 });
 */
export class EncoderDecoder extends Module {
  readonly srcEmbedding: Embedding;
  readonly tgtEmbedding: Embedding;
  readonly encoder: AnyRecurrent;
  readonly decoder: AnyRecurrent;
  readonly head: Linear;
  constructor(readonly options: EncoderDecoderOptions) {
    super();
    encoderDecoderShapes(options);
    const { dtype, generator, paddingIdx } = options;
    const cell = options.cell ?? 'gru';
    const rec = { inputSize: options.embeddingDim, hiddenSize: options.hiddenSize, numLayers: options.numLayers, dropout: options.dropout, batchFirst: true, dtype, generator };
    this.srcEmbedding = this.registerModule('srcEmbedding', new Embedding(options.srcVocabSize, options.embeddingDim, { paddingIdx, dtype, generator }));
    this.tgtEmbedding = this.registerModule('tgtEmbedding', new Embedding(options.tgtVocabSize, options.embeddingDim, { paddingIdx, dtype, generator }));
    this.encoder = this.registerModule('encoder', makeRecurrent(cell, rec));
    this.decoder = this.registerModule('decoder', makeRecurrent(cell, rec));
    this.head = this.registerModule('head', new Linear(options.hiddenSize, options.tgtVocabSize, { dtype, generator }));
  }

  /** Encode source ids [B, S] → the decoder's initial state. */
  encode(src: Int32Array, srcShape: readonly [number, number], srcLengths?: readonly number[] | Int32Array): Tensor | [Tensor, Tensor] {
    if (srcShape.length !== 2) throw new ShapeError('EncoderDecoder.encode', '[B, S]', srcShape);
    const { h, c } = runRecurrent(this.encoder, this.srcEmbedding.forward(src, srcShape), null, srcLengths);
    return c ? [h, c] : h;
  }

  /**
   * Teacher-forced logits: source ids [B, S], decoder input ids [B, T] (the target shifted right,
   * starting with <bos>) → [B, T, tgtVocabSize].
   */
  forward(
    src: Int32Array, srcShape: readonly [number, number],
    tgtIn: Int32Array, tgtShape: readonly [number, number],
    options: { srcLengths?: readonly number[] | Int32Array; tgtLengths?: readonly number[] | Int32Array } = {},
  ): Tensor {
    if (srcShape[0] !== tgtShape[0]) throw new ShapeError('EncoderDecoder.forward', `target batch ${srcShape[0]} (as the source)`, `${tgtShape[0]}`);
    const state = this.encode(src, srcShape, options.srcLengths);
    const { out } = runRecurrent(this.decoder, this.tgtEmbedding.forward(tgtIn, tgtShape), state, options.tgtLengths);
    return this.head.forward(out);
  }

  /** Greedy decoding for each source sequence: ids until `eos` or `maxLength` (eos excluded). */
  generate(src: Int32Array, srcShape: readonly [number, number], options: { bos: number; eos: number; maxLength: number; srcLengths?: readonly number[] }): number[][] {
    if (!(options.maxLength >= 1)) throw new ValueError(`generate: maxLength must be ≥ 1, got ${options.maxLength}`);
    return noGrad(() => {
      const B = srcShape[0];
      const enc = this.encode(src, srcShape, options.srcLengths);
      const state = Array.isArray(enc) ? { h: enc[0], c: enc[1] } : { h: enc, c: null };
      const results: number[][] = Array.from({ length: B }, () => []);
      const done = new Array<boolean>(B).fill(false);
      let prev: Int32Array = new Int32Array(B).fill(options.bos);
      for (let t = 0; t < options.maxLength && done.some((d) => !d); t++) {
        const y = this.decoder.step(this.tgtEmbedding.forward(prev, [B]), state);
        const next = this.head.forward(y).argmax(1);
        for (let b = 0; b < B; b++) {
          if (done[b]) continue;
          if (next[b] === options.eos) done[b] = true;
          else results[b].push(next[b]);
        }
        prev = next;
      }
      return results;
    });
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'EncoderDecoder', options: { ...opts } };
  }
}
