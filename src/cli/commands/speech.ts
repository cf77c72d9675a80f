/**
 * `recurrent speech train DIR` and `recurrent speech transcribe --model DIR FILE.wav …`: the CTC
 * recognizer of spoken digit strings on the command line. The training flags map one to one onto
 * SpeechRecognizerOptions (defaults from SPEECH_DEFAULTS), the front-end flags onto
 * AudioFeatureOptions, and the string flags onto the generator's options.
 */
import { Command, Option } from 'commander';
import { SpeechRecognizer } from '../../tasks/speech/recognizer.js';
import { SPEECH_DEFAULTS as D, type SpeechRecognizerOptions } from '../../tasks/speech/options.js';
import { FSDD_PATTERN, HELD_OUT_SPEAKERS } from '../../tasks/audio-classifier/dataset.js';
import { CLASSIFIER_CELLS } from '../../tasks/classifier/options.js';
import { int, num, numOrNone, orNull } from '../flags.js';
import { stdio } from '../fit-callbacks.js';
import { featureFlags, featureOptions } from '../audio/feature-flags.js';
import { readFrames } from '../audio/load.js';
import { runSpeechTrain, SPEECH_RUN_DEFAULTS as S } from '../speech/train.js';

/** Maps the parsed train flags onto SpeechRecognizerOptions (one to one). */
function optionsOf(o: Record<string, any>): SpeechRecognizerOptions {
  return {
    features: featureOptions(o), cell: o.cell, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional,
    inputDropout: o.inputDropout, dropout: o.dropout, epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, weightDecay: o.weightDecay,
    clipNorm: orNull(o.clipNorm), patience: o.patience, validationFraction: o.validationFraction,
    freqMasks: o.freqMasks, freqMaskWidth: o.freqMaskWidth, timeMasks: o.timeMasks, timeMaskWidth: o.timeMaskWidth, speedPerturbation: o.speedPerturbation, beamWidth: o.beamWidth, seed: o.seed, minutes: o.minutes ?? null,
  };
}

export function speechCommand(): Command {
  const cmd = new Command('speech').description('speech to text with CTC: train on spoken digit strings, transcribe WAV files');

  cmd.addCommand(featureFlags(new Command('train')
    .description('make digit strings from recordings of the training speakers, train a CTC recognizer, score CER and WER on strings of held-out speakers; write the model, metrics.json and report.html')
    .argument('<dir>', 'a flat folder of digit recordings named as --speaker-pattern says (FSDD by default)')
    .option('--speaker-pattern <regex>', `regular expression on the file names, with named groups label (the digit) and speaker (default FSDD's ${FSDD_PATTERN})`)
    .option('--held-out-speakers <n>', 'speakers whose strings are the test part', int, HELD_OUT_SPEAKERS)
    .option('--train-strings <n>', 'digit strings made from the training speakers', int, S.trainStrings)
    .option('--test-strings <n>', 'digit strings made from the held-out speakers', int, S.testStrings)
    .option('--min-digits <n>', 'fewest digits per string', int, S.minDigits)
    .option('--max-digits <n>', 'most digits per string', int, S.maxDigits))
    .addOption(new Option('--cell <cell>', 'recurrent cell').choices(CLASSIFIER_CELLS).default(D.cell))
    .option('--hidden-size <n>', 'hidden units per direction', int, D.hiddenSize)
    .option('--num-layers <n>', 'stacked recurrent layers', int, D.numLayers)
    .option('--no-bidirectional', `one direction only (default: bidirectional${D.bidirectional ? '' : ' off'})`)
    .option('--input-dropout <p>', 'dropout on the input frames', num, D.inputDropout)
    .option('--dropout <p>', 'dropout between layers and before the output layer', num, D.dropout)
    .option('--epochs <n>', 'most passes over the training strings', int, D.epochs)
    .option('--batch-size <n>', 'strings per step', int, D.batchSize)
    .option('--lr <rate>', 'AdamW learning rate', num, D.lr)
    .option('--weight-decay <w>', 'AdamW decoupled weight decay', num, D.weightDecay)
    .option('--clip-norm <n>', "global gradient-norm clip ('none': off)", numOrNone, D.clipNorm)
    .option('--patience <n>', 'epochs without a lower validation loss before stopping', int, D.patience)
    .option('--validation-fraction <f>', 'share of the training strings used for early stopping', num, D.validationFraction)
    .option('--freq-masks <n>', 'SpecAugment: frequency masks per training string', int, D.freqMasks)
    .option('--freq-mask-width <n>', 'SpecAugment: widest frequency mask, in coefficients', int, D.freqMaskWidth)
    .option('--time-masks <n>', 'SpecAugment: time masks per training string', int, D.timeMasks)
    .option('--time-mask-width <n>', 'SpecAugment: widest time mask, in frames', int, D.timeMaskWidth)
    .option('--speed-perturbation <r>', 'each training string stretched in time by a factor in [1 - r, 1 + r] (0: off)', num, D.speedPerturbation)
    .option('--beam-width <n>', 'prefixes kept by the CTC beam search (1: best path)', int, D.beamWidth)
    .option('--seed <n>', 'random seed (held-out speakers and strings too)', int, D.seed)
    .option('--minutes <m>', 'wall-clock budget of the training', num)
    .option('--out <dir>', 'output folder', 'speech-model')
    .option('--json', 'JSON lines on standard output, the last one the result', false)
    .action(async (dir: string, o) => {
      await runSpeechTrain({
        source: dir, speakerPattern: o.speakerPattern, heldOutSpeakers: o.heldOutSpeakers, trainStrings: o.trainStrings, testStrings: o.testStrings,
        minDigits: o.minDigits, maxDigits: o.maxDigits, out: o.out, json: o.json,
      }, optionsOf(o), stdio);
    }));

  cmd.command('transcribe')
    .description('transcribe WAV files with a trained recognizer')
    .argument('<files...>', 'WAV files')
    .requiredOption('--model <dir>', 'folder written by speech train')
    .option('--beam-width <n>', 'prefixes kept by the beam search (default: the model\'s)', int)
    .option('--json', 'one JSON line per file: {"event":"transcript", file, text, logProb}', false)
    .action(async (files: string[], o) => {
      const asr = await SpeechRecognizer.load(o.model);
      const frames = [];
      for (const f of files) frames.push(await readFrames(f, (a) => asr.features(a)));
      asr.transcribe(frames, o.beamWidth === undefined ? {} : { beamWidth: o.beamWidth }).forEach((t, i) => {
        if (o.json) stdio.out(JSON.stringify({ event: 'transcript', file: files[i], text: t.text, logProb: Number(t.logProb.toFixed(4)) }) + '\n');
        else stdio.out(`${files[i]}\t${t.text}\n`);
      });
    });

  return cmd;
}
