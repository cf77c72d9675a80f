/**
 * `recurrent/audio`: the audio front end (WAV files, resampling, spectrogram, mel filterbank,
 * log-mel, MFCC, deltas, CMVN, silence trimming, training-time augmentation), CTC, and the two
 * audio tasks built on them: the AudioClassifier (spoken words, sound events, genres) and the
 * SpeechRecognizer (speech to text with CTC). Apart from the root entry because the FFT it uses
 * (fft.js) is a CommonJS package.
 *
 * @example
 * import { AudioClassifier, loadWav } from 'recurrent/audio';
 * const clf = new AudioClassifier();
 * await clf.fit(wavs.map((w) => clf.features(w)), labels, { speakers });
 *
 * @module recurrent/audio
 */
export * from './index.js';
export * from '../tasks/audio-classifier/index.js';
export * from '../tasks/speech/index.js';
