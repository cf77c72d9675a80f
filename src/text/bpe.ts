/**
 * Byte-pair-encoding subword tokenizer (Sennrich et al. 2016), applied to Unicode code points.
 * Text is first cut into pieces (a word with its leading space, a number, a run of symbols,
 * white space), then each piece is split into code points and the learned merges are applied
 * in rank order, as GPT-2 / Hugging Face BPE do. Spaces stay inside the tokens, so
 * `detokenize(tokenize(s)) === s` exactly. Train with {@link trainBpe}.
 *
 * Code points never seen in training come out as single-character tokens; the
 * {@link Vocabulary} then applies its unknown-token policy to them.
 */
import { FormatError, ValueError } from '../errors.js';
import { atomicWriteFile } from '../io/atomic-write.js';
import { previewJson } from '../io/json-preview.js';
import { checkHeader, checkStringArray, parseJsonBytes, readJsonFile } from './json-file.js';
import { checkDropControl, checkLocale, checkNormalization, prepareText } from './tokenizer.js';
import type { NormalizationForm, TextPrepOptions, Tokenizer } from './tokenizer.js';

/** Pieces BPE never merges across: ` word`, ` 123`, ` ?!`, white space. Covers every code point. */
const PIECE = / ?[\p{L}\p{M}]+| ?\p{N}+| ?[^\s\p{L}\p{M}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Splits prepared text into the pieces BPE works on; their concatenation is the text. */
export function bpePieces(text: string): string[] {
  return text.match(PIECE) ?? [];
}

/** The JSON form of a BPE model, as written by {@link BpeTokenizer.save}. */
export interface BpeJSON {
  format: 'recurrent-bpe';
  version: 1;
  lowercase: boolean;
  normalize: NormalizationForm | null;
  locale: string | null;
  /** Control characters dropped before splitting (absent in older files: false). */
  dropControl?: boolean;
  /** Base symbols (single code points), in code point order. */
  alphabet: string[];
  /** Merges in rank order: [left, right] → left + right. */
  merges: [string, string][];
}

const FORMAT = 'recurrent-bpe';
const CACHE_LIMIT = 50_000;

/**
 * A trained BPE model.
 *
 * @example
 * const bpe = trainBpe(['low lower lowest', 'new newer newest'], { vocabSize: 40 });
 * const tokens = bpe.tokenize('lowest newer'); // ['lo', 'we', 'st', ' newe', 'r']
 * bpe.detokenize(tokens) === 'lowest newer';
 * const vocab = Vocabulary.fromTokens(bpe.tokens());
 * await bpe.save('model/bpe.json');
 */
export class BpeTokenizer implements Tokenizer {
  readonly alphabet: readonly string[];
  readonly merges: readonly (readonly [string, string])[];
  readonly options: Readonly<TextPrepOptions & { lowercase: boolean }>;
  private readonly ranks = new Map<string, Map<string, number>>();
  private readonly cache = new Map<string, string[]>();

  /** Builds a tokenizer from an alphabet and merges; prefer {@link trainBpe} or {@link BpeTokenizer.load}. */
  constructor(alphabet: readonly string[], merges: readonly (readonly [string, string])[], options: TextPrepOptions = {}) {
    checkNormalization('BpeTokenizer', options.normalize);
    checkLocale('BpeTokenizer', options.locale);
    checkDropControl('BpeTokenizer', options.dropControl);
    this.alphabet = [...alphabet];
    this.merges = merges.map(([a, b]) => [a, b] as const);
    this.options = { ...options, lowercase: options.lowercase ?? false };
    const known = new Set(alphabet);
    this.merges.forEach(([a, b], rank) => {
      if (!known.has(a) || !known.has(b)) {
        const missing = known.has(a) ? b : a;
        throw new ValueError(`BpeTokenizer: merge ${rank} [${previewJson(a, 80)}, ${previewJson(b, 80)}] uses ${previewJson(missing, 80)}, which is neither in the alphabet nor made by an earlier merge`);
      }
      let row = this.ranks.get(a);
      if (!row) this.ranks.set(a, (row = new Map()));
      if (!row.has(b)) row.set(b, rank);
      known.add(a + b);
    });
  }

  /** Every token this model can produce: the alphabet, then each merge result in rank order (no duplicates). */
  tokens(): string[] {
    const out = new Set(this.alphabet);
    for (const [a, b] of this.merges) out.add(a + b);
    return [...out];
  }

  tokenize(text: string): string[] {
    const out: string[] = [];
    for (const piece of bpePieces(prepareText(text, this.options))) {
      let toks = this.cache.get(piece);
      if (!toks) {
        toks = this.mergePiece(piece);
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(piece, toks);
      }
      for (const t of toks) out.push(t);
    }
    return out;
  }

  detokenize(tokens: readonly string[]): string {
    return tokens.join('');
  }

  /** Applies merges to one piece: repeatedly merge the adjacent pair of lowest rank, left to right. */
  private mergePiece(piece: string): string[] {
    const sym = Array.from(piece);
    for (;;) {
      let best = Infinity;
      for (let i = 0; i + 1 < sym.length; i++) {
        const r = this.ranks.get(sym[i])?.get(sym[i + 1]);
        if (r !== undefined && r < best) best = r;
      }
      if (best === Infinity) return sym;
      const [a, b] = this.merges[best];
      const next: string[] = [];
      for (let i = 0; i < sym.length; i++) {
        if (i + 1 < sym.length && sym[i] === a && sym[i + 1] === b) {
          next.push(a + b);
          i++;
        } else {
          next.push(sym[i]);
        }
      }
      sym.length = 0;
      sym.push(...next);
    }
  }

  /** The JSON form of this model. */
  toJSON(): BpeJSON {
    return {
      format: FORMAT,
      version: 1,
      lowercase: this.options.lowercase,
      normalize: this.options.normalize ?? null,
      locale: this.options.locale ?? null,
      dropControl: this.options.dropControl ?? false,
      alphabet: [...this.alphabet],
      merges: this.merges.map(([a, b]) => [a, b]),
    };
  }

  /** Rebuilds a model from {@link BpeTokenizer.toJSON} output; throws FormatError naming the bad field. */
  static fromJSON(value: unknown, what = 'BPE model'): BpeTokenizer {
    const v = checkHeader(value, what, FORMAT, 1);
    if (typeof v.lowercase !== 'boolean') throw new FormatError(what, `"lowercase" must be a boolean, got ${previewJson(v.lowercase)}`);
    if (v.normalize !== null && !['NFC', 'NFD', 'NFKC', 'NFKD'].includes(v.normalize as string)) {
      throw new FormatError(what, `"normalize" must be null or a normalisation form, got ${previewJson(v.normalize)}`);
    }
    if (v.locale !== null && typeof v.locale !== 'string') throw new FormatError(what, `"locale" must be null or a string`);
    if (v.dropControl !== undefined && typeof v.dropControl !== 'boolean') throw new FormatError(what, `"dropControl" must be a boolean, got ${previewJson(v.dropControl)}`);
    const alphabet = checkStringArray(v.alphabet, what, 'alphabet');
    alphabet.forEach((s, i) => {
      if (s.length === 0 || s.length > 2 || Array.from(s).length !== 1) throw new FormatError(what, `"alphabet"[${i}] must be one code point, got ${previewJson(s)}`);
    });
    if (!Array.isArray(v.merges)) throw new FormatError(what, `"merges" must be an array of [left, right] pairs`);
    const merges = v.merges.map((m: unknown, i: number) => {
      if (!Array.isArray(m) || m.length !== 2 || typeof m[0] !== 'string' || typeof m[1] !== 'string' || !m[0] || !m[1]) {
        throw new FormatError(what, `"merges"[${i}] must be a pair of non-empty strings, got ${previewJson(m)}`);
      }
      return [m[0], m[1]] as [string, string];
    });
    const opts: TextPrepOptions = { lowercase: v.lowercase };
    if (v.normalize !== null) opts.normalize = v.normalize as NormalizationForm;
    if (typeof v.locale === 'string') opts.locale = v.locale;
    if (v.dropControl === true) opts.dropControl = true;
    try {
      return new BpeTokenizer(alphabet, merges, opts);
    } catch (e) {
      if (e instanceof ValueError) throw new FormatError(what, e.message);
      throw e;
    }
  }

  /** JSON text of this model. */
  serialize(): string {
    return JSON.stringify(this.toJSON());
  }

  /** Parses {@link BpeTokenizer.serialize} output (string or UTF-8 bytes). */
  static parse(text: string | Uint8Array): BpeTokenizer {
    const what = 'BPE model';
    return BpeTokenizer.fromJSON(parseJsonBytes(text, what), what);
  }

  /** Writes the model to `path` atomically (temporary file + rename). */
  async save(path: string): Promise<void> {
    await atomicWriteFile(path, this.serialize());
  }

  /** Reads a model written by {@link BpeTokenizer.save}. Any corruption gives a FormatError. */
  static async load(path: string): Promise<BpeTokenizer> {
    const what = `BPE model ${path}`;
    return BpeTokenizer.fromJSON(await readJsonFile(path, 'BPE model'), what);
  }
}

