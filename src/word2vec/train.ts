/**
 * Word2Vec training: read the corpus, build the sampling tables, then run the kernel on one
 * thread or on `threads` worker threads sharing the weights (Hogwild).
 */
import { readCorpus, type Corpus, type CorpusInput } from './corpus.js';
import { KeyedVectors } from './keyed-vectors.js';
import { resolveOptions, type ResolvedWord2VecOptions, type Word2VecOptions } from './options.js';
import { EXP_TABLE_SIZE, seedState, trainRange, type SharedModel } from './kernel.js';
import { allocate, CONFIG_BYTES, scratchBytes, trainRangeWasm, writeConfig } from './wasm-kernel.js';
import { buildHuffman, type Vocabulary } from './vocab.js';
import { fillAliasTable } from './noise.js';
import type { WorkerTask } from './worker.js';
import { ValueError, WorkerError } from '../errors.js';
import type { Worker } from 'node:worker_threads';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeWorkers = lazyBuiltin('worker_threads');

/** A snapshot passed to `onProgress` (about 5 times a second). */
export interface TrainProgress {
  /** In-vocabulary words processed so far, over all epochs and threads. */
  wordsDone: number;
  /** epochs × in-vocabulary words of one pass. */
  wordsTotal: number;
  /** Seconds since training started (after reading the corpus). */
  elapsedSeconds: number;
  /** wordsDone / elapsedSeconds. */
  wordsPerSecond: number;
}

/** What a Word2Vec run measured: the vocabulary and corpus sizes, epochs, threads, and the time and speed of each part. */
export interface TrainStats {
  vocabSize: number;
  /** In-vocabulary words of one pass (the C tool's train_words). */
  corpusWords: number;
  epochs: number;
  threads: number;
  /** Seconds spent reading and tokenising (0 when a Corpus was passed in). */
  readSeconds: number;
  /** Seconds spent training. */
  trainSeconds: number;
  /** epochs × corpusWords / trainSeconds: the C tool's "words/thread/sec" figure times threads. */
  wordsPerSecond: number;
  /** Words actually trained on (after subsampling) per second: gensim's "effective words/s". */
  effectiveWordsPerSecond: number;
}

/** What {@link trainWord2Vec} returns: the vectors, the vocabulary, the run's statistics and the options it used. */
export interface Word2VecResult {
  /** The trained input vectors (syn0), words most frequent first. */
  wv: KeyedVectors;
  vocab: Vocabulary;
  stats: TrainStats;
  options: ResolvedWord2VecOptions;
}

/** Callbacks of a Word2Vec run: `onProgress` with the words done of the total, the time and the speed, as training goes. */
export interface TrainCallbacks {
  onProgress?: (p: TrainProgress) => void;
}

/**
 * Trains Word2Vec on a corpus read from a file, a string/bytes, or pre-split sentences.
 *
 * Skip-gram maximises log σ(u_o·v_c) + Σ_k log σ(−u_k·v_c) over (centre, context) pairs with k
 * noise words drawn from unigram^0.75 (negative sampling), or Σ_d log σ(±u_{n_d}·v_c) along the
 * centre word's Huffman path (hierarchical softmax); CBOW uses the mean context vector in place
 * of v_c. The learning rate falls linearly from `alpha` to `minAlpha`.
 *
 * @example
 * const { wv, stats } = await trainWord2Vec({ file: 'corpus.txt' }, { model: 'skipgram', epochs: 5 });
 * console.log(stats.wordsPerSecond, wv.mostSimilar('king', 5));
 */
export async function trainWord2Vec(
  input: CorpusInput,
  options: Word2VecOptions & TrainCallbacks = {},
): Promise<Word2VecResult> {
  const opts = resolveOptions(options);
  const t0 = performance.now();
  const corpus = await readCorpus(input, { minCount: opts.minCount, lowercase: opts.lowercase });
  const readSeconds = (performance.now() - t0) / 1000;
  const result = await trainOnCorpus(corpus, options);
  result.stats.readSeconds = readSeconds;
  return result;
}

