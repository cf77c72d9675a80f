/**
 * Attention over a source sequence (Bahdanau et al. 2015; Luong et al. 2015), written as a
 * composition of differentiable ops (batched matmul, tanh, softmax), so every gradient comes from
 * ops that are each checked against finite differences.
 *
 *   query q [B, T, Hq] (T queries at once), keys k [B, S, Hk] (the values are the keys)
 *   dot       e_ts = q_t · k_s                          (Hq = Hk)
 *   general   e_ts = q_t · W k_s        W [Hq, Hk]
 *   additive  e_ts = vᵀ tanh(W q_t + b + U k_s)   W [A, Hq], U [A, Hk], v [A]
 *   a_t = softmax_s(e_t + m),  m_s = 0 for s < length, −1e30 on padding   → weights [B, T, S]
 *   context_t = Σ_s a_ts k_s                                             → [B, T, Hk]
 *
 * Padding gets a weight of exactly 0 (exp underflows to 0 in float32 and float64), so neither
 * the context nor any gradient sees a padded key, whatever it holds.
 */

import { Module, type ModuleConfig } from './module.js';
import { Linear, linearShapes } from './linear.js';
import { Parameter } from './parameter.js';
import { uniform_ } from './init.js';
import { Tensor } from '../tensor/tensor.js';
import { lengthMask } from './length-mask.js';
import { alloc, type DType } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { ShapeError, ValueError } from '../errors.js';
import { checkInt, checkOneOf, checkOptions, prefixed, type ParameterShapes } from './options-check.js';
import { defaultGenerator, type Generator } from '../random/generator.js';

/** How a query is scored against a key: Luong's 'dot' and 'general', Bahdanau's 'additive'. */
export type AttentionScore = 'dot' | 'general' | 'additive';

/** Every score function, as the checks and the CLI list them. */
export const ATTENTION_SCORES: readonly AttentionScore[] = ['dot', 'general', 'additive'];

/** Options of {@link Attention}. */
export interface AttentionOptions {
  readonly score: AttentionScore;
  /** Hq: features of each query (the decoder's hidden size). */
  readonly querySize: number;
  /** Hk: features of each key (the encoder's output size, D·H). */
  readonly keySize: number;
  /** A: width of the additive score's hidden layer (default querySize). Only for 'additive'. */
  readonly attentionSize?: number;
  readonly dtype?: DType;
  readonly generator?: Generator;
}

/** Options of {@link Attention.forward}. */
export interface AttentionForwardOptions {
  /** Real source steps of each sequence [B] (each in 1 … S); the rest is padding. Default: all S. */
  readonly lengths?: Int32Array | readonly number[];
  /** `prepareKeys(keys)` computed once for many queries (decoding); default computed here. */
  readonly prepared?: Tensor;
}

/**
 * Checks Attention's options (ValueError naming the bad one) and returns its parameter shapes:
 * none for 'dot'; `weight` [Hq, Hk] for 'general'; `query.weight` [A, Hq], `query.bias` [A],
 * `key.weight` [A, Hk] and `v` [A] for 'additive'.
 */
export function attentionShapes(options: AttentionOptions): ParameterShapes {
  const where = 'Attention';
  const o = checkOptions(where, options);
  const score = checkOneOf(where, 'score', o.score, ATTENTION_SCORES, 'dot');
  const Hq = checkInt(where, 'querySize', o.querySize);
  const Hk = checkInt(where, 'keySize', o.keySize);
  if (score === 'dot' && Hq !== Hk) {
    throw new ValueError(`Attention: the 'dot' score needs querySize = keySize, got ${Hq} and ${Hk}; use 'general' or 'additive' for different sizes`);
  }
  if (score === 'dot') return {};
  if (score === 'general') return { weight: [Hq, Hk] };
  const A = o.attentionSize === undefined ? Hq : checkInt(where, 'attentionSize', o.attentionSize);
  return { ...prefixed('query.', linearShapes(Hq, A)), ...prefixed('key.', linearShapes(Hk, A, { bias: false })), v: [A] };
}

/**
 * Global attention of T queries over S keys, with the source padding masked.
 *
 * @example
 * const att = new Attention({ score: 'additive', querySize: 64, keySize: 128 });
 * const { context, weights } = att.forward(decoderOut, encoderOut, { lengths: srcLengths });
 * // context [B, T, 128], weights [B, T, S] (rows sum to 1 over each sequence's real steps)
 */
