/**
 * `recurrent audio train DIR` and `recurrent audio predict --model DIR FILE.wav …`: the audio
 * classifier on the command line. The training flags map one to one onto AudioClassifierOptions
 * (defaults from AUDIO_CLASSIFIER_DEFAULTS) and, for the front end, onto AudioFeatureOptions.
 */
import { Command, Option } from 'commander';
import { AudioClassifier } from '../../tasks/audio-classifier/classifier.js';
import { AUDIO_CLASSIFIER_DEFAULTS as D, VALIDATION_BY, type AudioClassifierOptions } from '../../tasks/audio-classifier/options.js';
import { FSDD_PATTERN, HELD_OUT_SPEAKERS } from '../../tasks/audio-classifier/dataset.js';
import { CLASSIFIER_CELLS, POOLINGS } from '../../tasks/classifier/options.js';
import { int, num, numOrNone, orNull } from '../flags.js';
import { stdio } from '../fit-callbacks.js';
import { featureFlags, featureOptions } from '../audio/feature-flags.js';
import { readFrames } from '../audio/load.js';
import { runAudioTrain } from '../audio/train.js';

/** Maps the parsed train flags onto AudioClassifierOptions (one to one). */
function optionsOf(o: Record<string, any>): AudioClassifierOptions {
  return {
    features: featureOptions(o), cell: o.cell, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional, pooling: o.pooling,
    inputDropout: o.inputDropout, dropout: o.dropout, epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, weightDecay: o.weightDecay,
    clipNorm: orNull(o.clipNorm), patience: o.patience, validationFraction: o.validationFraction, validationBy: o.validationBy,
    freqMasks: o.freqMasks, freqMaskWidth: o.freqMaskWidth, timeMasks: o.timeMasks, timeMaskWidth: o.timeMaskWidth, speedPerturbation: o.speedPerturbation, baselineC: o.baselineC, seed: o.seed, minutes: o.minutes ?? null,
  };
}

/** The `train` subcommand of `audio`. */
export function audioTrainCommand(): Command {
  return featureFlags(new Command('train')
    .description('train a classifier of WAV files, score it beside MFCC statistics + logistic regression on held-out speakers (or recordings), write the model, metrics.json and report.html')
    .argument('<dir>', 'one sub-folder of .wav files per label, a CSV of path,label, or a flat folder of files named as --speaker-pattern says (FSDD by default)')
    .option('--speaker-pattern <regex>', `regular expression on the file names of a flat folder, with named groups label and speaker (default FSDD's ${FSDD_PATTERN})`)
    .option('--held-out-speakers <n>', 'speakers held out for the scores when the file names give them', int, HELD_OUT_SPEAKERS)
    .option('--test-fraction <f>', 'without speakers: stratified share of the recordings held out', num, 0.2))
    .addOption(new Option('--cell <cell>', 'recurrent cell').choices(CLASSIFIER_CELLS).default(D.cell))
    .option('--hidden-size <n>', 'hidden units per direction', int, D.hiddenSize)
    .option('--num-layers <n>', 'stacked recurrent layers', int, D.numLayers)
    .option('--no-bidirectional', `one direction only (default: bidirectional${D.bidirectional ? '' : ' off'})`)
    .addOption(new Option('--pooling <kind>', 'how the frames become one vector').choices(POOLINGS).default(D.pooling))
    .option('--input-dropout <p>', 'dropout on the input frames', num, D.inputDropout)
    .option('--dropout <p>', 'dropout on the pooled vector (and between layers)', num, D.dropout)
    .option('--epochs <n>', 'most passes over the training recordings', int, D.epochs)
    .option('--batch-size <n>', 'recordings per step', int, D.batchSize)
    .option('--lr <rate>', 'AdamW learning rate', num, D.lr)
    .option('--weight-decay <w>', 'AdamW decoupled weight decay', num, D.weightDecay)
    .option('--clip-norm <n>', "global gradient-norm clip ('none': off)", numOrNone, D.clipNorm)
    .option('--patience <n>', 'epochs without a lower validation loss before stopping', int, D.patience)
    .option('--validation-fraction <f>', 'stratified share of the training recordings used for early stopping', num, D.validationFraction)
    .addOption(new Option('--validation-by <what>', "early stopping's part: one training speaker held out (when the file names give speakers) or a share of the recordings").choices(VALIDATION_BY).default(D.validationBy))
    .option('--freq-masks <n>', 'SpecAugment: frequency masks per training recording', int, D.freqMasks)
    .option('--freq-mask-width <n>', 'SpecAugment: widest frequency mask, in coefficients', int, D.freqMaskWidth)
    .option('--time-masks <n>', 'SpecAugment: time masks per training recording', int, D.timeMasks)
    .option('--time-mask-width <n>', 'SpecAugment: widest time mask, in frames', int, D.timeMaskWidth)
    .option('--speed-perturbation <r>', 'each training recording stretched in time by a factor in [1 - r, 1 + r] (0: off)', num, D.speedPerturbation)
    .option('--baseline-c <c>', 'inverse L2 strength of the MFCC-statistics + logistic regression baseline', num, D.baselineC)
    .option('--seed <n>', 'random seed (the held-out speakers too)', int, D.seed)
    .option('--minutes <m>', 'wall-clock budget of the training', num)
    .option('--out <dir>', 'output folder', 'audio-model')
    .option('--json', 'JSON lines on standard output, the last one the result', false)
    .action(async (dir: string, o) => {
      await runAudioTrain({ source: dir, speakerPattern: o.speakerPattern, heldOutSpeakers: o.heldOutSpeakers, testFraction: o.testFraction, out: o.out, json: o.json }, optionsOf(o), stdio);
    });
}

/** The `predict` subcommand of `audio`. */
export function audioPredictCommand(): Command {
  return new Command('predict')
    .description('label WAV files with a trained audio classifier')
    .argument('<files...>', 'WAV files')
    .requiredOption('--model <dir>', 'folder written by audio train')
    .option('--json', 'one JSON line per file: {"event":"prediction", file, label, probabilities}', false)
    .action(async (files: string[], o) => {
      const clf = await AudioClassifier.load(o.model);
      const frames = [];
      for (const f of files) frames.push(await readFrames(f, (a) => clf.features(a)));
      clf.predict(frames).forEach((p, i) => {
        if (o.json) stdio.out(JSON.stringify({ event: 'prediction', file: files[i], label: p.label, probabilities: p.probabilities }) + '\n');
        else stdio.out(`${p.label}\t${p.probabilities[p.label].toFixed(3)}\t${files[i]}\n`);
      });
    });
}