/** Trains on an already tokenised corpus (see readCorpus); `minCount` and `lowercase` were applied when it was read. */
export async function trainOnCorpus(
  corpus: Corpus,
  options: Word2VecOptions & TrainCallbacks = {},
): Promise<Word2VecResult> {
  const o = resolveOptions(options);
  const { vocab, ids } = corpus;
  const V = vocab.words.length;
  const D = o.size;
  if (V === 0) throw new ValueError(`word2vec: the vocabulary is empty (no word occurs at least minCount=${o.minCount} times)`);

  const tree = o.hs ? buildHuffman(vocab.counts) : undefined;
  const threads = Math.max(1, Math.min(o.threads, Math.floor(ids.length / 1000) || 1));
  const { memory, views: a } = allocate({
    config: [Uint8Array, CONFIG_BYTES],
    syn0: [Float32Array, V * D],
    syn1: [Float32Array, o.hs ? Math.max(0, V - 1) * D : 0],
    syn1neg: [Float32Array, o.negative > 0 ? V * D : 0],
    ids: [Int32Array, ids.length],
    keep: [Float64Array, V],
    table: [Int32Array, o.negative > 0 ? 2 * V : 0],
    hStart: [Int32Array, tree ? V + 1 : 0],
    hCodes: [Uint8Array, tree?.codes.length ?? 0],
    hPoints: [Int32Array, tree?.points.length ?? 0],
    progress: [Float64Array, threads],
    effective: [Float64Array, threads],
    expTable: [Float32Array, EXP_TABLE_SIZE],
    scratch: [Uint8Array, threads * scratchBytes(D, o.maxSentenceLength)],
  });
  const model: SharedModel = {
    cbow: o.model === 'cbow',
    size: D,
    window: o.window,
    negative: o.negative,
    hs: o.hs,
    maxSentenceLength: o.maxSentenceLength,
    epochs: o.epochs,
    alpha: o.alpha,
    minAlpha: o.minAlpha,
    totalWords: o.epochs * vocab.totalWords,
    syn0: a.syn0 as Float32Array,
    syn1: a.syn1 as Float32Array,
    syn1neg: a.syn1neg as Float32Array,
    ids: a.ids as Int32Array,
    keep: a.keep as Float64Array,
    table: a.table as Int32Array,
    hStart: a.hStart as Int32Array,
    hCodes: a.hCodes as Uint8Array,
    hPoints: a.hPoints as Int32Array,
    progress: a.progress as Float64Array,
    effective: a.effective as Float64Array,
    memory,
    config: a.config as Uint8Array,
    expTable: a.expTable as Float32Array,
    scratch: a.scratch as Uint8Array,
  };
  model.ids.set(ids);
  if (tree) {
    model.hStart.set(tree.start);
    model.hCodes.set(tree.codes);
    model.hPoints.set(tree.points);
  }
  if (o.negative > 0) fillAliasTable(model.table, vocab.counts, o.nsExponent);
  // keep[w] = P(keep w) × 2^32, compared with a uniform 32-bit draw (word2vec.c's formula).
  const threshold = o.sample * vocab.totalWords;
  for (let w = 0; w < V; w++) {
    const c = vocab.counts[w];
    const p = o.sample > 0 ? (Math.sqrt(c / threshold) + 1) * (threshold / c) : 1;
    model.keep[w] = p >= 1 ? 8589934592 : p * 4294967296;
  }
  // syn0 ~ U(−0.5, 0.5)/D like word2vec.c; the output layers start at zero.
  let r = seedState(o.seed, -1);
  for (let i = 0; i < model.syn0.length; i++) {
    r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
    model.syn0[i] = ((r >>> 0) / 4294967296 - 0.5) / D;
  }
  writeConfig(model);
  const kernel = o.kernel === 'wasm' ? trainRangeWasm : trainRange;

  const start = performance.now();
  const report = (): void => {
    if (!options.onProgress) return;
    let done = 0;
    for (let t = 0; t < threads; t++) done += model.progress[t];
    const elapsed = (performance.now() - start) / 1000;
    options.onProgress({ wordsDone: done, wordsTotal: model.totalWords, elapsedSeconds: elapsed, wordsPerSecond: elapsed > 0 ? done / elapsed : 0 });
  };
  if (threads === 1) {
    let last = start;
    kernel(model, 0, 0, ids.length, o.seed, () => {
      const now = performance.now();
      if (now - last >= 200) { last = now; report(); }
    });
  } else {
    const timer = setInterval(report, 200);
    try {
      await Promise.all(
        Array.from({ length: threads }, (_, t) =>
          runWorker({ model, thread: t, begin: Math.floor((ids.length * t) / threads), end: Math.floor((ids.length * (t + 1)) / threads), seed: o.seed, kernel: o.kernel }),
        ),
      );
    } finally {
      clearInterval(timer);
    }
  }
  report();
  const seconds = (performance.now() - start) / 1000;
  let effective = 0;
  for (let t = 0; t < threads; t++) effective += model.effective[t];
  const wv = new KeyedVectors(vocab.words, new Float32Array(model.syn0), D);
  return {
    wv,
    vocab,
    options: o,
    stats: {
      vocabSize: V,
      corpusWords: vocab.totalWords,
      epochs: o.epochs,
      threads,
      readSeconds: 0,
      trainSeconds: seconds,
      wordsPerSecond: model.totalWords / seconds,
      effectiveWordsPerSecond: effective / seconds,
    },
  };
}

/**
 * Starts the worker script beside this module: worker.js once compiled to dist/. When this
 * module itself runs from TypeScript (tsx), worker.ts is loaded through a small bootstrap that
 * registers tsx inside the worker first (Node 20 does not carry `--import tsx` loader hooks
 * into worker threads).
 */
function startWorker(task: WorkerTask): Worker {
  if (!import.meta.url.endsWith('.ts')) return new nodeWorkers.Worker(new URL('./worker.js', import.meta.url), { workerData: task });
  const script = new URL('./worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); })`;
  return new nodeWorkers.Worker(boot, { eval: true, workerData: task });
}

function runWorker(task: WorkerTask): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = startWorker(task);
    let ok = false;
    w.once('message', () => { ok = true; });
    w.once('error', (e) => reject(new WorkerError(`word2vec worker ${task.thread} failed: ${e.message}`)));
    w.once('exit', (code) => {
      if (ok && code === 0) resolve();
      else reject(new WorkerError(`word2vec worker ${task.thread} exited with code ${code} before finishing`));
    });
  });
}
