/**
 * Audio: WAV files in and out, resampling, and the speech front end (spectrogram, mel
 * filterbank, log-mel, MFCC, deltas, CMVN, silence trimming) producing time-major frames with
 * lengths for the recurrent layers.
 *
 * @module recurrent/audio
 */
export { readWav, type WavAudio } from './wav-read.js';
export { writeWav, type WriteWavOptions } from './wav-write.js';
export { loadWav, saveWav } from './wav-file.js';
export { toMono } from './channels.js';
export { resample, type ResampleOptions } from './resample.js';
export { makeWindow, type WindowKind } from './window.js';
export { preEmphasis } from './preemphasis.js';
export { powerSpectrogram, frameCount, type SpectrogramOptions, type FeatureFrames } from './stft.js';
export { melFilterbank, applyFilterbank, hzToMel, melToHz, type MelScale, type MelFilterbankOptions } from './mel.js';
export { logCompress, dctMatrix, mfccFromLogMel } from './mfcc.js';
export { computeDeltas } from './deltas.js';
export { cmvn } from './normalize.js';
export { trimSilence, type TrimOptions } from './trim.js';
export { audioFeatures, resolveAudioFeatures, DEFAULT_AUDIO_FEATURES, type AudioFeatureOptions } from './features.js';
export { featureBatch } from './batch.js';
// CTC, for speech to text over these frames: the loss and its decoders, CER/WER
export { ctcLoss, type CtcLossOptions } from '../losses/ctc.js';
export * from '../ctc/index.js';
// Training-time augmentation of feature frames: SpecAugment's masks, speed perturbation
export { maskFrames, stretchFrames, type FrameMaskOptions } from './augment.js';
