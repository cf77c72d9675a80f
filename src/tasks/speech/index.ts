/** Speech to text with CTC: SpeechRecognizer, its network, and the spoken digit strings it is trained and scored on. */
export { SpeechRecognizer, type Transcript, type SpeechEvaluation } from './recognizer.js';
export { SPEECH_DEFAULTS, type SpeechRecognizerOptions } from './options.js';
export { resolveSpeechOptions, type ResolvedSpeechOptions } from './resolve.js';
export { SpeechNet, speechNetSpec, speechNetShapes, type SpeechNetOptions } from './network.js';
export { makeDigitStrings, digitsToText, digitsToLabels, labelsToDigits, DIGIT_WORDS, DIGIT_STRING_DEFAULTS, type DigitClip, type DigitString, type DigitStringOptions } from './digit-strings.js';
export { saveSpeechRecognizer, loadSpeechRecognizer, SPEECH_FORMAT, SPEECH_VERSION } from './bundle.js';
