/**
 * `recurrent lm train|sample`. The training flags map one to one onto LanguageModelOptions,
 * with the defaults of LANGUAGE_MODEL_DEFAULTS; the sampling flags onto the generate options,
 * with the defaults of GENERATE_DEFAULTS.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { CELL_TYPES } from '../../models/recurrent-factory.js';
import { LANGUAGE_MODEL_DEFAULTS as D, LR_SCHEDULES, TOKEN_LEVELS, type LanguageModelOptions } from '../../tasks/language-model/options.js';
import { GENERATE_DEFAULTS as G } from '../../tasks/language-model/generate.js';
import { int, num, numOrNone, orNull } from '../flags.js';
import { stdio } from '../fit-callbacks.js';
import { runLmTrain } from '../lm/train.js';
import { runLmSample } from '../lm/sample.js';

/** A number of minutes, or 'none' for no budget. */
const minutesFlag = (v: string): number | 'none' => {
  const m = numOrNone(v);
  if (m !== 'none' && !(m > 0)) throw new InvalidArgumentError(`expected minutes > 0 or 'none', got '${v}'`);
  return m;
};

/** Maps the parsed train flags onto LanguageModelOptions (one to one). */
function optionsOf(o: Record<string, any>): LanguageModelOptions {
  return {
    level: o.level, lowercase: o.lowercase, maxVocab: o.maxVocab, bpeVocabSize: o.bpeVocabSize, cell: o.cell, embeddingSize: o.embeddingSize,
    hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout, batchSize: o.batchSize, steps: o.steps, epochs: o.epochs,
    minutes: orNull(o.minutes), lr: o.lr, schedule: o.schedule, clipNorm: orNull(o.clipNorm), validationFraction: o.validationFraction, validateEvery: o.validateEvery, seed: o.seed,
  };
}

/** `recurrent lm`: language models over characters, words or subwords. */
export function lmCommand(): Command {
  const cmd = new Command('lm').description('language models over characters, words or subwords: train on a text file, sample from a trained model');

  cmd.command('train').description('train a language model on the first 90 % of a text file, validate on the rest, write the model, metrics.json and report.html')
    .argument('<file>', 'UTF-8 text file')
    .addOption(new Option('--level <level>', 'what one token is').choices(TOKEN_LEVELS).default(D.level))
    .option('--lowercase', 'lower-case the text first', D.lowercase)
    .option('--max-vocab <n>', 'most tokens of a word vocabulary, specials included', int, D.maxVocab)
    .option('--bpe-vocab-size <n>', 'tokens (alphabet + merges) a BPE tokenizer learns', int, D.bpeVocabSize)
    .addOption(new Option('--cell <cell>', 'recurrent cell').choices(CELL_TYPES).default(D.cell))
    .option('--embedding-size <n>', 'embedding size', int, D.embeddingSize)
    .option('--hidden-size <n>', 'hidden units per layer', int, D.hiddenSize)
    .option('--num-layers <n>', 'stacked recurrent layers', int, D.numLayers)
    .option('--dropout <p>', 'dropout between layers and on the top output', num, D.dropout)
    .option('--batch-size <n>', 'contiguous streams trained side by side', int, D.batchSize)
    .option('--steps <n>', 'tokens per chunk of truncated backpropagation through time', int, D.steps)
    .option('--epochs <n>', 'most passes over the training text', int, D.epochs)
    .option('--minutes <m>', "wall-clock budget of the training ('none': only --epochs)", minutesFlag, D.minutes ?? 'none')
    .option('--lr <rate>', 'Adam learning rate', num, D.lr)
    .addOption(new Option('--schedule <s>', 'learning rate over the run (cosine: down to lr/10)').choices(LR_SCHEDULES).default(D.schedule))
    .option('--clip-norm <n>', "global gradient-norm clip ('none': off)", numOrNone, D.clipNorm ?? 'none')
    .option('--validation-fraction <f>', 'share of the text, its end, held out', num, D.validationFraction)
    .option('--validate-every <n>', 'optimizer steps between validations', int, D.validateEvery)
    .option('--seed <n>', 'random seed', int, D.seed)
    .option('--prompt <text>', "prompt of the report's samples", '')
    .option('--out <dir>', 'output folder', 'lm-model')
    .option('--json', 'JSON lines on standard output, the last one the result', false)
    .action(async (file: string, o) => {
      await runLmTrain({ file, out: o.out, json: o.json, prompt: o.prompt }, optionsOf(o), stdio);
    });

  cmd.command('sample').description('continue a prompt with a trained language model')
    .requiredOption('--model <dir>', 'folder written by lm train')
    .option('--prompt <text>', 'text to continue (empty: start at a line break)', '')
    .option('--length <n>', 'tokens to generate', int, G.length)
    .option('--temperature <t>', 'sampling temperature (0: greedy)', num, G.temperature)
    .option('--top-k <k>', 'draw among the k most likely tokens only (0: all)', int, G.topK)
    .option('--top-p <p>', 'draw among the most likely tokens holding probability p (1: all)', num, G.topP)
    .option('--seed <n>', 'random seed (same seed, same text)', int, G.seed)
    .option('--count <n>', 'samples drawn side by side', int, G.count)
    .option('--json', 'JSON lines: one per sample, then the result', false)
    .action(async (o) => {
      await runLmSample({ model: o.model, prompt: o.prompt, length: o.length, temperature: o.temperature, topK: o.topK, topP: o.topP, seed: o.seed, count: o.count, json: o.json }, stdio);
    });

  return cmd;
}
