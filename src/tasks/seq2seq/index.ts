export { Translator, type Translation, type TranslateOptions, type TranslatorEvaluation } from './translator.js';
export { TRANSLATOR_DEFAULTS, type TranslatorOptions } from './options.js';
export type { ResolvedTranslatorOptions } from './resolve.js';
export { Seq2Seq, seq2seqShapes, seq2seqSpec, type Seq2SeqOptions, type Encoded as Seq2SeqEncoded } from './model.js';
export { beamSearch, greedySearch, lengthNormalizer, type StepDecoder, type Hypothesis, type SearchOptions } from './beam-search.js';
export { parsePairs, splitPairs, dialoguePairs, type TextPair } from './pairs.js';
export { samplingProbabilityAt, mixPredictions } from './scheduled-sampling.js';
export { saveTranslator, loadTranslator, savedHistory, TRANSLATOR_FORMAT, TRANSLATOR_VERSION, type SavedTranslatorHistory } from './bundle.js';
export { renderTranslatorReport, type TranslatorReportInput } from './report.js';
