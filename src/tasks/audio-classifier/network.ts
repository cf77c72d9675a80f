/**
 * The network inside an AudioClassifier (many-to-one over frames):
 *
 *   x [T, B, F] (time-major frames, zero padded) → dropout → LSTM/GRU (uni- or bidirectional,
 *   with lengths) → out [T, B, D·H] → [B, T, D·H] → pooling over the real frames → [B, D·H]
 *   → dropout → Linear → logits [B, C]
 *
 * Time-major because `featureBatch` gives [Tmax, B, F]; the padded frames never reach the
 * state (the recurrent layer stops each recording at its length) nor the pooled vector.
 */

import { Module, type ModuleConfig } from '../../nn/module.js';
import type { Linear } from '../../nn/linear.js';
import { Parameter } from '../../nn/parameter.js';
import { dropout } from '../../ops/dropout.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../../random/generator.js';
import { recurrentPart, type AnyRecurrent } from '../../models/recurrent-factory.js';
import type { ModuleSpec } from '../../io/model-file.js';
import { makeFrameRecurrent, runFrameRecurrent } from '../audio-common/network.js';
import { checkDropout, checkInt, checkOneOf, prefixed, type ParameterShapes } from '../../nn/options-check.js';
import { makePooledHead, pooledHeadShapes, poolSteps } from '../classifier/pooled-head.js';
import { CLASSIFIER_CELLS, POOLINGS, type ClassifierCell, type Pooling } from '../classifier/options.js';

/** Constructor options of {@link AudioNet} (all saved in the model file's config but the generator). */
export interface AudioNetOptions {
  /** F: features per frame. */
  readonly inputSize: number;
  readonly cell: ClassifierCell;
  /** H per direction. */
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly pooling: Pooling;
  readonly inputDropout: number;
  readonly dropout: number;
  /** C: number of classes. */
  readonly classes: number;
  readonly dtype?: DType;
  readonly generator?: Generator;
}

/** The recording classifier; see the file comment. */
export class AudioNet extends Module {
  readonly recurrent: AnyRecurrent;
  /** Attention pooling only: W [A, F], b [A] with A = F = D·H. */
  readonly attention: Linear | null;
  /** Attention pooling only: the query q [A, 1]. */
  readonly query: Parameter | null;
  readonly head: Linear;
  private readonly generator: Generator;

  constructor(readonly options: AudioNetOptions) {
    super();
    audioNetShapes(options);
    const o = options;
    const g = o.generator ?? defaultGenerator();
    this.generator = g;
    const dtype = o.dtype ?? 'float32';
    this.recurrent = this.registerModule('recurrent', makeFrameRecurrent(o, dtype, g));
    const F = (o.bidirectional ? 2 : 1) * o.hiddenSize;
    const parts = makePooledHead(F, o.pooling, o.classes, dtype, g);
    this.attention = parts.attention && this.registerModule('attention', parts.attention);
    this.query = parts.query && this.registerParameter('query', parts.query);
    this.head = this.registerModule('head', parts.head);
  }

  /** x [T, B, F] time-major, lengths [B] (each in 1 … T) → logits [B, C]. */
  forward(x: Tensor, lengths: Int32Array): Tensor {
    const { out, h } = runFrameRecurrent('AudioNet.forward', 'recording', this.recurrent, this.options, this.training, this.generator, x, lengths); // out [T, B, D·H]
    const steps = out.transpose(0, 1); // [B, T, D·H]
    let { pooled } = poolSteps(this.options.pooling, this, this.recurrent, steps, h, lengths);
    pooled = dropout(pooled, this.options.dropout, this.training, this.generator);
    return this.head.forward(pooled);
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'AudioNet', options: { ...opts, dtype: opts.dtype ?? 'float32' } };
  }
}

/** Checks the options (ValueError naming the first bad one) and returns the parameter shapes, keyed as the stateDict. */
export function audioNetShapes(o: Partial<Record<keyof AudioNetOptions, unknown>>): ParameterShapes {
  const where = 'AudioNet';
  const I = checkInt(where, 'inputSize', o.inputSize);
  const C = checkInt(where, 'classes', o.classes, { min: 2 });
  const pooling = checkOneOf(where, 'pooling', o.pooling, POOLINGS, 'mean');
  checkOneOf(where, 'cell', o.cell, CLASSIFIER_CELLS, 'lstm');
  checkDropout(where, 'inputDropout', o.inputDropout);
  checkDropout(where, 'dropout', o.dropout);
  const rec = recurrentPart(where, { cell: o.cell, inputSize: I, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional, dtype: o.dtype }, 'lstm');
  const F = rec.directions * rec.hiddenSize;
  return {
    ...prefixed('recurrent.', rec.shapes),
    ...pooledHeadShapes(pooling, F, C),
  };
}

/** Rebuilds the AudioNet of a model file; its shapes are checked against the file's tensors before allocation. */
export const audioNetSpec: ModuleSpec = {
  shapes: (c) => audioNetShapes(c.options as Partial<Record<keyof AudioNetOptions, unknown>>),
  build: (c) => {
    const { generator: _g, ...options } = c.options; // a random source never comes from a file
    return new AudioNet(options as unknown as AudioNetOptions);
  },
};
