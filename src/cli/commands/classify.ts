/**
 * `recurrent classify train|predict|evaluate`. The training flags map one to one onto
 * TextClassifierOptions, with the defaults of CLASSIFIER_DEFAULTS.
 */
import { Command, Option } from 'commander';
import { TextClassifier } from '../../tasks/classifier/classifier.js';
import { CLASSIFIER_CELLS, CLASSIFIER_DEFAULTS as D, CLASSIFIER_MONITORS, POOLINGS, TOKEN_LEVELS, type TextClassifierOptions } from '../../tasks/classifier/options.js';
import { ValueError } from '../../errors.js';
import { int, names, num, numOrNone } from '../flags.js';
import { stdio } from '../fit-callbacks.js';
import { readLabelledTexts, readTextLines } from '../classify/read.js';
import { runClassifyTrain, TEST_FRACTION } from '../classify/train.js';

const intOrNone = (v: string): number | null => (v.trim() === 'none' ? null : int(v));
const cOrCv = (v: string): number | 'cv' => (v.trim() === 'cv' ? 'cv' : num(v));

/** Maps the parsed train flags onto TextClassifierOptions (one to one). */
function optionsOf(o: Record<string, any>): TextClassifierOptions {
  return {
    level: o.level, lowercase: o.lowercase, dropControl: o.dropControl, bpeVocabSize: o.bpeVocabSize, minCount: o.minCount, maxVocabSize: o.maxVocabSize,
    maxLength: o.maxLength, embeddingDim: o.embeddingDim, pretrained: o.pretrained ?? null, freezeEmbeddings: o.freezeEmbeddings, cell: o.cell,
    hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional, pooling: o.pooling, embeddingDropout: o.embeddingDropout,
    dropout: o.dropout, ensemble: o.ensemble, epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, weightDecay: o.weightDecay, clipNorm: o.clipNorm,
    patience: o.patience, monitor: o.monitor, validationFraction: o.validationFraction, baselineC: o.baselineC, seed: o.seed, minutes: o.minutes ?? null,
  };
}

