/**
 * Word2Vec: training (skip-gram / CBOW, negative sampling / hierarchical softmax) on a corpus
 * streamed from a file, word vectors with similarity queries and analogies, the standard
 * evaluations, and the word2vec text / binary and GloVe file formats.
 *
 * @module recurrent/word2vec
 */
export { trainWord2Vec, trainOnCorpus } from './train.js';
export { fillAliasTable, drawNoise } from './noise.js';
export type { TrainProgress, TrainStats, Word2VecResult, TrainCallbacks } from './train.js';
export { resolveOptions } from './options.js';
export type { Word2VecOptions, ResolvedWord2VecOptions, Word2VecModel } from './options.js';
export { readCorpus } from './corpus.js';
export type { Corpus, CorpusInput } from './corpus.js';
export type { Vocabulary, HuffmanTree } from './vocab.js';
export { buildHuffman } from './vocab.js';
export { KeyedVectors } from './keyed-vectors.js';
export type { Neighbour, SimilarOptions, AnalogyMethod } from './keyed-vectors.js';
export { evaluateWordPairs, evaluateAnalogies, parseWordPairs, parseAnalogies, spearman, pearson, rank } from './evaluate.js';
export type { WordPair, AnalogySection, EvalOptions, PairEvaluation, AnalogyEvaluation } from './evaluate.js';
export {
  readVectors,
  writeVectors,
  decodeVectors,
  encodeVectors,
  detectFormat,
  formatFloat32,
  readWord2VecText,
  readWord2VecBinary,
  readGloVeText,
  writeWord2VecText,
  writeWord2VecBinary,
  writeGloVeText,
} from './formats.js';
export type { VectorFormat } from './formats.js';
