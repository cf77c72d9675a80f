import type { Module, ModuleConfig } from '../nn/module.js';
import type { ModuleBuilders, ModuleSpec } from '../io/model-file.js';
import { saveModel, loadModel } from '../io/model-file.js';
import { Linear, linearShapes } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { embeddingShapes } from '../nn/embedding-shapes.js';
import { Dropout } from '../nn/dropout.js';
import { Sequential, Tanh, ReLU, Sigmoid, type TensorLayer } from '../nn/sequential.js';
import { RNN, rnnNonlinearity } from '../nn/rnn.js';
import { LSTM } from '../nn/lstm.js';
import { GRU, gruKind, type GRUOptions } from '../nn/gru.js';
import { RNNCell, LSTMCell, GRUCell, cellShapes, rnnCellKind } from '../nn/cells.js';
import { checkRecurrentOptions, recurrentShapes, type RNNOptions } from '../nn/recurrent-options.js';
import { checkDropout, prefixed, type ParameterShapes } from '../nn/options-check.js';
import { ManyToOne, manyToOneShapes, type ManyToOneOptions } from './many-to-one.js';
import { ManyToMany, manyToManyShapes, type ManyToManyOptions } from './many-to-many.js';
import { EncoderDecoder, encoderDecoderShapes, type EncoderDecoderOptions } from './encoder-decoder.js';
import { ValueError } from '../errors.js';

/** Saved constructor options, read by name. */
type O = Record<string, any>;

/**
 * A config's options without `generator`: a saved config never holds one, and one from an
 * edited file must not reach a constructor as a random source.
 */
function opts(c: ModuleConfig): O {
  const { generator: _g, ...o } = c.options;
  return o;
}

/** A layer without parameters or options. */
function stateless(make: () => Module): ModuleSpec {
  return { shapes: () => ({}), build: make };
}

/** Sequential: children keyed '0.', '1.', … each built with the builders of the load. */
const sequential: ModuleSpec = {
  shapes: (_c, context) => {
    const children = context.children();
    if (children.some((s) => s === null)) return null;
    return Object.assign({}, ...children.map((s, i) => prefixed(`${i}.`, s as ParameterShapes))) as ParameterShapes;
  },
  build: (_c, context) => {
    const layers = context.children();
    layers.forEach((l, i) => {
      if (typeof (l as unknown as { forward?: unknown }).forward !== 'function') throw new ValueError(`Sequential: child ${i} (${l.constructor.name}) has no forward(x), so it cannot be a layer of a Sequential`);
    });
    return new Sequential(...(layers as TensorLayer[]));
  },
};

/**
 * Every module type the library can rebuild from a saved config, listed explicitly (no
 * import-time registration). Each is a ModuleSpec, so `load` checks a config's options and the
 * shapes they imply against the stored tensors before it allocates anything. Pass your own map
 * to `load` to add custom modules (they are used for Sequential children too).
 */
export const defaultBuilders: ModuleBuilders = {
  Linear: {
    shapes: (c) => linearShapes(opts(c).inFeatures, opts(c).outFeatures, opts(c)),
    build: (c) => new Linear(opts(c).inFeatures, opts(c).outFeatures, opts(c)),
  },
  Embedding: {
    shapes: (c) => embeddingShapes(opts(c).numEmbeddings, opts(c).embeddingDim, opts(c)),
    build: (c) => new Embedding(opts(c).numEmbeddings, opts(c).embeddingDim, opts(c)),
  },
  Dropout: {
    shapes: (c) => (checkDropout('Dropout', 'p', opts(c).p ?? 0.5), {}),
    build: (c) => new Dropout(opts(c).p),
  },
  Tanh: stateless(() => new Tanh()),
  ReLU: stateless(() => new ReLU()),
  Sigmoid: stateless(() => new Sigmoid()),
  Sequential: sequential,
  RNN: {
    shapes: (c) => recurrentShapes(rnnNonlinearity(opts(c) as RNNOptions) === 'relu' ? 'rnn_relu' : 'rnn_tanh', checkRecurrentOptions('RNN', opts(c) as RNNOptions), 'RNN'),
    build: (c) => new RNN(opts(c) as RNNOptions),
  },
  LSTM: {
    shapes: (c) => recurrentShapes('lstm', checkRecurrentOptions('LSTM', opts(c) as RNNOptions), 'LSTM'),
    build: (c) => new LSTM(opts(c) as RNNOptions),
  },
  GRU: {
    shapes: (c) => recurrentShapes(gruKind('GRU', opts(c) as GRUOptions), checkRecurrentOptions('GRU', opts(c) as RNNOptions), 'GRU'),
    build: (c) => new GRU(opts(c) as GRUOptions),
  },
  RNNCell: {
    shapes: (c) => cellShapes(rnnCellKind(opts(c)), opts(c).inputSize, opts(c).hiddenSize, opts(c), 'RNNCell'),
    build: (c) => new RNNCell(opts(c).inputSize, opts(c).hiddenSize, opts(c)),
  },
  LSTMCell: {
    shapes: (c) => cellShapes('lstm', opts(c).inputSize, opts(c).hiddenSize, opts(c), 'LSTMCell'),
    build: (c) => new LSTMCell(opts(c).inputSize, opts(c).hiddenSize, opts(c)),
  },
  GRUCell: {
    shapes: (c) => cellShapes(gruKind('GRUCell', opts(c) as GRUOptions), opts(c).inputSize, opts(c).hiddenSize, opts(c), 'GRUCell'),
    build: (c) => new GRUCell(opts(c).inputSize, opts(c).hiddenSize, opts(c)),
  },
  ManyToOne: {
    shapes: (c) => manyToOneShapes(opts(c) as ManyToOneOptions),
    build: (c) => new ManyToOne(opts(c) as ManyToOneOptions),
  },
  ManyToMany: {
    shapes: (c) => manyToManyShapes(opts(c) as ManyToManyOptions),
    build: (c) => new ManyToMany(opts(c) as ManyToManyOptions),
  },
  EncoderDecoder: {
    shapes: (c) => encoderDecoderShapes(opts(c) as EncoderDecoderOptions),
    build: (c) => new EncoderDecoder(opts(c) as EncoderDecoderOptions),
  },
};

/**
 * Save a model (weights + config) to one safetensors file, atomically.
 * @example
 * await save('forecaster.safetensors', model);
 * const again = await load('forecaster.safetensors'); // same class, same weights
 */
export async function save(path: string, module: Module): Promise<void> {
  await saveModel(path, module);
}

/**
 * Rebuild a model saved with `save`; `builders` adds or overrides module types (also for the
 * children of a Sequential). The config and the shapes it implies are checked against the
 * stored tensors before anything is allocated (see loadModel).
 *
 * @example
 * const model = await load<ManyToOne>('model.safetensors'); // as written by save()
 * model.eval();
 */
export async function load<M extends Module = Module>(path: string, builders: ModuleBuilders = {}): Promise<M> {
  return (await loadModel(path, { ...defaultBuilders, ...builders })) as M;
}
