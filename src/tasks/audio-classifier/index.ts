/** Recording classification (many-to-one over audio frames): AudioClassifier, its baseline, data layouts and splits. */
export { AudioClassifier, type AudioPrediction, type AudioClassifierEvaluation } from './classifier.js';
export { AUDIO_CLASSIFIER_DEFAULTS, VALIDATION_BY, type AudioClassifierOptions, type ValidationBy } from './options.js';
export { validationSplit, type AudioFitOptions } from './validation-split.js';
export { resolveAudioClassifierOptions, type ResolvedAudioClassifierOptions } from './resolve.js';
export { AudioNet, audioNetSpec, audioNetShapes, type AudioNetOptions } from './network.js';
export { FrameStatsLogistic, frameStatistics, type FrameMatrix, type FrameStatsLogisticJSON } from './baseline.js';
export { fitFrameScaler, scaleFrames, type FrameScaler } from './frames.js';
export { listAudioDataset, splitAudioDataset, speakerRegex, FSDD_PATTERN, HELD_OUT_SPEAKERS, type AudioItem, type AudioSplit } from './dataset.js';
export { saveAudioClassifier, loadAudioClassifier, AUDIO_CLASSIFIER_FORMAT, AUDIO_CLASSIFIER_VERSION } from './bundle.js';
