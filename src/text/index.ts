/**
 * Text: tokenizers, vocabulary, encoding, padding, one-hot and length bucketing.
 *
 * @module recurrent/text
 */
export type { Tokenizer, NormalizationForm, TextPrepOptions } from './tokenizer.js';
export { CharTokenizer } from './char-tokenizer.js';
export type { CharTokenizerOptions } from './char-tokenizer.js';
export { WordTokenizer } from './word-tokenizer.js';
export type { WordTokenizerOptions } from './word-tokenizer.js';
export { BpeTokenizer, bpePieces } from './bpe.js';
export type { BpeJSON } from './bpe.js';
export { trainBpe } from './bpe-train.js';
export { tokenizerToJSON, tokenizerFromJSON } from './tokenizer-json.js';
export type { TokenizerJSON } from './tokenizer-json.js';
export type { TrainBpeOptions } from './bpe-train.js';
export { Vocabulary, DEFAULT_SPECIAL_TOKENS, SPECIAL_NAMES } from './vocabulary.js';
export type {
  SpecialTokens, SpecialName, UnknownTokenPolicy, VocabularySpecialOptions, BuildVocabularyOptions, EncodeTokensOptions, VocabularyJSON,
} from './vocabulary.js';
export { encodeText, encodeBatch, decodeIds } from './encode.js';
export { padSequences } from './padding.js';
export type { PadOptions, PaddedBatch } from './padding.js';
export { oneHotEncode } from './one-hot.js';
export type { OneHotOptions } from './one-hot.js';
export { bucketByLength, paddingFraction } from './buckets.js';
export type { BucketOptions } from './buckets.js';
export { corpusBleu, sentenceBleu, tokenAccuracy, type BleuOptions, type BleuResult, type BleuSmoothing, type References } from './bleu.js';
