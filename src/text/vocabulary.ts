/**
 * Vocabulary: the two-way map between string tokens and integer ids, with special tokens at
 * fixed ids (by default `<pad>` 0, `<unk>` 1, `<bos>` 2, `<eos>` 3, then any extra specials;
 * `reserve` keeps only some of the four, in that order) and an explicit policy for tokens it
 * has never seen. Saved as a small JSON file that travels with the model.
 */
import { FormatError, ValueError } from '../errors.js';
import { atomicWriteFile } from '../io/atomic-write.js';
import { previewJson } from '../io/json-preview.js';
import { checkHeader, checkStringArray, isRecord, parseJsonBytes, readJsonFile } from './json-file.js';

/** The four reserved tokens. Their ids are always pad 0, unk 1, bos 2, eos 3. */
export interface SpecialTokens {
  pad: string;
  unk: string;
  bos: string;
  eos: string;
}

/** The name of one of the four reserved tokens. */
export type SpecialName = keyof SpecialTokens;

/** The four reserved tokens in their canonical id order. */
export const SPECIAL_NAMES: readonly SpecialName[] = Object.freeze(['pad', 'unk', 'bos', 'eos'] as const);

/** Default spellings of the special tokens. */
export const DEFAULT_SPECIAL_TOKENS: Readonly<SpecialTokens> = Object.freeze({
  pad: '<pad>',
  unk: '<unk>',
  bos: '<bos>',
  eos: '<eos>',
});

/**
 * What to do with a token that is not in the vocabulary: map it to `<unk>` (default), throw
 * a ValueError naming the token and its position, or skip it.
 */
export type UnknownTokenPolicy = 'unk' | 'error' | 'skip';

/** Options shared by the vocabulary constructors. */
export interface VocabularySpecialOptions {
  /** Spellings of the special tokens (default `<pad>`, `<unk>`, `<bos>`, `<eos>`). */
  specials?: Partial<SpecialTokens>;
  /**
   * Which of the four specials get an id (default all four). They keep the canonical order pad,
   * unk, bos, eos: `['unk']` gives `<unk>` id 0; `[]` reserves none (a character language model
   * wants no `<bos>`/`<eos>`/`<pad>` classes that it would never predict).
   */
  reserve?: readonly SpecialName[];
  /** More reserved tokens (e.g. `<sep>`, `<mask>`), given the ids after the reserved specials, in this order. */
  extraSpecials?: readonly string[];
}

/** Options of {@link Vocabulary.build}. */
export interface BuildVocabularyOptions extends VocabularySpecialOptions {
  /** Drop tokens seen fewer times than this. Default 1 (keep everything). */
  minCount?: number;
  /** Largest vocabulary size, specials included; the most frequent tokens are kept. Default: no limit. */
  maxSize?: number;
}

/** Options of {@link Vocabulary.encode}. */
export interface EncodeTokensOptions {
  /** Policy for unknown tokens. Default 'unk'. */
  unknown?: UnknownTokenPolicy;
  /** Prepend `<bos>`. Default false. */
  addBos?: boolean;
  /** Append `<eos>`. Default false. */
  addEos?: boolean;
}

/** The JSON form of a vocabulary, as written by {@link Vocabulary.save}. */
export interface VocabularyJSON {
  format: 'recurrent-vocabulary';
  version: 2;
  specials: SpecialTokens;
  /** The specials that have ids (version 1 files, which have no such field, reserve all four). */
  reserve: SpecialName[];
  extraSpecials: string[];
  /** Every token in id order, specials first. */
  tokens: string[];
}

const FORMAT = 'recurrent-vocabulary';
const VERSION = 2;

