/**
 * The contract every tokenizer meets: text in, string tokens out, and back. Tokenizers never
 * assign ids; a {@link Vocabulary} does, so that one vocabulary policy (specials, `<unk>`)
 * serves characters, words and subwords alike.
 */
import { ValueError } from '../errors.js';

/** Splits text into string tokens and joins tokens back into text. */
export interface Tokenizer {
  /** Text → tokens. Never throws on any string input, including the empty string. */
  tokenize(text: string): string[];
  /** Tokens → text. Exact inverse for char and BPE tokenizers (without lower-casing or normalisation). */
  detokenize(tokens: readonly string[]): string;
}

/** Unicode normalisation forms accepted by `String.prototype.normalize`. */
export type NormalizationForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

/** Options shared by the tokenizers for preparing text before it is split. */
export interface TextPrepOptions {
  /** Lower-case the text first (locale-aware when `locale` is set). Default false. */
  lowercase?: boolean;
  /** Unicode normalisation applied first; undefined (default) leaves the text as is. */
  normalize?: NormalizationForm;
  /** BCP 47 locale for lower-casing and word segmentation, e.g. 'tr'. Default: the runtime's. */
  locale?: string;
}

const FORMS = new Set<string>(['NFC', 'NFD', 'NFKC', 'NFKD']);

/** Throws a ValueError unless `form` is undefined or a normalisation form. */
export function checkNormalization(where: string, form: unknown): void {
  if (form !== undefined && !FORMS.has(form as string)) {
    throw new ValueError(`${where}: normalize must be 'NFC', 'NFD', 'NFKC' or 'NFKD', got ${JSON.stringify(form)}`);
  }
}

/** Applies normalisation, then lower-casing, as the options ask. */
export function prepareText(text: string, opts: TextPrepOptions): string {
  let s = opts.normalize ? text.normalize(opts.normalize) : text;
  if (opts.lowercase) s = opts.locale ? s.toLocaleLowerCase(opts.locale) : s.toLowerCase();
  return s;
}
