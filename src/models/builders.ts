import type { Module, ModuleConfig } from '../nn/module.js';
import type { ModuleBuilders } from '../io/model-file.js';
import { saveModel, loadModel } from '../io/model-file.js';
import { Linear } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { Dropout } from '../nn/dropout.js';
import { Sequential, Tanh, ReLU, Sigmoid, type TensorLayer } from '../nn/sequential.js';
import { RNN } from '../nn/rnn.js';
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import { RNNCell, LSTMCell, GRUCell } from '../nn/cells.js';
import { ManyToOne, type ManyToOneOptions } from './many-to-one.js';
import { ManyToMany, type ManyToManyOptions } from './many-to-many.js';
import { EncoderDecoder, type EncoderDecoderOptions } from './encoder-decoder.js';
import type { RNNOptions } from '../nn/recurrent-options.js';
import { ValueError } from '../errors.js';

/** Saved constructor options, read by name. */
type O = Record<string, any>;

/**
 * Every module type the library can rebuild from a saved config, listed explicitly (no
 * import-time registration). Pass your own map to `load` to add custom modules.
 */
export const defaultBuilders: ModuleBuilders = {
  Linear: (c) => new Linear((c.options as O).inFeatures, (c.options as O).outFeatures, c.options as O),
  Embedding: (c) => new Embedding((c.options as O).numEmbeddings, (c.options as O).embeddingDim, c.options as O),
  Dropout: (c) => new Dropout((c.options as O).p),
  Tanh: () => new Tanh(),
  ReLU: () => new ReLU(),
  Sigmoid: () => new Sigmoid(),
  Sequential: (c) => new Sequential(...(c.children ?? []).map((ch: ModuleConfig) => build(ch) as TensorLayer)),
  RNN: (c) => new RNN(c.options as unknown as RNNOptions),
  LSTM: (c) => new LSTM(c.options as unknown as RNNOptions),
  GRU: (c) => new GRU(c.options as unknown as RNNOptions),
  RNNCell: (c) => new RNNCell((c.options as O).inputSize, (c.options as O).hiddenSize, c.options as O),
  LSTMCell: (c) => new LSTMCell((c.options as O).inputSize, (c.options as O).hiddenSize, c.options as O),
  GRUCell: (c) => new GRUCell((c.options as O).inputSize, (c.options as O).hiddenSize, c.options as O),
  ManyToOne: (c) => new ManyToOne(c.options as unknown as ManyToOneOptions),
  ManyToMany: (c) => new ManyToMany(c.options as unknown as ManyToManyOptions),
  EncoderDecoder: (c) => new EncoderDecoder(c.options as unknown as EncoderDecoderOptions),
};

function build(c: ModuleConfig): Module {
  const b = defaultBuilders[c.type];
  if (!b) throw new ValueError(`Sequential: no builder for a child of type '${c.type}'; pass one in load(path, builders)`);
  return b(c);
}

/**
 * Save a model (weights + config) to one safetensors file, atomically.
 * @example
 * await save('forecaster.safetensors', model);
 * const again = await load('forecaster.safetensors'); // same class, same weights
 */
export async function save(path: string, module: Module): Promise<void> {
  await saveModel(path, module);
}

/** Rebuild a model saved with `save`; `builders` adds or overrides module types. */
export async function load<M extends Module = Module>(path: string, builders: ModuleBuilders = {}): Promise<M> {
  return (await loadModel(path, { ...defaultBuilders, ...builders })) as M;
}
