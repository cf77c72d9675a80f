/** The training loop `fit`, its data sources, options, logs and checkpoints. */
export { fit } from './fit.js';
export { tensorData, subsetData } from './data.js';
export { FIT_DEFAULTS } from './options.js';
export type { FitOptions, OptimizerName, CheckpointableOptimizer, ScheduleSpec, EarlyStoppingOptions, CheckpointOptions } from './options.js';
export type { TrainData, LossFn, StepLog, EpochLog, StopReason, TrainBeginInfo, Callback, History } from './types.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './checkpoint.js';
