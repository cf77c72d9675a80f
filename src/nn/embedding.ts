import { Module, type ModuleConfig } from './module.js';
import { Parameter } from './parameter.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { allocState } from '../backend/current.js';
import { embeddingLookup } from '../ops/embedding.js';
import { normal_ } from './init.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { ShapeError, ValueError } from '../errors.js';

/** Options of an {@link Embedding} beyond its sizes. */
export interface EmbeddingOptions {
  /** This id's row is zero at start and never receives a gradient (for `<pad>`). */
  paddingIdx?: number;
  dtype?: DType;
  generator?: Generator;
}

/** Pretrained vectors in the shape word-vector stores have: one vector per word. */
export interface WordVectorSource {
  /** Vector size. */
  readonly dim: number;
  has(word: string): boolean;
  get(word: string): ArrayLike<number>;
}

/** A vocabulary in id order. */
export interface TokenList {
  readonly size: number;
  idToToken(id: number): string;
}

/**
 * A lookup table: id → learned vector. Rows start N(0, 1), as in PyTorch.
 * @example
 * const emb = new Embedding(vocab.size, 64, { paddingIdx: 0 });
 * const x = emb.forward(ids, [B, T]); // → [B, T, 64]
 */
export class Embedding extends Module {
  readonly weight: Parameter;
  readonly paddingIdx: number | null;
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    const dtype = options.dtype ?? 'float32';
    this.paddingIdx = options.paddingIdx ?? null;
    if (this.paddingIdx !== null) {
      if (this.paddingIdx < 0) this.paddingIdx += numEmbeddings;
      if (!(this.paddingIdx >= 0 && this.paddingIdx < numEmbeddings)) throw new ValueError(`Embedding: paddingIdx ${options.paddingIdx} outside 0..${numEmbeddings - 1}`);
    }
    this.weight = this.registerParameter('weight', new Parameter(allocState(dtype, numEmbeddings * embeddingDim), [numEmbeddings, embeddingDim]));
    normal_(this.weight, 0, 1, options.generator ?? defaultGenerator());
    if (this.paddingIdx !== null) this.weight.data.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
  }

  /**
   * Look up `ids` (shape `shape`, default [ids.length]) → [...shape, embeddingDim].
   * Every id must be an integer in 0..numEmbeddings−1; anything else (NaN, 2.7, −1, an id past
   * the table or past 2³¹, which Int32Array would wrap) is a ValueError naming its position.
   */
  forward(ids: Int32Array | readonly number[], shape?: readonly number[]): Tensor {
    const s = shape ?? [ids.length];
    if (!s.every((d) => Number.isInteger(d) && d >= 0) || s.reduce((a, b) => a * b, 1) !== ids.length) {
      throw new ShapeError('Embedding.forward', `${ids.length} ids`, s);
    }
    const V = this.numEmbeddings;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!(Number.isInteger(id) && id >= 0 && id < V)) {
        const shown = typeof id === 'number' ? String(id) : `${typeof id} ${String(id).slice(0, 40)}`;
        throw new ValueError(
          `Embedding.forward: id ${shown} at flat position ${i}${s.length > 1 ? ` (${position(i, s)})` : ''} is not an integer in 0..${V - 1} (the table has ${V} rows); map unknown tokens to an <unk> id first`,
        );
      }
    }
    return embeddingLookup(this.weight, ids instanceof Int32Array ? ids : Int32Array.from(ids), s, this.paddingIdx);
  }

  /** Stop (or resume) learning the table. */
  freeze(frozen = true): this {
    this.weight.requiresGrad = !frozen;
    if (frozen) this.weight.grad = null;
    return this;
  }

  /**
   * A table initialised from `weights` [V, D], frozen by default (as PyTorch's from_pretrained);
   * or from word vectors and a vocabulary: row i is the vector of token i, and tokens without a
   * vector (e.g. `<pad>`, `<unk>`) get zeros — `missing` reports them.
   */
  static fromPretrained(weights: Tensor, options?: { freeze?: boolean; paddingIdx?: number }): Embedding;
  static fromPretrained(vectors: WordVectorSource, vocabulary: TokenList, options?: { freeze?: boolean; paddingIdx?: number }): Embedding & { missing: string[] };
  static fromPretrained(
    src: Tensor | WordVectorSource,
    vocabOrOptions?: TokenList | { freeze?: boolean; paddingIdx?: number },
    maybeOptions?: { freeze?: boolean; paddingIdx?: number },
  ): Embedding {
    if (src instanceof Tensor) {
      const options = (vocabOrOptions ?? {}) as { freeze?: boolean; paddingIdx?: number };
      if (src.ndim !== 2) throw new ShapeError('Embedding.fromPretrained', '[numEmbeddings, embeddingDim]', src.shape);
      const e = new Embedding(src.shape[0], src.shape[1], { paddingIdx: options.paddingIdx, dtype: src.dtype });
      e.weight.data.set(src.data);
      return e.freeze(options.freeze ?? true);
    }
    const vocab = vocabOrOptions as TokenList;
    const options = maybeOptions ?? {};
    const D = src.dim;
    const e = new Embedding(vocab.size, D, { paddingIdx: options.paddingIdx }) as Embedding & { missing: string[] };
    e.missing = [];
    for (let id = 0; id < vocab.size; id++) {
      const tok = vocab.idToToken(id);
      if (src.has(tok)) {
        const v = src.get(tok);
        if (v.length !== D) throw new ShapeError(`Embedding.fromPretrained (vector of '${tok}')`, [D], [v.length]);
        e.weight.data.set(v as ArrayLike<number>, id * D);
      } else {
        e.weight.data.fill(0, id * D, (id + 1) * D);
        e.missing.push(tok);
      }
    }
    return e.freeze(options.freeze ?? true);
  }

  override config(): ModuleConfig {
    return { type: 'Embedding', options: { numEmbeddings: this.numEmbeddings, embeddingDim: this.embeddingDim, paddingIdx: this.paddingIdx ?? undefined, dtype: this.weight.dtype } };
  }
}

/** Flat index `i` in `shape` as an index per dimension, `[b, t]`. */
function position(i: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    idx.unshift(i % shape[k]);
    i = Math.floor(i / shape[k]);
  }
  return `[${idx.join(', ')}]`;
}
