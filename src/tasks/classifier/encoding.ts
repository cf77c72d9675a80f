/**
 * Texts to id sequences for the classifier: the tokenizer of the chosen level (BPE merges
 * learned on the training texts only), the vocabulary built from the training texts only with
 * `<pad>` = 0 and `<unk>` = 1 reserved, and the encoding of any text with unknown tokens as
 * `<unk>`, cut to `maxLength`. A text with no token at all becomes one `<unk>`, so every
 * sequence has a length ≥ 1 for the recurrent layer.
 */

import { CharTokenizer } from '../../text/char-tokenizer.js';
import { WordTokenizer } from '../../text/word-tokenizer.js';
import { trainBpe } from '../../text/bpe-train.js';
import { Vocabulary } from '../../text/vocabulary.js';
import type { Tokenizer } from '../../text/tokenizer.js';
import type { ResolvedClassifierOptions } from './resolve.js';

/** The specials every classifier vocabulary reserves: `<pad>` = 0 (= PAD_ID, the canonical order puts it first), `<unk>` = 1. */
export const CLASSIFIER_SPECIALS = ['pad', 'unk'] as const;

/** Tokenizer and vocabulary learned from the training texts. */
export interface TextEncoding {
  readonly tokenizer: Tokenizer;
  readonly vocabulary: Vocabulary;
}

/** Builds the tokenizer of `o.level` and the vocabulary from `texts` (the training part). */
export function buildEncoding(texts: readonly string[], o: ResolvedClassifierOptions): TextEncoding {
  const prep = { lowercase: o.lowercase, dropControl: o.dropControl };
  const tokenizer: Tokenizer =
    o.level === 'word' ? new WordTokenizer(prep)
    : o.level === 'char' ? new CharTokenizer(prep)
    : trainBpe(texts, { ...prep, vocabSize: o.bpeVocabSize });
  const vocabulary = Vocabulary.build(texts.map((t) => tokenizer.tokenize(t)), {
    reserve: CLASSIFIER_SPECIALS,
    minCount: o.minCount,
    ...(o.maxVocabSize === null ? {} : { maxSize: o.maxVocabSize }),
  });
  return { tokenizer, vocabulary };
}

/** Each text as ids (unknown tokens → `<unk>`), at most `maxLength` of them, at least one. */
export function encodeTexts(texts: readonly string[], e: TextEncoding, maxLength: number): Int32Array[] {
  return texts.map((t) => {
    const ids = e.vocabulary.encode(e.tokenizer.tokenize(t), { unknown: 'unk' });
    if (ids.length === 0) return Int32Array.of(e.vocabulary.unkId);
    return ids.length > maxLength ? ids.slice(0, maxLength) : ids;
  });
}
