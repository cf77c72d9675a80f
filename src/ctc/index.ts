export type { CtcDecodeOptions } from './input.js';
export { ctcGreedyDecode } from './greedy.js';
export { ctcBeamDecode, type CtcBeamOptions, type CtcHypothesis } from './beam.js';
export { editDistance, errorRate } from './edit-distance.js';
