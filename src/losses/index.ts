export type { Reduction, ReductionOptions, ElementwiseLossOptions } from './reduction.js';
export { mseLoss } from './mse.js';
export { l1Loss } from './l1.js';
export { huberLoss, type HuberLossOptions } from './huber.js';
export { pinballLoss } from './pinball.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { bceWithLogits, type BceWithLogitsOptions } from './bce-with-logits.js';
export { logSigmoid } from './log-sigmoid.js';
export { ctcLoss, type CtcLossOptions } from './ctc.js';
