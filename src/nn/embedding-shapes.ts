/**
 * The options check and parameter shape of Embedding, for `loadModel` to run on a saved config
 * before anything is allocated (and for models that hold embeddings to check their options).
 */
import { ValueError } from '../errors.js';
import type { EmbeddingOptions } from './embedding.js';
import { preview } from '../io/json-preview.js';
import { checkDType, checkElements, checkInt, checkOptions, type ParameterShapes } from './options-check.js';

/**
 * Checks Embedding's arguments (numEmbeddings and embeddingDim integers in 1 … MAX_SIZE,
 * paddingIdx absent or an integer in −V … V−1, dtype float32 or float64; ValueError otherwise)
 * and returns its one parameter's shape: weight [V, D].
 */
export function embeddingShapes(numEmbeddings: unknown, embeddingDim: unknown, options?: EmbeddingOptions, where = 'Embedding'): ParameterShapes {
  const o = checkOptions(where, options);
  const V = checkInt(where, 'numEmbeddings', numEmbeddings);
  const D = checkInt(where, 'embeddingDim', embeddingDim);
  checkPaddingIdx(where, o.paddingIdx, V);
  checkDType(where, o.dtype);
  checkElements(where, 'weight', [V, D]);
  return { weight: [V, D] };
}

/** paddingIdx: absent (undefined or null) or an integer in −V … V−1 (negative counts from the end). */
export function checkPaddingIdx(where: string, v: unknown, V: number): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -V || v >= V) {
    throw new ValueError(`${where}: paddingIdx must be an integer in ${-V} … ${V - 1} (the vocabulary has ${V} ids), got ${preview(v)}`);
  }
}
