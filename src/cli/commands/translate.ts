/**
 * `recurrent translate train PAIRS.tsv` and `recurrent translate --model DIR "a sentence" …`.
 * The training flags map one to one onto TranslatorOptions, with the defaults of
 * TRANSLATOR_DEFAULTS.
 */
import { Command, Option } from 'commander';
import { ValueError } from '../../errors.js';
import { CELL_TYPES } from '../../models/recurrent-factory.js';
import { Translator } from '../../tasks/seq2seq/translator.js';
import { DIALOGUE_DEFAULTS, TRANSLATOR_DEFAULTS as D, type TranslatorOptions } from '../../tasks/seq2seq/options.js';
import { int, num, numOrNone, orNull } from '../flags.js';
import { stdio } from '../fit-callbacks.js';
import { runTranslateTrain, SPLIT_SEED, TEST_FRACTION } from '../seq2seq/train.js';
import { ATTENTION_FLAGS, attentionFlagOf } from '../seq2seq/flags.js';
import { readLines } from '../seq2seq/lines.js';

/** The flag of each option that DIALOGUE_DEFAULTS changes (commander's key of it). */
const DIALOGUE_FLAGS: Readonly<Record<string, string>> = { minCount: '--min-count', hiddenSize: '--hidden-size', embeddingDim: '--embedding-dim', dropout: '--dropout', lr: '--lr', minutes: '--minutes', batchSize: '--batch-size', beam: '--beam' };

/**
 * Maps the parsed train flags onto TranslatorOptions (one to one); for a dialogue, the flags
 * left at their default take DIALOGUE_DEFAULTS instead.
 */
function optionsOf(o: Record<string, any>, cmd?: Command): TranslatorOptions {
  const options = optionsOfFlags(o);
  if (!o.pairsFromDialogue || !cmd) return options;
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(DIALOGUE_DEFAULTS)) {
    if (!(k in DIALOGUE_FLAGS)) throw new Error(`DIALOGUE_DEFAULTS.${k} has no flag in DIALOGUE_FLAGS`);
    if (cmd.getOptionValueSource(k) === 'default') changed[k] = v;
  }
  return { ...options, ...changed };
}

function optionsOfFlags(o: Record<string, any>): TranslatorOptions {
  return {
    cell: o.cell, attention: ATTENTION_FLAGS[o.attention], embeddingDim: o.embeddingDim, hiddenSize: o.hiddenSize, numLayers: o.numLayers,
    bidirectional: o.bidirectional, dropout: o.dropout, minCount: o.minCount, lowercase: o.lowercase, samplingProbability: o.samplingProbability,
    samplingRampEpochs: o.samplingRampEpochs, beam: o.beam, lengthPenalty: o.lengthPenalty, maxLengthRatio: o.maxLengthRatio, epochs: o.epochs,
    batchSize: o.batchSize, lr: o.lr, clipNorm: orNull(o.clipNorm), patience: o.patience, validationFraction: o.validationFraction, minutes: orNull(o.minutes), seed: o.seed,
  };
}

