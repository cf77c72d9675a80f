/**
 * recurrent — recurrent neural networks (RNN, LSTM, GRU) on sequential data, for Node.js and
 * the browser. The whole public API is exported from here; importing it has no side effects.
 *
 * @module recurrent
 */
export * from './errors.js';

// Tensors and autograd
export { Tensor, type BackwardOptions } from './tensor/tensor.js';
export { tensor, zeros, ones, full, randn, rand, arange, type TensorOptions, type RandomOptions } from './tensor/create.js';
export type { DType, Arr } from './tensor/dtype.js';
export { noGrad, isGradEnabled } from './autograd/grad-mode.js';
export { cat, stack } from './ops/shape.js';
export { Generator, manualSeed, defaultGenerator } from './random/generator.js';

// Compute backends
export type { Backend, CellKind } from './backend/backend.js';
export { jsBackend } from './backend/js/index.js';
export { backend, useBackend } from './backend/current.js';
export { setBackend, type BackendName, type AutoBackendOptions } from './backend/select.js';
export type { WasmBackendOptions } from './backend/wasm/index.js';
export type { NativeBackendOptions, NativeIsa } from './backend/native/index.js';

// Layers and models
export * from './nn/index.js';
export * from './models/index.js';

// Training
export * from './losses/index.js';
export * from './optim/index.js';
export * from './train/index.js';
export * from './diagnostics/index.js';

// CTC: ctcLoss comes with the losses above; decoding and error rates
export * from './ctc/index.js';

// Persistence
export * from './io/index.js';

// Keras / TF.js weights
export * from './interop/keras/index.js';

// ONNX export is the 'recurrent/onnx' subpath (src/onnx/index.ts), not part of the root: its
// protobuf schema (onnx-proto, CommonJS) would keep the root from loading in a browser as is.

// Data: time series, text, data sets, word vectors
export * from './timeseries/index.js';
export * from './text/index.js';
export * from './data/index.js';
export * from './word2vec/index.js';
// Both text and word2vec name their vocabulary type; the text one is the public Vocabulary.
export { Vocabulary } from './text/index.js';
export type { Vocabulary as Word2VecVocabulary } from './word2vec/index.js';
export * from './report/index.js';

// Tasks: a model with its preprocessing, baselines and metrics
export * from './tasks/forecaster/index.js';
export { forecastReportInput } from './tasks/forecaster/report.js';
export * from './tasks/lab/index.js';
export * from './tasks/seq2seq/index.js';
export * from './tasks/classifier/index.js';
export * from './tasks/language-model/index.js';
