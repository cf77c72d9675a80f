/**
 * Text → model inputs in one call: tokenize, map to ids with the vocabulary's unknown-token
 * policy, add `<bos>`/`<eos>`, then pad into a batch with mask and lengths. And back: ids → text.
 */
import type { Tokenizer } from './tokenizer.js';
import type { EncodeTokensOptions, Vocabulary } from './vocabulary.js';
import { padSequences } from './padding.js';
import type { PadOptions, PaddedBatch } from './padding.js';

/**
 * Encodes one text to ids.
 *
 * @example
 * const ids = encodeText('To be', tok, vocab, { addBos: true, unknown: 'error' }); // Int32Array
 */
export function encodeText(text: string, tokenizer: Tokenizer, vocabulary: Vocabulary, options: EncodeTokensOptions = {}): Int32Array {
  return vocabulary.encode(tokenizer.tokenize(text), options);
}

/**
 * Encodes many texts and pads them into one batch. Padding uses the vocabulary's `<pad>` id;
 * with truncation, `<eos>`/`<bos>` may be cut like any other token.
 *
 * @example
 * const batch = encodeBatch(['hello world', 'hi'], tok, vocab, { length: 8, addEos: true });
 * batch.shape;   // [2, 8]
 * batch.lengths; // Int32Array [3, 2]
 */
export function encodeBatch(
  texts: readonly string[],
  tokenizer: Tokenizer,
  vocabulary: Vocabulary,
  options: EncodeTokensOptions & Omit<PadOptions, 'padValue'> = {},
): PaddedBatch {
  const seqs = texts.map((t) => encodeText(t, tokenizer, vocabulary, options));
  return padSequences(seqs, { ...options, padValue: vocabulary.padId });
}

/**
 * Decodes ids back to text; specials (`<pad>`, `<bos>`, `<eos>`) are dropped, `<unk>` kept.
 *
 * @example
 * decodeIds(ids, tok, vocab); // 'to be'
 */
export function decodeIds(ids: ArrayLike<number>, tokenizer: Tokenizer, vocabulary: Vocabulary, options: { skipSpecial?: boolean } = {}): string {
  return tokenizer.detokenize(vocabulary.decode(ids, options));
}
