/**
 * Diagnostics of recurrent training: per-step gradient norms from the BPTT kernels, gradient
 * flow through time (memory horizon, decay rate, exploding gradients), the W_hh spectrum per
 * gate block, and gate saturation; as plain functions and as `fit` callbacks.
 */
export {
  memoryHorizon, decayRate, explodingGradient, gradientGrowth, gradientRatio, gradientFlow, GRADIENT_FLOW_DEFAULTS,
  type DecayRate, type GradientFlow, type GradientFlowOptions,
} from './gradient-flow.js';
export { recurrentSpectrum, type GateSpectrum, type WeightSpectrum } from './spectrum.js';
export {
  gateSaturation, SATURATION_THRESHOLDS, SATURATION_DEFAULTS,
  type SaturationOptions, type LayerSaturation, type GateSaturation, type PreActivationHistogram,
} from './saturation.js';
export type { GateActivation } from './layers.js';
export {
  spectrumTracker, gradientFlowCallback, saturationTracker,
  type SpectrumRecord, type SaturationRecord, type SpectrumTrackerOptions, type GradientCurves, type GradientCurveSource, type CurveFlow,
  type GradientFlowRecord, type GradientFlowCallbackOptions,
} from './callbacks.js';
export { GradientNormRecorder, type GradientNormEntry, type RecurrentDirection } from './gradient-norms.js';
