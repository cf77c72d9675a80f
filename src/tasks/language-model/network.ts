/**
 * The network inside a LanguageModel: token ids → Embedding → stacked LSTM/GRU/RNN → Linear
 * over the vocabulary, at every step, time-major (as the stream chunks are):
 *
 *   ids [T, B] → emb [T, B, E] → rec [T, B, H] → dropout → logits [T, B, V]
 *
 * (V = vocabulary, E = embedding size, H = hidden size, L = layers.) The state (h, and c for an
 * LSTM, each [L, B, H]) goes in and comes out, so chunks of one stream continue each other.
 * `step` advances B streams by one token through the recurrent layer's streaming path: one
 * fused kernel call per layer, no graph, no re-run of the history.
 */

import { Module, type ModuleConfig } from '../../nn/module.js';
import { Embedding } from '../../nn/embedding.js';
import { embeddingShapes } from '../../nn/embedding-shapes.js';
import { Linear, linearShapes } from '../../nn/linear.js';
import type { StreamState } from '../../nn/recurrent-base.js';
import { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { dropout } from '../../ops/dropout.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ShapeError } from '../../errors.js';
import { defaultGenerator, type Generator } from '../../random/generator.js';
import { makeRecurrent, recurrentPart, runRecurrent, type AnyRecurrent, type CellType } from '../../models/recurrent-factory.js';
import type { ModuleSpec } from '../../io/model-file.js';
import { checkDType, checkDropout, prefixed } from '../../nn/options-check.js';

/** Constructor options of {@link LanguageNet} (all saved in the model file's config). */
export interface LanguageNetOptions {
  readonly cell: CellType;
  /** V: tokens in the vocabulary (inputs and output classes). */
  readonly vocabSize: number;
  /** E: embedding size. */
  readonly embeddingSize: number;
  /** H: hidden units per layer. */
  readonly hiddenSize: number;
  /** L: stacked recurrent layers. */
  readonly numLayers: number;
  /** Dropout between the recurrent layers and on the top layer's output (training only). */
  readonly dropout: number;
  /** Parameter dtype (default 'float32'; 'float64' for gradient and carry checks). */
  readonly dtype?: DType;
  readonly generator?: Generator;
}

/** The recurrent state of B streams: h (and c for an LSTM), each [L, B, H]. */
export type LanguageState = StreamState;

/** Embedding → recurrent layers → Linear, time-major; see the file comment. */
export class LanguageNet extends Module {
  readonly embedding: Embedding;
  readonly recurrent: AnyRecurrent;
  readonly head: Linear;
  private readonly generator: Generator;

  constructor(readonly options: LanguageNetOptions) {
    super();
    languageNetShapes(options);
    const o = options;
    this.generator = o.generator ?? defaultGenerator();
    const g = this.generator;
    this.embedding = this.registerModule('embedding', new Embedding(o.vocabSize, o.embeddingSize, { generator: g, dtype: o.dtype }));
    this.recurrent = this.registerModule('recurrent', makeRecurrent(o.cell, {
      inputSize: o.embeddingSize, hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.numLayers > 1 ? o.dropout : 0, dtype: o.dtype, generator: g,
    }));
    this.head = this.registerModule('head', new Linear(o.hiddenSize, o.vocabSize, { generator: g, dtype: o.dtype }));
  }

  /** A zero state for `batch` streams. */
  initState(batch: number): LanguageState {
    return this.recurrent.initState(batch);
  }

  /**
   * ids [T, B] (time-major, flat) and the state at the chunk start (null: zeros) → logits
   * [T, B, V] and the state after the last step (part of the graph; detach it to carry it on).
   */
  forward(ids: Int32Array, steps: number, batch: number, state: LanguageState | null): { logits: Tensor; state: LanguageState } {
    if (ids.length !== steps * batch) throw new ShapeError('LanguageNet.forward: ids', `${steps}·${batch} = ${steps * batch} ids ([T, B])`, `${ids.length}`);
    const x = this.embedding.forward(ids, [steps, batch]); // [T, B, E]
    const init = state ? (state.c ? ([state.h, state.c] as [Tensor, Tensor]) : state.h) : null;
    const r = runRecurrent(this.recurrent, x, init); // out [T, B, H]
    let out = r.out;
    if (this.options.dropout > 0) out = dropout(out, this.options.dropout, this.training, this.generator);
    return { logits: this.head.forward(out), state: { h: r.h, c: r.c } }; // [T, B, V]
  }

  /**
   * One token per stream, ids [B], through the streaming path (no graph): the state advances in
   * place and the logits of the next token come back as [B, V].
   */
  step(ids: Int32Array, state: LanguageState): Tensor {
    return noGrad(() => {
      const x = this.embedding.forward(ids, [ids.length]); // [B, E]
      const h = this.recurrent.step(x, state); // [B, H]
      return this.head.forward(h); // [B, V]
    });
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'LanguageNet', options: { ...opts } };
  }
}

/** Checks the options (ValueError naming the bad one) and returns the parameter shapes. */
export function languageNetShapes(o: Record<string, unknown> | LanguageNetOptions): Record<string, readonly number[]> {
  const where = 'LanguageNet';
  const opts = o as Record<string, unknown>;
  const dtype = checkDType(where, opts.dtype);
  const emb = embeddingShapes(opts.vocabSize, opts.embeddingSize, { dtype }, where);
  checkDropout(where, 'dropout', opts.dropout);
  const rec = recurrentPart(where, { cell: opts.cell, inputSize: opts.embeddingSize, hiddenSize: opts.hiddenSize, numLayers: opts.numLayers, dtype }, 'lstm');
  return {
    ...prefixed('embedding.', emb),
    ...prefixed('recurrent.', rec.shapes),
    ...prefixed('head.', linearShapes(rec.hiddenSize, opts.vocabSize, { dtype })),
  };
}

/** Rebuilds the LanguageNet of a model file, its shapes checked against the weights first. */
export const languageNetSpec: ModuleSpec = {
  shapes: (c) => languageNetShapes(c.options),
  build: (c) => {
    const { generator: _g, ...options } = c.options; // a random source never comes from a file
    return new LanguageNet(options as unknown as LanguageNetOptions);
  },
};
