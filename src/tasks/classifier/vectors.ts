/**
 * Word vectors for a classifier's embeddings, trained by the library's Word2Vec on text files
 * the user names (and, optionally, the training texts themselves), tokenised by the
 * classifier's own word tokenizer so that every vector's key is a token the vocabulary can
 * hold. The vectors are cached as a word2vec binary file under `cacheDir`, keyed by a SHA-256
 * of the inputs (paths, sizes, modification times, texts) and the settings, so a second run
 * reads them in a second instead of training again.
 */

import { ValueError } from '../../errors.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { trainWord2Vec } from '../../word2vec/train.js';
import { readVectors, writeVectors } from '../../word2vec/formats.js';
import type { KeyedVectors } from '../../word2vec/keyed-vectors.js';
import { WordTokenizer } from '../../text/word-tokenizer.js';
import type { Tokenizer } from '../../text/tokenizer.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');
const crypto = lazyBuiltin('crypto');

/** Options of {@link trainWordVectors}. */
export interface WordVectorTraining {
  /** Text files of the corpus, read line by line. */
  readonly files: readonly string[];
  /** More sentences, e.g. the classifier's training texts. Default none. */
  readonly texts?: readonly string[];
  /** Tokenizer of the sentences. Default: the classifier's word tokenizer (lower-cased, punctuation kept). */
  readonly tokenizer?: Tokenizer;
  /** Vector size. Default 100. */
  readonly size?: number;
  /** Passes over the corpus. Default 5. */
  readonly epochs?: number;
  /** Words rarer than this get no vector. Default 2. */
  readonly minCount?: number;
  /** 'skipgram' (default: better vectors for rare words on a small corpus) or 'cbow'. */
  readonly model?: 'skipgram' | 'cbow';
  readonly seed?: number;
  /** Folder of the cached vectors; null never caches. */
  readonly cacheDir?: string | null;
}

/**
 * Trains (or reads from the cache) word vectors for a classifier.
 *
 * @example
 * const { vectors } = await trainWordVectors({ files: ['corpus.txt'], texts: trainTexts, cacheDir: '.cache/recurrent' });
 * await new TextClassifier().fit(trainTexts, trainLabels, { vectors });
 */
export async function trainWordVectors(options: WordVectorTraining): Promise<{ vectors: KeyedVectors; path: string | null; cached: boolean }> {
  if (options.files.length === 0 && !options.texts?.length) throw new ValueError('trainWordVectors: no corpus (give files or texts)');
  const tokenizer = options.tokenizer ?? new WordTokenizer({ lowercase: true, dropControl: true });
  const settings = { size: options.size ?? 100, epochs: options.epochs ?? 5, minCount: options.minCount ?? 2, model: options.model ?? 'skipgram', seed: options.seed ?? 0 };
  const key = crypto.createHash('sha256');
  key.update(JSON.stringify({ settings, tokenizer: tokenizer.constructor.name, prep: (tokenizer as { options?: unknown }).options ?? null }));
  for (const f of options.files) {
    const st = await fsp.stat(f);
    key.update(`\0${nodePath.resolve(f)}\0${st.size}\0${st.mtimeMs}`);
  }
  for (const t of options.texts ?? []) key.update(`\0${t}`);
  const cacheDir = options.cacheDir ?? null;
  const path = cacheDir === null ? null : nodePath.join(cacheDir, `word2vec-${key.digest('hex').slice(0, 16)}.bin`);
  if (path !== null) {
    try {
      return { vectors: await readVectors(path, 'word2vec-binary'), path, cached: true };
    } catch {
      // absent or unreadable: train again and overwrite
    }
  }
  const sentences: string[][] = [];
  // A token holding white space (a lone combining mark after a space) cannot be a key of a vector file.
  const add = (line: string) => {
    const words = tokenizer.tokenize(line).filter((w) => !/\s/u.test(w));
    if (words.length) sentences.push(words);
  };
  for (const f of options.files) for (const line of (await fsp.readFile(f, 'utf8')).split('\n')) add(line);
  for (const t of options.texts ?? []) add(t);
  const { wv } = await trainWord2Vec({ sentences }, { ...settings, threads: 1 });
  if (path !== null) {
    await fsp.mkdir(cacheDir!, { recursive: true });
    await writeVectors(path, wv, 'word2vec-binary');
  }
  return { vectors: wv, path, cached: false };
}
