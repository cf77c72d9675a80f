/**
 * The many-to-one end of a recurrent classifier, shared by the text ClassifierNet and the
 * AudioNet: the recurrent outputs pooled over each sequence's real steps (last state, max, mean,
 * or attention with its own W, b and query), then the Linear head to C logits. The owning module
 * registers the parts as `attention.*`, `query` and `head.*`, in that order (the stateDict's).
 */

import { Linear, linearShapes } from '../../nn/linear.js';
import { prefixed, type ParameterShapes } from '../../nn/options-check.js';
import { Parameter } from '../../nn/parameter.js';
import { uniform_ } from '../../nn/init.js';
import { allocState } from '../../backend/current.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import type { Generator } from '../../random/generator.js';
import { lastLayerState, type AnyRecurrent } from '../../models/recurrent-factory.js';
import { attentionPool, maskedMax, maskedMean } from './pooling.js';
import type { Pooling } from './options.js';

/** The pooling's parameters (attention only) and the head. */
export interface PooledHead {
  /** Attention pooling only: W [A, F], b [A] with A = F = D·H. */
  readonly attention: Linear | null;
  /** Attention pooling only: the query q [A, 1]. */
  readonly query: Parameter | null;
  readonly head: Linear;
}

/** The pooling's parameters and a head F → C, initialised from `g` in that order. */
export function makePooledHead(F: number, pooling: Pooling, classes: number, dtype: DType, g: Generator): PooledHead {
  let attention: Linear | null = null, query: Parameter | null = null;
  if (pooling === 'attention') {
    attention = new Linear(F, F, { dtype, generator: g });
    query = new Parameter(allocState(dtype, F), [F, 1]);
    uniform_(query, -1 / Math.sqrt(F), 1 / Math.sqrt(F), g);
  }
  return { attention, query, head: new Linear(F, classes, { dtype, generator: g }) };
}

/** out [B, T, F] batch-first, lengths [B], h the final state → pooled [B, F], and the attention weights [B, T] for attention pooling. */
export function poolSteps(pooling: Pooling, parts: Pick<PooledHead, 'attention' | 'query'>, recurrent: AnyRecurrent, out: Tensor, h: Tensor, lengths: Int32Array): { pooled: Tensor; weights: Tensor | null } {
  switch (pooling) {
    case 'last': return { pooled: lastLayerState(recurrent, h), weights: null };
    case 'max': return { pooled: maskedMax(out, lengths), weights: null };
    case 'mean': return { pooled: maskedMean(out, lengths), weights: null };
    case 'attention': return attentionPool(out, lengths, { weight: parts.attention!.weight, bias: parts.attention!.bias, query: parts.query! });
  }
}

/** The parameter shapes of {@link makePooledHead}, keyed as the owner's stateDict. */
export function pooledHeadShapes(pooling: Pooling, F: number, classes: number): ParameterShapes {
  return {
    ...(pooling === 'attention' ? { ...prefixed('attention.', linearShapes(F, F)), query: [F, 1] } : {}),
    ...prefixed('head.', linearShapes(F, classes)),
  };
}
