/**
 * Saving and loading: safetensors weights (read and written byte-compatible with PyTorch's
 * `safetensors`), PyTorch checkpoints (`torch.save`, read without running code), model files that rebuild a module from its config, and atomic file writes.
 */
export { readSafetensors, readSafetensorsWithMetadata } from './safetensors-read.js';
export type { ReadSafetensorsOptions, SafetensorsContents } from './safetensors-read.js';
export { writeSafetensors } from './safetensors-write.js';
export type { SafetensorsDType } from './safetensors-dtypes.js';
export { saveSafetensors, loadSafetensors, loadSafetensorsWithMetadata } from './safetensors-file.js';
export { readTorchCheckpoint, loadTorchCheckpoint } from './torch-checkpoint.js';
export type { ReadTorchCheckpointOptions, TorchCheckpointContents } from './torch-checkpoint.js';
export { saveModel, loadModel, MODEL_FORMAT, MODEL_VERSION, MAX_CONFIG_DEPTH } from './model-file.js';
export type { ModuleBuilders, ModuleSpec, BuildContext, ShapeContext, BuildFunction } from './model-file.js';
export { atomicWriteFile, createAtomicWriter } from './atomic-write.js';
export type { AtomicWriter } from './atomic-write.js';
