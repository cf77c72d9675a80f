export { Module, type ModuleConfig, type LoadStateDictOptions } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, type LinearOptions } from './linear.js';
export { Embedding, type EmbeddingOptions, type WordVectorSource, type TokenList } from './embedding.js';
export { Dropout } from './dropout.js';
export { Sequential, Tanh, ReLU, Sigmoid, type TensorLayer } from './sequential.js';
export { RecurrentBase, type DirectionWeights, type StreamState } from './recurrent-base.js';
export type { RecurrentOptions, RNNOptions, RecurrentForwardOptions } from './recurrent-options.js';
export { RNN } from './rnn.js';
export { LSTM } from './lstm.js';
export { GRU, type GRUOptions } from './gru.js';
export { RNNCell, LSTMCell, GRUCell, type CellOptions } from './cells.js';
/**
 * Parameter initialisers, in place on a tensor (PyTorch's `torch.nn.init`): `uniform_`,
 * `normal_`, `xavierUniform_`, `orthogonal_`, `constant_`, `zeros_`, … Each takes an optional
 * Generator; without one, the default generator (seeded by `manualSeed`).
 *
 * @example
 * import { init, zeros } from 'recurrent';
 * const w = init.xavierUniform_(zeros([32, 8])); // [out, in]
 */
export * as init from './init.js';
export { Attention, ATTENTION_SCORES, attentionShapes, type AttentionScore, type AttentionOptions, type AttentionForwardOptions } from './attention.js';
