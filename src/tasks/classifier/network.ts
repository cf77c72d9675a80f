/**
 * The network inside a TextClassifier (many-to-one):
 *
 *   ids [B, T] → Embedding → [B, T, E] → dropout → LSTM/GRU (uni- or bidirectional, with
 *   lengths) → out [B, T, D·H] → pooling over the real steps → [B, D·H] → dropout → Linear → [B, C]
 *
 * Pooling 'last' takes each direction's final state at the text's own last step; 'max', 'mean'
 * and 'attention' pool the outputs with padding masked (see pooling.ts). Padding never reaches
 * the state (the recurrent layer stops each text at its length) nor the pooled vector.
 */

import { Module, type ModuleConfig } from '../../nn/module.js';
import { Embedding } from '../../nn/embedding.js';
import type { Linear } from '../../nn/linear.js';
import { Parameter } from '../../nn/parameter.js';
import { dropout } from '../../ops/dropout.js';
import { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { Generator, defaultGenerator } from '../../random/generator.js';
import { ShapeError } from '../../errors.js';
import { makeRecurrent, runRecurrent, recurrentPart, type AnyRecurrent } from '../../models/recurrent-factory.js';
import type { ModuleSpec } from '../../io/model-file.js';
import { checkDropout, checkElements, checkInt, checkOneOf, prefixed, type ParameterShapes } from '../../nn/options-check.js';
import { makePooledHead, pooledHeadShapes, poolSteps } from './pooled-head.js';
import { CLASSIFIER_CELLS, POOLINGS, type ClassifierCell, type Pooling } from './options.js';

/** Constructor options of {@link ClassifierNet} (all saved in the model file's config but the generator). */
export interface ClassifierNetOptions {
  /** V: rows of the embedding table; id 0 is `<pad>`. */
  readonly vocabSize: number;
  /** E */
  readonly embeddingDim: number;
  readonly cell: ClassifierCell;
  /** H per direction. */
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly pooling: Pooling;
  readonly embeddingDropout: number;
  readonly dropout: number;
  /** C: number of classes. */
  readonly classes: number;
  readonly dtype?: DType;
  readonly generator?: Generator;
}

/** The id of `<pad>` in every classifier vocabulary (reserve ['pad', 'unk']). */
export const PAD_ID = 0;

/** The classification network; see the file comment. */
export class ClassifierNet extends Module {
  readonly embedding: Embedding;
  readonly recurrent: AnyRecurrent;
  /** Attention pooling only: W [A, F], b [A] with A = F = D·H. */
  readonly attention: Linear | null;
  /** Attention pooling only: the query q [A, 1]. */
  readonly query: Parameter | null;
  readonly head: Linear;
  private readonly generator: Generator;

  /**
   * @param init.embedding a table to use instead of a fresh N(0, 1) one (e.g. from
   *   `Embedding.fromPretrained`); it must be [vocabSize, embeddingDim].
   */
  constructor(readonly options: ClassifierNetOptions, init: { embedding?: Embedding } = {}) {
    super();
    classifierNetShapes(options);
    const o = options;
    const g = o.generator ?? defaultGenerator();
    this.generator = g;
    const dtype = o.dtype ?? 'float32';
    if (init.embedding && (init.embedding.numEmbeddings !== o.vocabSize || init.embedding.embeddingDim !== o.embeddingDim)) {
      throw new ShapeError('ClassifierNet: embedding', [o.vocabSize, o.embeddingDim], [init.embedding.numEmbeddings, init.embedding.embeddingDim]);
    }
    this.embedding = this.registerModule('embedding', init.embedding ?? new Embedding(o.vocabSize, o.embeddingDim, { paddingIdx: PAD_ID, dtype, generator: g }));
    this.recurrent = this.registerModule('recurrent', makeRecurrent(o.cell, {
      inputSize: o.embeddingDim, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional,
      dropout: o.numLayers > 1 ? o.dropout : 0, batchFirst: true, dtype, generator: g,
    }));
    const F = (o.bidirectional ? 2 : 1) * o.hiddenSize;
    const parts = makePooledHead(F, o.pooling, o.classes, dtype, g);
    this.attention = parts.attention && this.registerModule('attention', parts.attention);
    this.query = parts.query && this.registerParameter('query', parts.query);
    this.head = this.registerModule('head', parts.head);
  }

  /**
   * ids [B, T] (right-padded with PAD_ID), lengths [B] → logits [B, C]; with attention pooling
   * also the weights α [B, T] (zero on padding).
   */
  forwardWithWeights(ids: Int32Array, shape: readonly [number, number], lengths: Int32Array): { logits: Tensor; weights: Tensor | null } {
    const [B, T] = shape;
    if (ids.length !== B * T || lengths.length !== B) throw new ShapeError('ClassifierNet.forward', `ids [${B}, ${T}] and ${B} lengths`, `${ids.length} ids and ${lengths.length} lengths`);
    let x = this.embedding.forward(ids, [B, T]); // [B, T, E]
    x = dropout(x, this.options.embeddingDropout, this.training, this.generator);
    const { out, h } = runRecurrent(this.recurrent, x, null, lengths); // out [B, T, D·H]
    let { pooled, weights } = poolSteps(this.options.pooling, this, this.recurrent, out, h, lengths);
    pooled = dropout(pooled, this.options.dropout, this.training, this.generator);
    return { logits: this.head.forward(pooled), weights };
  }

  forward(ids: Int32Array, shape: readonly [number, number], lengths: Int32Array): Tensor {
    return this.forwardWithWeights(ids, shape, lengths).logits;
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'ClassifierNet', options: { ...opts, dtype: opts.dtype ?? 'float32' } };
  }
}

/** Checks the options (ValueError naming the first bad one) and returns the parameter shapes, keyed as the stateDict. */
export function classifierNetShapes(o: Partial<Record<keyof ClassifierNetOptions, unknown>>): ParameterShapes {
  const where = 'ClassifierNet';
  const V = checkInt(where, 'vocabSize', o.vocabSize, { min: 2 });
  const E = checkInt(where, 'embeddingDim', o.embeddingDim);
  const C = checkInt(where, 'classes', o.classes, { min: 2 });
  const pooling = checkOneOf(where, 'pooling', o.pooling, POOLINGS, 'max');
  checkOneOf(where, 'cell', o.cell, CLASSIFIER_CELLS, 'lstm');
  checkDropout(where, 'embeddingDropout', o.embeddingDropout);
  checkDropout(where, 'dropout', o.dropout);
  checkElements(where, 'embedding.weight', [V, E]);
  const rec = recurrentPart(where, { cell: o.cell, inputSize: E, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional, dtype: o.dtype }, 'lstm');
  const F = rec.directions * rec.hiddenSize;
  return {
    'embedding.weight': [V, E],
    ...prefixed('recurrent.', rec.shapes),
    ...pooledHeadShapes(pooling, F, C),
  };
}

/** Rebuilds the ClassifierNet of a model file; its shapes are checked against the file's tensors before allocation. */
export const classifierNetSpec: ModuleSpec = {
  shapes: (c) => classifierNetShapes(c.options as Partial<Record<keyof ClassifierNetOptions, unknown>>),
  build: (c) => {
    const { generator: _g, ...options } = c.options; // a random source never comes from a file
    return new ClassifierNet(options as unknown as ClassifierNetOptions);
  },
};

/** A fresh generator per network of an ensemble: seed, seed + 1, … */
export function networkGenerator(seed: number, member: number): Generator {
  return new Generator(seed + member);
}