export class Attention extends Module {
  readonly score: AttentionScore;
  readonly querySize: number;
  readonly keySize: number;
  readonly attentionSize: number;
  /** general: W [Hq, Hk] */
  readonly weight: Parameter | null = null;
  /** additive: W q + b, U k and v */
  readonly queryLayer: Linear | null = null;
  readonly keyLayer: Linear | null = null;
  readonly v: Parameter | null = null;
  readonly dtype: DType;

  constructor(readonly options: AttentionOptions) {
    super();
    attentionShapes(options);
    this.score = options.score;
    this.querySize = options.querySize;
    this.keySize = options.keySize;
    this.attentionSize = options.attentionSize ?? options.querySize;
    this.dtype = options.dtype ?? 'float32';
    const g = options.generator ?? defaultGenerator();
    const { dtype } = this;
    if (this.score === 'general') {
      const k = 1 / Math.sqrt(this.keySize);
      this.weight = this.registerParameter('weight', new Parameter(alloc(dtype, this.querySize * this.keySize), [this.querySize, this.keySize]));
      uniform_(this.weight, -k, k, g);
    } else if (this.score === 'additive') {
      const A = this.attentionSize;
      this.queryLayer = this.registerModule('query', new Linear(this.querySize, A, { dtype, generator: g }));
      this.keyLayer = this.registerModule('key', new Linear(this.keySize, A, { bias: false, dtype, generator: g }));
      this.v = this.registerParameter('v', new Parameter(alloc(dtype, A), [A]));
      uniform_(this.v, -1 / Math.sqrt(A), 1 / Math.sqrt(A), g);
    }
  }

  /**
   * The part of the score that depends on the keys only, computed once per source: U k
   * [B, S, A] for 'additive', the keys themselves otherwise. Pass it as `prepared` when the
   * same keys meet many queries (one decoding step after another).
   */
  prepareKeys(keys: Tensor): Tensor {
    this.checkKeys(keys);
    return this.keyLayer ? this.keyLayer.forward(keys) : keys;
  }

  /** query [B, T, Hq], keys [B, S, Hk] → context [B, T, Hk] and weights [B, T, S]. */
  forward(query: Tensor, keys: Tensor, options: AttentionForwardOptions = {}): { context: Tensor; weights: Tensor } {
    const where = 'Attention.forward';
    this.checkKeys(keys);
    const [B, S] = keys.shape;
    if (query.ndim !== 3 || query.shape[0] !== B || query.shape[2] !== this.querySize) {
      throw new ShapeError(`${where} query`, `[${B}, T, ${this.querySize}] (batch as the keys)`, fmtShape(query.shape));
    }
    const T = query.shape[1];
    const prepared = options.prepared ?? this.prepareKeys(keys);
    const preparedWidth = this.score === 'additive' ? this.attentionSize : this.keySize;
    if (prepared.ndim !== 3 || prepared.shape[0] !== B || prepared.shape[1] !== S || prepared.shape[2] !== preparedWidth) {
      throw new ShapeError(`${where} prepared`, [B, S, preparedWidth], prepared.shape, 'make it with prepareKeys(keys)');
    }
    let scores: Tensor; // [B, T, S]
    if (this.score === 'dot') {
      scores = query.matmul(keys.transpose(1, 2));
    } else if (this.score === 'general') {
      scores = query.matmul(this.weight!).matmul(keys.transpose(1, 2));
    } else {
      const A = this.attentionSize;
      const wq = this.queryLayer!.forward(query).reshape([B, T, 1, A]); // [B, T, 1, A]
      const uk = prepared.reshape([B, 1, S, A]); //                        [B, 1, S, A]
      const e = wq.add(uk).tanh(); //                                      [B, T, S, A]
      scores = e.matmul(this.v!.reshape([A, 1])).reshape([B, T, S]);
    }
    if (options.lengths) scores = scores.add(paddingBias(options.lengths, B, S, this.dtype)); // [B, 1, S] broadcast
    const weights = scores.softmax(2);
    return { context: weights.matmul(keys), weights };
  }

  private checkKeys(keys: Tensor): void {
    if (keys.ndim !== 3 || keys.shape[2] !== this.keySize) throw new ShapeError('Attention keys', `[B, S, ${this.keySize}]`, fmtShape(keys.shape));
    if (keys.dtype !== this.dtype) throw new ValueError(`Attention: keys dtype ${keys.dtype} differs from the layer's ${this.dtype}`);
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'Attention', options: { ...opts } };
  }
}

/** m [B, 1, S]: 0 on the real steps of each sequence, −1e30 on its padding. */
export function paddingBias(lengths: Int32Array | readonly number[], B: number, S: number, dtype: DType): Tensor {
  return lengthMask('Attention', lengths, B, S, { real: 0, pad: -1e30, dtype, shape: [B, 1, S] });
}
