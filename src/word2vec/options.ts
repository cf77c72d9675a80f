/**
 * Word2Vec training options. Every default is the original C tool's (`word2vec.c`, the
 * version shipped with demo-word.sh), so `recurrent word2vec train` with no flags trains what
 * `./word2vec -train corpus.txt` trains. Where gensim differs, the comment says so.
 */
import { ValueError } from '../errors.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeOs = lazyBuiltin('os');

/** The word2vec architecture: CBOW (a word from the mean of its context) or skip-gram (the context from the word). */
export type Word2VecModel = 'cbow' | 'skipgram';

/** Options of {@link trainWord2Vec}, named as the C tool's flags and gensim's arguments (each field says both). */
export interface Word2VecOptions {
  /** Architecture: CBOW predicts a word from the mean of its context; skip-gram predicts each context word from the word. C tool `-cbow 1` (default), gensim `sg=0`. */
  model?: Word2VecModel;
  /** Dimension of the word vectors. C tool `-size 100`, gensim `vector_size=100`. */
  size?: number;
  /** Maximum distance between the word and a context word; each position draws an effective window uniformly in 1..window. `-window 5`. */
  window?: number;
  /** Noise words per positive example for negative sampling; 0 turns negative sampling off. `-negative 5`. */
  negative?: number;
  /** Hierarchical softmax over a Huffman tree of the vocabulary. `-hs 0`. */
  hs?: boolean;
  /** Frequent-word subsampling threshold t: a word of frequency f is kept with probability (sqrt(f/t) + 1)·t/f; 0 turns it off. `-sample 1e-3`. */
  sample?: number;
  /** Words seen fewer times than this are dropped from the vocabulary (and skipped in the corpus). `-min-count 5`. */
  minCount?: number;
  /** Passes over the corpus. `-iter 5`, gensim `epochs=5`. */
  epochs?: number;
  /** Starting learning rate, decayed linearly to `minAlpha` over all epochs. C tool: 0.05 for CBOW, 0.025 for skip-gram (gensim: 0.025 for both). */
  alpha?: number;
  /** Final learning rate. C tool: alpha × 1e-4 (gensim: 1e-4). */
  minAlpha?: number;
  /** Exponent of the unigram distribution negatives are drawn from. C tool 0.75 (fixed), gensim `ns_exponent=0.75`. */
  nsExponent?: number;
  /** Worker threads sharing the weights without locks (Hogwild, like the C tool). Default: os.availableParallelism(). 1 trains on the calling thread. */
  threads?: number;
  /** Seed of the weight initialisation and of every random draw. With threads = 1 two runs with one seed give identical vectors. */
  seed?: number;
  /** Lower-case ASCII letters A–Z while tokenising (the C tool does not; default false). */
  lowercase?: boolean;
  /** Training kernel: 'wasm' (WebAssembly SIMD, the fast default) or 'js' (the plain TypeScript reference; slower, same algorithm and random stream). */
  kernel?: 'wasm' | 'js';
  /** Sentences longer than this many kept words are split. C tool MAX_SENTENCE_LENGTH = 1000 (gensim 10000). */
  maxSentenceLength?: number;
}

/** Options with every default filled in and checked. */
export type ResolvedWord2VecOptions = Required<Word2VecOptions>;

function check(name: string, value: number, ok: boolean, expected: string): void {
  if (!ok) throw new ValueError(`word2vec option ${name}: expected ${expected}, got ${value}`);
}

const isInt = (v: number): boolean => Number.isInteger(v);

/** Fills in the defaults above and validates ranges; throws ValueError naming the bad option. */
export function resolveOptions(o: Word2VecOptions = {}): ResolvedWord2VecOptions {
  const model = o.model ?? 'cbow';
  if (model !== 'cbow' && model !== 'skipgram') {
    throw new ValueError(`word2vec option model: expected 'cbow' or 'skipgram', got '${String(model)}'`);
  }
  const alpha = o.alpha ?? (model === 'cbow' ? 0.05 : 0.025);
  const r: ResolvedWord2VecOptions = {
    model,
    size: o.size ?? 100,
    window: o.window ?? 5,
    negative: o.negative ?? 5,
    hs: o.hs ?? false,
    sample: o.sample ?? 1e-3,
    minCount: o.minCount ?? 5,
    epochs: o.epochs ?? 5,
    alpha,
    minAlpha: o.minAlpha ?? alpha * 1e-4,
    nsExponent: o.nsExponent ?? 0.75,
    threads: o.threads ?? nodeOs.availableParallelism(),
    seed: o.seed ?? 1,
    lowercase: o.lowercase ?? false,
    maxSentenceLength: o.maxSentenceLength ?? 1000,
    kernel: o.kernel ?? 'wasm',
  };
  if (r.kernel !== 'wasm' && r.kernel !== 'js') throw new ValueError(`word2vec option kernel: expected 'wasm' or 'js', got '${String(r.kernel)}'`);
  check('size', r.size, isInt(r.size) && r.size >= 1, 'an integer >= 1');
  check('window', r.window, isInt(r.window) && r.window >= 1, 'an integer >= 1');
  check('negative', r.negative, isInt(r.negative) && r.negative >= 0, 'an integer >= 0');
  check('sample', r.sample, r.sample >= 0 && Number.isFinite(r.sample), 'a number >= 0');
  check('minCount', r.minCount, isInt(r.minCount) && r.minCount >= 1, 'an integer >= 1');
  check('epochs', r.epochs, isInt(r.epochs) && r.epochs >= 1, 'an integer >= 1');
  check('alpha', r.alpha, r.alpha > 0 && Number.isFinite(r.alpha), 'a number > 0');
  check('minAlpha', r.minAlpha, r.minAlpha >= 0 && r.minAlpha <= r.alpha, `a number in [0, alpha=${r.alpha}]`);
  check('nsExponent', r.nsExponent, Number.isFinite(r.nsExponent), 'a finite number');
  check('threads', r.threads, isInt(r.threads) && r.threads >= 1 && r.threads <= 256, 'an integer in [1, 256]');
  check('seed', r.seed, isInt(r.seed), 'an integer');
  check('maxSentenceLength', r.maxSentenceLength, isInt(r.maxSentenceLength) && r.maxSentenceLength >= 1, 'an integer >= 1');
  if (r.negative === 0 && !r.hs) {
    throw new ValueError('word2vec options: negative = 0 and hs = false leave nothing to train; set negative > 0 or hs = true');
  }
  return r;
}