export function translateCommand(): Command {
  const cmd = new Command('translate')
    .description('sequence to sequence with attention: `translate train PAIRS.tsv`, then `translate --model DIR "a sentence"` (lines of standard input without sentences)');

  // The default subcommand: `translate --model DIR …` runs it, while `translate train …` keeps
  // its own flags (--beam, --json) instead of sharing them with the parent.
  cmd.command('run', { isDefault: true }).description('translate sentences with a trained model (the default: `translate --model DIR "a sentence"` runs it)')
    .argument('[sentences...]', 'sentences to translate (default: the lines of standard input)')
    .option('--model <dir>', 'folder written by translate train')
    .option('--beam <k>', 'beam width (1: greedy; default: as trained)', int)
    .option('--length-penalty <alpha>', 'GNMT length penalty α (default: as trained)', num)
    .option('--json', 'one JSON line per sentence: text, tokens, score, attention', false)
    .action(async (sentences: string[], o) => {
      if (!o.model) throw new ValueError('translate: --model DIR is required (a folder written by `recurrent translate train PAIRS.tsv --out DIR`)');
      const t = await Translator.load(o.model);
      const texts = sentences.length ? sentences : await readLines(process.stdin);
      for (const tr of t.translate(texts, { beam: o.beam, lengthPenalty: o.lengthPenalty })) {
        stdio.out(o.json ? JSON.stringify({ event: 'translation', text: tr.text, tokens: tr.tokens, sourceTokens: tr.sourceTokens, score: tr.score, attention: tr.attention.map((r) => r.map((v) => Number(v.toFixed(4)))) }) + '\n' : tr.text + '\n');
      }
    });

  cmd.command('train').description('train on "source<TAB>target" pairs (or a play\'s dialogue), score 10% held out with BLEU, write the model, metrics.json and report.html')
    .argument('[pairs]', 'tab-separated file: source<TAB>target per line')
    .option('--pairs-from-dialogue <file>', `build (speech, next speech) pairs from a play ("NAME:\\nline…" blocks, as tiny-shakespeare): a chatbot (defaults then: ${Object.entries(DIALOGUE_DEFAULTS).map(([k, v]) => `${DIALOGUE_FLAGS[k]} ${v}`).join(', ')})`)
    .option('--context <n>', 'with --pairs-from-dialogue: 1 makes each source the speech before it, <sep>, then the speech (chat then reads its previous reply)', int, 0)
    .addOption(new Option('--attention <score>', 'bahdanau (additive), luong (dot) or luong-general (general)').choices(Object.keys(ATTENTION_FLAGS)).default(attentionFlagOf(D.attention)))
    .addOption(new Option('--cell <cell>', 'recurrent cell').choices(CELL_TYPES).default(D.cell))
    .option('--embedding-dim <n>', 'word embedding size', int, D.embeddingDim)
    .option('--hidden-size <n>', 'units of each encoder direction and of the decoder', int, D.hiddenSize)
    .option('--num-layers <n>', 'stacked recurrent layers', int, D.numLayers)
    .option('--no-bidirectional', `a unidirectional encoder (default: bidirectional${D.bidirectional ? '' : ' off'})`)
    .option('--dropout <p>', 'dropout on embeddings, between layers and before the output', num, D.dropout)
    .option('--min-count <n>', 'words seen fewer times in the training part become <unk>', int, D.minCount)
    .option('--no-lowercase', 'keep the case of the text')
    .option('--sampling-probability <p>', 'scheduled sampling: the final probability of feeding the model its own prediction', num, D.samplingProbability)
    .option('--sampling-ramp-epochs <n>', 'epochs over which that probability rises from 0', int, D.samplingRampEpochs)
    .option('--beam <k>', 'beam width of translate and of the beam BLEU', int, D.beam)
    .option('--length-penalty <alpha>', 'GNMT length penalty α', num, D.lengthPenalty)
    .option('--max-length-ratio <r>', 'longest output: r × source words + 5', num, D.maxLengthRatio)
    .option('--epochs <n>', 'most passes over the training pairs', int, D.epochs)
    .option('--batch-size <n>', 'pairs per step', int, D.batchSize)
    .option('--lr <rate>', 'Adam learning rate', num, D.lr)
    .option('--clip-norm <n>', "global gradient-norm clip ('none': off)", numOrNone, D.clipNorm ?? 'none')
    .option('--patience <n>', 'epochs without a better validation loss before stopping', int, D.patience)
    .option('--validation-fraction <f>', 'share of the training pairs used for early stopping', num, D.validationFraction)
    .option('--minutes <m>', "wall-clock budget of the training ('none': no limit)", numOrNone, D.minutes ?? 'none')
    .option('--seed <n>', 'random seed of the model and the batches', int, D.seed)
    .option('--test-fraction <f>', 'share of the pairs held out (seeded shuffle)', num, TEST_FRACTION)
    .option('--split-seed <n>', 'seed of the shuffle that picks the held-out pairs', int, SPLIT_SEED)
    .option('--out <dir>', 'output folder', 'translate-model')
    .option('--json', 'JSON lines on standard output, the last one the result', false)
    .action(async (file: string | undefined, o, command: Command) => {
      await runTranslateTrain({ file, dialogue: o.pairsFromDialogue, context: o.context, testFraction: o.testFraction, splitSeed: o.splitSeed, out: o.out, json: o.json }, optionsOf(o, command), stdio);
    });
  return cmd;
}
