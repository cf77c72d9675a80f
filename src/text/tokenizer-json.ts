/**
 * A tokenizer as JSON, so that a task bundle keeps the exact tokenizer its vocabulary was built
 * with: the character and word tokenizers by their options, a BPE model by its alphabet and
 * merges. `tokenizerFromJSON` turns every way the value can be wrong into a FormatError.
 */
import { FormatError, ValueError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';
import { isRecord } from '../io/is-record.js';
import { CharTokenizer, type CharTokenizerOptions } from './char-tokenizer.js';
import { WordTokenizer, type WordTokenizerOptions } from './word-tokenizer.js';
import { BpeTokenizer, type BpeJSON } from './bpe.js';
import type { Tokenizer } from './tokenizer.js';

/** The JSON form of a tokenizer, as written by {@link tokenizerToJSON}. */
export type TokenizerJSON =
  | { type: 'char'; options: CharTokenizerOptions }
  | { type: 'word'; options: WordTokenizerOptions }
  | { type: 'bpe'; model: BpeJSON };

/** Options that are set (undefined ones left out, so the JSON has no nulls to misread). */
function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The JSON form of a CharTokenizer, WordTokenizer or BpeTokenizer.
 *
 * @example
 * const json = tokenizerToJSON(new WordTokenizer({ punctuation: 'strip' }));
 * const same = tokenizerFromJSON(JSON.parse(JSON.stringify(json)));
 * same.tokenize('Hello, world!'); // ['hello', 'world']
 */
export function tokenizerToJSON(t: Tokenizer): TokenizerJSON {
  if (t instanceof CharTokenizer) return { type: 'char', options: definedOnly({ ...t.options }) };
  if (t instanceof WordTokenizer) return { type: 'word', options: definedOnly({ ...t.options }) };
  if (t instanceof BpeTokenizer) return { type: 'bpe', model: t.toJSON() };
  throw new ValueError(`tokenizerToJSON: expected a CharTokenizer, WordTokenizer or BpeTokenizer, got ${t?.constructor?.name ?? typeof t}`);
}

const CHAR_KEYS = ['unit', 'lowercase', 'normalize', 'locale', 'dropControl'];
const WORD_KEYS = ['lowercase', 'punctuation', 'split', 'normalize', 'locale', 'dropControl'];

/** The options object of `v`, refusing keys the tokenizer does not have. */
function optionsOf(v: Record<string, unknown>, keys: readonly string[], what: string): Record<string, unknown> {
  if (!isRecord(v.options)) throw new FormatError(what, `"options" must be an object, got ${previewJson(v.options, 80)}`);
  for (const k of Object.keys(v.options)) {
    if (!keys.includes(k)) throw new FormatError(what, `"options.${k}" is not an option of a ${String(v.type)} tokenizer (known: ${keys.join(', ')})`);
  }
  return v.options;
}

/** Rebuilds a tokenizer from {@link tokenizerToJSON} output; a FormatError names what is wrong. */
export function tokenizerFromJSON(value: unknown, what = 'tokenizer'): Tokenizer {
  if (!isRecord(value)) throw new FormatError(what, `expected an object {type, ...}, got ${previewJson(value, 80)}`);
  try {
    if (value.type === 'char') return new CharTokenizer(optionsOf(value, CHAR_KEYS, what) as CharTokenizerOptions);
    if (value.type === 'word') return new WordTokenizer(optionsOf(value, WORD_KEYS, what) as WordTokenizerOptions);
  } catch (e) {
    if (e instanceof ValueError) throw new FormatError(what, e.message);
    throw e;
  }
  if (value.type === 'bpe') return BpeTokenizer.fromJSON(value.model, what);
  throw new FormatError(what, `"type" must be 'char', 'word' or 'bpe', got ${previewJson(value.type, 80)}`);
}