/** `reserve` checked and put in canonical order; ValueError on an unknown or repeated name. */
function checkReserve(where: string, reserve: unknown): SpecialName[] {
  if (reserve === undefined) return [...SPECIAL_NAMES];
  if (!Array.isArray(reserve)) throw new ValueError(`${where}: reserve must be an array of 'pad', 'unk', 'bos', 'eos', got ${previewJson(reserve, 80)}`);
  for (const [i, r] of reserve.entries()) {
    if (!SPECIAL_NAMES.includes(r as SpecialName)) throw new ValueError(`${where}: reserve[${i}] must be 'pad', 'unk', 'bos' or 'eos', got ${previewJson(r, 80)}`);
    if (reserve.indexOf(r) !== i) throw new ValueError(`${where}: reserve names ${previewJson(r, 80)} twice`);
  }
  return SPECIAL_NAMES.filter((n) => reserve.includes(n));
}

/**
 * An immutable token ↔ id map.
 *
 * @example
 * const tok = new WordTokenizer();
 * const vocab = Vocabulary.build(texts.map((t) => tok.tokenize(t)), { minCount: 2, maxSize: 10_000 });
 * const ids = vocab.encode(tok.tokenize('hello world'), { addEos: true }); // Int32Array
 * vocab.decode(ids); // ['hello', 'world'] (specials dropped)
 * await vocab.save('model/vocab.json');
 * const same = await Vocabulary.load('model/vocab.json');
 */
export class Vocabulary {
  /** Every token, in id order. */
  readonly tokens: readonly string[];
  readonly specials: Readonly<SpecialTokens>;
  readonly extraSpecials: readonly string[];
  /** The specials that have ids, in id order (a subset of pad, unk, bos, eos). */
  readonly reserved: readonly SpecialName[];
  private readonly ids: Map<string, number>;
  private readonly specialIds: Readonly<Partial<Record<SpecialName, number>>>;

  /** Builds from tokens already in id order, specials first; prefer {@link Vocabulary.build} or {@link Vocabulary.fromTokens}. */
  private constructor(tokens: string[], specials: SpecialTokens, reserved: SpecialName[], extraSpecials: string[]) {
    this.tokens = Object.freeze(tokens);
    this.specials = Object.freeze({ ...specials });
    this.reserved = Object.freeze([...reserved]);
    this.extraSpecials = Object.freeze([...extraSpecials]);
    this.ids = new Map(tokens.map((t, i) => [t, i]));
    this.specialIds = Object.freeze(Object.fromEntries(reserved.map((n, i) => [n, i])));
  }

  /** Whether the special `name` has an id in this vocabulary. */
  hasSpecial(name: SpecialName): boolean {
    return this.specialIds[name] !== undefined;
  }

  /** The id of a reserved special; ValueError when this vocabulary reserves none. */
  specialId(name: SpecialName): number {
    const id = this.specialIds[name];
    if (id === undefined) {
      throw new ValueError(`Vocabulary: this vocabulary reserves no ${this.specials[name]} (it reserves ${this.reserved.length ? this.reserved.join(', ') : 'no specials'}); build it with reserve including '${name}'`);
    }
    return id;
  }

  /** Id of `<pad>` (0 when reserved); ValueError when not reserved. */
  get padId(): number { return this.specialId('pad'); }
  /** Id of `<unk>`; ValueError when not reserved. */
  get unkId(): number { return this.specialId('unk'); }
  /** Id of `<bos>`; ValueError when not reserved. */
  get bosId(): number { return this.specialId('bos'); }
  /** Id of `<eos>`; ValueError when not reserved. */
  get eosId(): number { return this.specialId('eos'); }

  /** Number of tokens, specials included. This is the `numEmbeddings` / one-hot depth. */
  get size(): number {
    return this.tokens.length;
  }

  /** Number of reserved tokens at the start (the reserved specials plus the extra specials). */
  get numSpecials(): number {
    return this.reserved.length + this.extraSpecials.length;
  }

