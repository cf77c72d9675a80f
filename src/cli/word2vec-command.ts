/**
 * `recurrent word2vec train|similar|analogy`. The train flags map one to one onto
 * Word2VecOptions and default to the original C tool's values.
 */
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { trainWord2Vec } from '../word2vec/train.js';
import { readVectors, writeVectors } from '../word2vec/formats.js';
import { resolveOptions, type Word2VecModel } from '../word2vec/options.js';
import type { Neighbour } from '../word2vec/keyed-vectors.js';
import { int, num } from './flags.js';


function printNeighbours(list: Neighbour[]): void {
  for (const n of list) process.stdout.write(`${n.word}\t${n.similarity.toFixed(4)}\n`);
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`;
}

export function word2vecCommand(): Command {
  const cmd = new Command('word2vec').description('train word vectors and query them');

  cmd
    .command('train')
    .description('train Word2Vec on a text file (words split on whitespace, one sentence per line)')
    .argument('<corpus>', 'text file')
    .requiredOption('--out <path>', 'where to write the vectors')
    .addOption(new Option('--model <model>', 'architecture').choices(['cbow', 'skipgram']).default('cbow'))
    .option('--size <n>', 'vector dimension', int, 100)
    .option('--window <n>', 'maximum context distance', int, 5)
    .option('--negative <n>', 'noise words per example (0 = off)', int, 5)
    .option('--hs', 'hierarchical softmax', false)
    .option('--sample <t>', 'subsampling threshold for frequent words (0 = off)', num, 1e-3)
    .option('--min-count <n>', 'drop words seen fewer times', int, 5)
    .option('--epochs <n>', 'passes over the corpus', int, 5)
    .option('--alpha <a>', 'starting learning rate (default 0.05 for cbow, 0.025 for skipgram)', num)
    .option('--threads <n>', 'training threads (default: available cores)', int)
    .option('--seed <n>', 'random seed', int, 1)
    .option('--lowercase', 'lower-case ASCII letters', false)
    .addOption(new Option('--format <format>', 'output format').choices(['bin', 'text']).default('bin'))
    .option('--no-progress', 'no progress bar')
    .action(async (corpus: string, o) => {
      const options = resolveOptions({
        model: o.model as Word2VecModel,
        size: o.size,
        window: o.window,
        negative: o.negative,
        hs: o.hs,
        sample: o.sample,
        minCount: o.minCount,
        epochs: o.epochs,
        alpha: o.alpha,
        threads: o.threads,
        seed: o.seed,
        lowercase: o.lowercase,
      });
      const bar = o.progress
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: 'training |{bar}| {percentage}% | {speed} words/s | ETA {eta_s}', hideCursor: false, etaBuffer: 50 },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let started = false;
      const { wv, stats } = await trainWord2Vec({ file: corpus }, {
        ...options,
        onProgress: (p) => {
          if (!bar) return;
          const speed = Math.round(p.wordsPerSecond).toLocaleString('en-US');
          const eta = fmtSeconds(p.wordsPerSecond > 0 ? (p.wordsTotal - p.wordsDone) / p.wordsPerSecond : Infinity);
          if (!started) { bar.start(p.wordsTotal, 0, { speed, eta_s: eta }); started = true; }
          bar.update(Math.min(p.wordsDone, p.wordsTotal), { speed, eta_s: eta });
        },
      });
      bar?.stop();
      await writeVectors(o.out, wv, o.format === 'bin' ? 'word2vec-binary' : 'word2vec-text');
      process.stderr.write(
        `vocabulary ${stats.vocabSize.toLocaleString('en-US')} words, corpus ${stats.corpusWords.toLocaleString('en-US')} words × ${stats.epochs} epochs, ` +
          `${stats.threads} thread${stats.threads > 1 ? 's' : ''}, ${stats.trainSeconds.toFixed(2)} s\n`,
      );
      process.stdout.write(
        `${Math.round(stats.wordsPerSecond).toLocaleString('en-US')} words/s (${Math.round(stats.effectiveWordsPerSecond).toLocaleString('en-US')} after subsampling); vectors written to ${o.out}\n`,
      );
    });

  cmd
    .command('similar')
    .description('nearest words by cosine similarity')
    .argument('<vectors>', 'vectors file (word2vec binary/text or GloVe, detected)')
    .argument('<word>')
    .option('-n, --top <n>', 'how many', int, 10)
    .action(async (path: string, word: string, o) => {
      printNeighbours((await readVectors(path)).mostSimilar(word, o.top));
    });

  cmd
    .command('analogy')
    .description('a is to b as c is to ?')
    .argument('<vectors>', 'vectors file (word2vec binary/text or GloVe, detected)')
    .arguments('<a> <b> <c>')
    .option('-n, --top <n>', 'how many', int, 10)
    .addOption(new Option('--method <m>', 'scoring').choices(['3CosAdd', '3CosMul']).default('3CosAdd'))
    .action(async (path: string, a: string, b: string, c: string, o) => {
      printNeighbours((await readVectors(path)).analogy(a, b, c, { method: o.method, topN: o.top }));
    });

  return cmd;
}