function readFlags(cmd: Command): Command {
  return cmd
    .option('--text-column <col>', 'CSV with a header: the text column (name or 0-based index); without it the file is "text<TAB>label" lines')
    .option('--label-column <col>', 'CSV with a header: the label column (name or 0-based index)')
    .option('--delimiter <char>', 'CSV field delimiter', ',');
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export function classifyCommand(): Command {
  const cmd = new Command('classify').description('text classification (many-to-one): train, predict, evaluate');

  readFlags(cmd.command('train').description('train a text classifier, score it beside TF-IDF + logistic regression on held-out texts (or --folds), write the model, metrics.json and report.html'))
    .argument('<file>', 'labelled texts: "text<TAB>label" lines, or a CSV with --text-column and --label-column')
    .option('--folds <k>', 'score by stratified k-fold cross-validation (the saved model then trains on every text)', int)
    .option('--test-fraction <f>', 'without --folds: stratified share of the texts held out for the scores', num, TEST_FRACTION)
    .addOption(new Option('--level <level>', 'tokens').choices(TOKEN_LEVELS).default(D.level))
    .option('--no-lowercase', `keep case (default: lower-case${D.lowercase ? '' : ' off'})`)
    .option('--no-drop-control', `keep control characters (default: dropped${D.dropControl ? '' : ' off'})`)
    .option('--bpe-vocab-size <n>', 'level bpe: BPE tokens learned on the training texts', int, D.bpeVocabSize)
    .option('--min-count <n>', 'tokens rarer than this in the training texts become <unk>', int, D.minCount)
    .option('--max-vocab-size <n>', "largest vocabulary, specials included ('none': no limit)", intOrNone, D.maxVocabSize)
    .option('--max-length <n>', 'tokens read per text (the rest is cut)', int, D.maxLength)
    .option('--embedding-dim <n>', 'embedding size (and of vectors trained by --word2vec-corpus)', int, D.embeddingDim)
    .option('--pretrained <file>', 'word vectors (word2vec text/binary or GloVe) initialising the embeddings')
    .option('--word2vec-corpus <files>', 'train the word vectors with Word2Vec on these text files (comma-separated) and the training texts', names, [] as string[])
    .option('--cache-dir <dir>', 'where vectors trained by --word2vec-corpus are cached', '.cache/recurrent')
    .option('--freeze-embeddings', 'keep pretrained embeddings fixed', D.freezeEmbeddings)
    .addOption(new Option('--cell <cell>', 'recurrent cell').choices(CLASSIFIER_CELLS).default(D.cell))
    .option('--hidden-size <n>', 'hidden units per direction', int, D.hiddenSize)
    .option('--num-layers <n>', 'stacked recurrent layers', int, D.numLayers)
    .option('--no-bidirectional', `one direction only (default: bidirectional${D.bidirectional ? '' : ' off'})`)
    .addOption(new Option('--pooling <kind>', 'how the steps become one vector').choices(POOLINGS).default(D.pooling))
    .option('--embedding-dropout <p>', 'dropout on the embeddings', num, D.embeddingDropout)
    .option('--dropout <p>', 'dropout on the pooled vector (and between layers)', num, D.dropout)
    .option('--ensemble <n>', 'networks trained with seeds seed, seed+1, …, probabilities averaged', int, D.ensemble)
    .option('--epochs <n>', 'most passes over the training texts', int, D.epochs)
    .option('--batch-size <n>', 'texts per step', int, D.batchSize)
    .option('--lr <rate>', 'AdamW learning rate', num, D.lr)
    .option('--weight-decay <w>', 'AdamW decoupled weight decay', num, D.weightDecay)
    .option('--clip-norm <n>', "global gradient-norm clip ('none': off)", numOrNone, D.clipNorm)
    .option('--patience <n>', 'epochs without a better monitored value before stopping', int, D.patience)
    .addOption(new Option('--monitor <m>', 'what early stopping watches').choices(CLASSIFIER_MONITORS).default(D.monitor))
    .option('--validation-fraction <f>', 'stratified share of the training texts used for early stopping', num, D.validationFraction)
    .option('--baseline-c <c>', "inverse L2 strength of the TF-IDF + logistic regression baseline ('cv': chosen by inner CV)", cOrCv, D.baselineC)
    .option('--seed <n>', 'random seed', int, D.seed)
    .option('--minutes <m>', 'wall-clock budget of the training (shared by folds and networks)', num)
    .option('--out <dir>', 'output folder', 'classifier-model')
    .option('--json', 'JSON lines on standard output, the last one the result', false)
    .action(async (file: string, o) => {
      await runClassifyTrain({
        file, textColumn: o.textColumn, labelColumn: o.labelColumn, delimiter: o.delimiter, folds: o.folds ?? null, testFraction: o.testFraction,
        word2vecCorpus: o.word2vecCorpus, cacheDir: o.cacheDir, out: o.out, json: o.json,
      }, optionsOf(o), stdio);
    });

  cmd.command('predict')
    .description('label texts given as arguments or in --file (one per line)')
    .argument('[texts...]', 'texts to label')
    .requiredOption('--model <dir>', 'folder written by classify train')
    .option('--file <file>', 'read the texts from this file, one per line')
    .option('--json', 'one JSON line per text: {"event":"prediction", text, label, probabilities}', false)
    .action(async (texts: string[], o) => {
      const all = [...texts, ...(o.file ? await readTextLines(o.file) : [])];
      if (all.length === 0) throw new ValueError('classify predict: no texts; give them as arguments or with --file');
      const clf = await TextClassifier.load(o.model);
      clf.predict(all).forEach((p, i) => {
        if (o.json) stdio.out(JSON.stringify({ event: 'prediction', text: all[i], label: p.label, probabilities: p.probabilities }) + '\n');
        else stdio.out(`${p.label}\t${p.probabilities[p.label].toFixed(3)}\t${all[i]}\n`);
      });
    });

  readFlags(cmd.command('evaluate').description('score a trained classifier (and its baseline) on labelled texts'))
    .argument('<file>', 'labelled texts, read as for train')
    .requiredOption('--model <dir>', 'folder written by classify train')
    .option('--json', 'the result as one JSON line', false)
    .action(async (file: string, o) => {
      const clf = await TextClassifier.load(o.model);
      const { texts, labels } = await readLabelledTexts(file, o);
      const e = clf.evaluate(texts, labels);
      const r4 = (v: number) => Number(v.toFixed(4));
      const result = {
        event: 'result', n: e.model.n, accuracy: r4(e.model.accuracy), macroF1: r4(e.model.macroF1),
        baseline: e.baseline ? { accuracy: r4(e.baseline.accuracy), macroF1: r4(e.baseline.macroF1) } : null,
        perClass: e.model.perClass.map((c) => ({ label: c.label, precision: r4(c.precision), recall: r4(c.recall), f1: r4(c.f1), support: c.support })),
        confusion: e.model.confusion, out: o.model,
      };
      if (o.json) stdio.out(JSON.stringify(result) + '\n');
      else stdio.out(`${e.model.n} texts: accuracy ${pct(e.model.accuracy)}, macro-F1 ${result.macroF1}${e.baseline ? `; TF-IDF + logistic regression ${pct(e.baseline.accuracy)}, macro-F1 ${result.baseline!.macroF1}` : ''}\n`);
    });

  return cmd;
}