  /**
   * Counts tokens over a corpus of token lists and keeps those seen `minCount` times or more,
   * most frequent first (ties in token order, so the result is deterministic), up to `maxSize`.
   */
  static build(corpus: Iterable<Iterable<string>>, options: BuildVocabularyOptions = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    if (!Number.isInteger(minCount) || minCount < 1) {
      throw new ValueError(`Vocabulary.build: minCount must be an integer >= 1, got ${minCount}`);
    }
    const counts = new Map<string, number>();
    for (const seq of corpus) {
      if (typeof seq === 'string') {
        throw new ValueError('Vocabulary.build: expected a corpus of token lists, got a string; pass [tokenizer.tokenize(text)], not text');
      }
      for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const ranked = [...counts].filter(([, c]) => c >= minCount)
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .map(([t]) => t);
    return Vocabulary.fromTokens(ranked, options);
  }

  /** A vocabulary of the specials followed by `tokens` in the given order (duplicates and specials skipped). */
  static fromTokens(tokens: Iterable<string>, options: VocabularySpecialOptions & { maxSize?: number } = {}): Vocabulary {
    const specials: SpecialTokens = { ...DEFAULT_SPECIAL_TOKENS, ...options.specials };
    const reserve = checkReserve('Vocabulary', options.reserve);
    const extra = [...(options.extraSpecials ?? [])];
    const reserved = [...reserve.map((n) => specials[n]), ...extra];
    reserved.forEach((t, i) => {
      if (typeof t !== 'string' || t === '') throw new ValueError(`Vocabulary: special token ${i} must be a non-empty string, got ${previewJson(t)}`);
      if (reserved.indexOf(t) !== i) throw new ValueError(`Vocabulary: special token ${previewJson(t)} is given twice; each special needs its own spelling`);
    });
    const maxSize = options.maxSize ?? Infinity;
    if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < reserved.length)) {
      throw new ValueError(`Vocabulary: maxSize must be an integer >= ${reserved.length} (the number of special tokens), got ${maxSize}`);
    }
    const all = [...reserved];
    const seen = new Set(all);
    for (const t of tokens) {
      if (all.length >= maxSize) break;
      if (typeof t !== 'string') throw new ValueError(`Vocabulary: tokens must be strings, got ${typeof t}`);
      if (!seen.has(t)) {
        seen.add(t);
        all.push(t);
      }
    }
    return new Vocabulary(all, specials, reserve, extra);
  }

  /** Whether `token` has an id of its own. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The id of `token`, or `unkId` when it is unknown (a ValueError naming it when there is no `<unk>`). */
  tokenToId(token: string): number {
    const id = this.ids.get(token);
    if (id !== undefined) return id;
    if (!this.hasSpecial('unk')) throw new ValueError(`Vocabulary.tokenToId: unknown token ${previewJson(token)}, and this vocabulary reserves no ${this.specials.unk}`);
    return this.unkId;
  }

  /** The token of `id`; throws a ValueError when `id` is outside [0, size). */
  idToToken(id: number): string {
    const t = Number.isInteger(id) ? this.tokens[id] : undefined;
    if (t === undefined) throw new ValueError(`Vocabulary.idToToken: id ${id} is outside [0, ${this.size}); was it made with another vocabulary?`);
    return t;
  }

  /** Whether `id` is a reserved (special) id. */
  isSpecialId(id: number): boolean {
    return id >= 0 && id < this.numSpecials;
  }

  /**
   * Tokens → ids, applying the unknown-token policy.
   * @throws ValueError under `unknown: 'error'`, naming the token and its position.
   */
  encode(tokens: readonly string[], options: EncodeTokensOptions = {}): Int32Array {
    const policy = options.unknown ?? 'unk';
    if (policy !== 'unk' && policy !== 'error' && policy !== 'skip') {
      throw new ValueError(`Vocabulary.encode: unknown must be 'unk', 'error' or 'skip', got ${previewJson(policy)}`);
    }
    const out: number[] = [];
    if (options.addBos) out.push(this.bosId);
    for (let i = 0; i < tokens.length; i++) {
      const id = this.ids.get(tokens[i]);
      if (id !== undefined) out.push(id);
      else if (policy === 'unk' && this.hasSpecial('unk')) out.push(this.unkId);
      else if (policy === 'unk') {
        throw new ValueError(`Vocabulary.encode: unknown token ${previewJson(tokens[i])} at position ${i} (of ${tokens.length}), and this vocabulary reserves no ${this.specials.unk}; use unknown: 'skip', or build it with reserve including 'unk'`);
      } else if (policy === 'error') {
        throw new ValueError(`Vocabulary.encode: unknown token ${previewJson(tokens[i])} at position ${i} (of ${tokens.length}); use unknown: 'unk' or 'skip', or rebuild the vocabulary with this token`);
      }
    }
    if (options.addEos) out.push(this.eosId);
    return Int32Array.from(out);
  }

  /** Ids → tokens. Drops `<pad>`, `<bos>`, `<eos>` and extra specials unless `skipSpecial` is false (`<unk>` is kept). */
  decode(ids: ArrayLike<number>, options: { skipSpecial?: boolean } = {}): string[] {
    const skip = options.skipSpecial ?? true;
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const t = Number.isInteger(id) ? this.tokens[id] : undefined;
      if (t === undefined) throw new ValueError(`Vocabulary.decode: id ${id} at position ${i} is outside [0, ${this.size})`);
      if (skip && this.isSpecialId(id) && id !== this.specialIds.unk) continue;
      out.push(t);
    }
    return out;
  }

  /** The JSON form of this vocabulary. */
  toJSON(): VocabularyJSON {
    return { format: FORMAT, version: VERSION, specials: { ...this.specials }, reserve: [...this.reserved], extraSpecials: [...this.extraSpecials], tokens: [...this.tokens] };
  }

  /** Rebuilds a vocabulary from {@link Vocabulary.toJSON} output; throws FormatError naming the bad field. */
  static fromJSON(value: unknown, what = 'vocabulary'): Vocabulary {
    const v = checkHeader(value, what, FORMAT, isRecord(value) && value.version === 1 ? 1 : VERSION);
    const s = v.specials;
    if (!isRecord(s)) throw new FormatError(what, `"specials" must be an object {pad, unk, bos, eos}`);
    for (const k of ['pad', 'unk', 'bos', 'eos'] as const) {
      if (typeof s[k] !== 'string' || s[k] === '') throw new FormatError(what, `"specials.${k}" must be a non-empty string, got ${previewJson(s[k])}`);
    }
    const specials = { pad: s.pad, unk: s.unk, bos: s.bos, eos: s.eos } as SpecialTokens;
    let reserve: SpecialName[];
    try {
      reserve = checkReserve('field "reserve"', v.version === 1 ? undefined : v.reserve);
    } catch (e) {
      throw new FormatError(what, (e as Error).message);
    }
    const extra = checkStringArray(v.extraSpecials, what, 'extraSpecials');
    const tokens = checkStringArray(v.tokens, what, 'tokens');
    const reserved = [...reserve.map((n) => specials[n]), ...extra];
    reserved.forEach((t, i) => {
      if (tokens[i] !== t) throw new FormatError(what, `"tokens"[${i}] must be the special token ${previewJson(t)}, got ${previewJson(tokens[i])}`);
    });
    const seen = new Map<string, number>();
    tokens.forEach((t, i) => {
      const j = seen.get(t);
      if (j !== undefined) throw new FormatError(what, `token ${previewJson(t)} appears twice (ids ${j} and ${i}); ids must be unique`);
      seen.set(t, i);
    });
    return new Vocabulary([...tokens], specials, reserve, [...extra]);
  }

  /** JSON text of this vocabulary. */
  serialize(): string {
    return JSON.stringify(this.toJSON());
  }

  /** Parses {@link Vocabulary.serialize} output (string or UTF-8 bytes). */
  static parse(text: string | Uint8Array): Vocabulary {
    return Vocabulary.fromJSON(parseJsonBytes(text, 'vocabulary'));
  }

  /** Writes the vocabulary to `path` atomically (temporary file + rename). */
  async save(path: string): Promise<void> {
    await atomicWriteFile(path, this.serialize());
  }

  /** Reads a file written by {@link Vocabulary.save}. Any corruption gives a FormatError. */
  static async load(path: string): Promise<Vocabulary> {
    return Vocabulary.fromJSON(await readJsonFile(path, 'vocabulary'), `vocabulary ${path}`);
  }
}
