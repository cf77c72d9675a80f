/**
 * The contract every tokenizer meets: text in, string tokens out, and back. Tokenizers never
 * assign ids; a {@link Vocabulary} does, so that one vocabulary policy (specials, `<unk>`)
 * serves characters, words and subwords alike.
 */
import { ValueError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';

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
  /**
   * Drop control characters (Unicode category Cc: NUL, escape codes, DEL, C1 controls) before
   * anything else, keeping tab, newline and carriage return. Default false.
   */
  dropControl?: boolean;
}

/** Every control character except tab, newline and carriage return. */
const CONTROL = /[^\P{Cc}\t\n\r]/gu;

const FORMS = new Set<string>(['NFC', 'NFD', 'NFKC', 'NFKD']);

/** Throws a ValueError unless `v` is undefined or a boolean. */
export function checkDropControl(where: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') throw new ValueError(`${where}: dropControl must be true or false, got ${previewJson(v, 80)}`);
}

/** Throws a ValueError unless `form` is undefined or a normalisation form. */
export function checkNormalization(where: string, form: unknown): void {
  if (form !== undefined && !FORMS.has(form as string)) {
    throw new ValueError(`${where}: normalize must be 'NFC', 'NFD', 'NFKC' or 'NFKD', got ${previewJson(form, 80)}`);
  }
}

/**
 * Throws a ValueError unless `locale` is undefined or a well-formed BCP 47 tag, so that a bad
 * tag fails when the tokenizer is made (or loaded), not with a RangeError on the first text.
 */
export function checkLocale(where: string, locale: unknown): void {
  if (locale === undefined) return;
  let ok = typeof locale === 'string';
  try {
    if (ok) Intl.getCanonicalLocales(locale as string);
  } catch {
    ok = false;
  }
  if (!ok) throw new ValueError(`${where}: locale must be a BCP 47 language tag such as 'tr' or 'en-GB', got ${previewJson(locale, 80)}`);
}

/** Drops control characters (if asked), then applies normalisation, then lower-casing, as the options ask. */
export function prepareText(text: string, opts: TextPrepOptions): string {
  let s = opts.dropControl ? text.replace(CONTROL, '') : text;
  if (opts.normalize) s = s.normalize(opts.normalize);
  if (opts.lowercase) s = opts.locale ? s.toLocaleLowerCase(opts.locale) : s.toLowerCase();
  return s;
}
