/**
 * Text ↔ token ids for a language model, at one of three levels:
 *
 *   char  one token per code point (newlines included); vocabulary with `<unk>` only, so no
 *         <pad>/<bos>/<eos> class is ever predicted; unseen characters map to `<unk>`
 *   word  words and punctuation per line, `<eos>` at each line end (it stands for the
 *         newline); `<unk>` for words past `maxVocab`
 *   bpe   subwords learned by `trainBpe` on the training text (whitespace pieces kept, so
 *         detokenising gives the text back); `<unk>` for characters the training text lacks
 *
 * The tokenizer and the vocabulary are built from the training part only.
 */

import { CharTokenizer } from '../../text/char-tokenizer.js';
import { WordTokenizer } from '../../text/word-tokenizer.js';
import { trainBpe } from '../../text/bpe-train.js';
import { Vocabulary } from '../../text/vocabulary.js';
import type { Tokenizer } from '../../text/tokenizer.js';
import { ValueError } from '../../errors.js';
import type { TokenLevel } from './options.js';

/** A tokenizer and its vocabulary at one level, with the text ↔ id conversions. */
export class TextCodec {
  constructor(readonly level: TokenLevel, readonly tokenizer: Tokenizer, readonly vocabulary: Vocabulary) {}

  /** Builds the tokenizer (BPE: trains it) and the vocabulary from `text`, the training part. */
  static build(level: TokenLevel, text: string, o: { lowercase: boolean; maxVocab: number; bpeVocabSize: number }): TextCodec {
    if (level === 'char') {
      const tok = new CharTokenizer({ lowercase: o.lowercase });
      return new TextCodec(level, tok, Vocabulary.build([tok.tokenize(text)], { reserve: ['unk'] }));
    }
    if (level === 'word') {
      const tok = new WordTokenizer({ lowercase: o.lowercase });
      return new TextCodec(level, tok, Vocabulary.build(text.split('\n').map((l) => tok.tokenize(l)), { reserve: ['unk', 'eos'], maxSize: o.maxVocab }));
    }
    const tok = trainBpe([text], { vocabSize: o.bpeVocabSize, lowercase: o.lowercase });
    return new TextCodec(level, tok, Vocabulary.build([tok.tokenize(text)], { reserve: ['unk'] }));
  }

  /** Number of token ids (V). */
  get size(): number {
    return this.vocabulary.size;
  }

  /** Text → ids (unknown tokens → `<unk>`; for words, `<eos>` at each newline). */
  encode(text: string): Int32Array {
    if (this.level !== 'word') return this.vocabulary.encode(this.tokenizer.tokenize(text));
    const lines = text.split('\n');
    const parts: Int32Array[] = [];
    let n = 0;
    lines.forEach((line, i) => {
      const ids = this.vocabulary.encode(this.tokenizer.tokenize(line), { addEos: i < lines.length - 1 });
      parts.push(ids);
      n += ids.length;
    });
    const out = new Int32Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Ids → text (`<unk>` written as its spelling; for words, `<eos>` as a newline and words joined by spaces). */
  decode(ids: ArrayLike<number>): string {
    if (this.level !== 'word') return this.tokenizer.detokenize(this.vocabulary.decode(ids, { skipSpecial: false }));
    const eos = this.vocabulary.eosId;
    let out = '';
    let line: number[] = [];
    const flush = () => {
      out += this.tokenizer.detokenize(this.vocabulary.decode(line, { skipSpecial: false }));
      line = [];
    };
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === eos) {
        flush();
        out += '\n';
      } else line.push(ids[i]);
    }
    flush();
    return out;
  }
}

/**
 * The text cut into its training and validation parts: the validation part is the last
 * `fraction` of the code points, moved forward to the next line start for 'word' and 'bpe' (a
 * word is never cut in two; for 'char' the cut is exact, so token i of the stream is character i).
 */
export function splitText(text: string, fraction: number, level: TokenLevel): { train: string; validation: string } {
  const chars = Array.from(text);
  let cut = Math.floor(chars.length * (1 - fraction));
  if (level !== 'char') {
    while (cut < chars.length && chars[cut - 1] !== '\n') cut++;
  }
  const train = chars.slice(0, cut).join('');
  const validation = chars.slice(cut).join('');
  if (!train.length || !validation.length) {
    throw new ValueError(`LanguageModel: the text (${chars.length} characters) leaves ${train.length ? 'no validation part' : 'no training part'} at validationFraction ${fraction}${level === 'char' ? '' : ' cut at a line end'}; give a longer text`);
  }
  return { train, validation };
}
