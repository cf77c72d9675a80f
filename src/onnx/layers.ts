/**
 * The feed-forward layers as ONNX nodes: Linear (Gemm on [B, F], MatMul + Add on [B, T, F]),
 * Embedding (Gather), Dropout (nothing: export is inference), Tanh, ReLU, Sigmoid and
 * Sequential of these. Each emitter reads one value and returns the value it produces.
 */
import { Linear } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { Dropout } from '../nn/dropout.js';
import { Sequential, Tanh, ReLU, Sigmoid } from '../nn/sequential.js';
import type { Module } from '../nn/module.js';
import { ValueError } from '../errors.js';
import type { OnnxGraph } from './graph.js';

/** W [O, I] transposed to [I, O], for x·W as a MatMul. */
function transposed(w: ArrayLike<number>, O: number, I: number): Float32Array {
  const t = new Float32Array(I * O);
  for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) t[i * O + o] = w[o * I + i];
  return t;
}

/** y = x·Wᵀ + b on the last dim of x, whose rank is `rank` (2: Gemm; more: MatMul then Add). */
export function emitLinear(g: OnnxGraph, layer: Linear, x: string, rank: number, name: string): string {
  const O = layer.outFeatures, I = layer.inFeatures;
  if (rank === 2) {
    const w = g.floats(`${name}.weight`, layer.weight.data, [O, I]);
    const inputs = layer.bias ? [x, w, g.floats(`${name}.bias`, layer.bias.data, [O])] : [x, w];
    return g.op('Gemm', inputs, { transB: 1 }, `${name}.out`);
  }
  const wt = g.floats(`${name}.weight_t`, transposed(layer.weight.data, O, I), [I, O]);
  const y = g.op('MatMul', [x, wt], {}, layer.bias ? `${name}.matmul` : `${name}.out`);
  return layer.bias ? g.op('Add', [y, g.floats(`${name}.bias`, layer.bias.data, [O])], {}, `${name}.out`) : y;
}

/** ids (int32, any shape) → [...shape, embeddingDim]: rows of the table, a Gather. */
export function emitEmbedding(g: OnnxGraph, layer: Embedding, ids: string, name: string): string {
  const table = g.floats(`${name}.weight`, layer.weight.data, [layer.numEmbeddings, layer.embeddingDim]);
  return g.op('Gather', [table, ids], { axis: 0 }, `${name}.out`);
}

/** What a tensor-to-tensor layer does to the rank and last dim of its input, for value shapes. */
export interface LayerShape {
  rank: number;
  features: number;
}

/**
 * A Sequential, Linear, Dropout or activation applied to `x` (rank and features in `shape`);
 * returns the output value and its shape. Any other module is a ValueError naming it.
 */
export function emitTensorLayer(g: OnnxGraph, layer: Module, x: string, shape: LayerShape, name: string): { value: string; shape: LayerShape } {
  if (layer instanceof Sequential) {
    let value = x;
    let s = shape;
    layer.layers.forEach((child, i) => {
      ({ value, shape: s } = emitTensorLayer(g, child, value, s, `${name}.${i}`));
    });
    return { value, shape: s };
  }
  if (layer instanceof Linear) {
    if (shape.features !== layer.inFeatures) throw new ValueError(`exportOnnx: ${name} (Linear) expects ${layer.inFeatures} features but its input has ${shape.features}`);
    return { value: emitLinear(g, layer, x, shape.rank, name), shape: { rank: shape.rank, features: layer.outFeatures } };
  }
  if (layer instanceof Dropout) return { value: x, shape }; // identity at inference
  const act = layer instanceof Tanh ? 'Tanh' : layer instanceof ReLU ? 'Relu' : layer instanceof Sigmoid ? 'Sigmoid' : null;
  if (act) return { value: g.op(act, [x], {}, `${name}.out`), shape };
  throw new ValueError(`exportOnnx: cannot export ${layer.constructor.name} at '${name}'; a Sequential can hold Linear, Dropout, Tanh, ReLU, Sigmoid and Sequential`);
}
