/**
 * `recurrent audio …`: the audio command group. Each subcommand lives in its own file in this
 * folder and is added below: `features` (the front end on one WAV file); `train` and `predict`
 * (the audio classifier) join here as they land.
 */
import { Command } from 'commander';
import { audioFeaturesCommand } from './audio-features.js';
import { audioPredictCommand, audioTrainCommand } from './audio-train.js';

/** The `audio` command and its subcommands. */
export function audioCommand(): Command {
  const cmd = new Command('audio').description('audio: features of a WAV file; train and use a classifier of WAV files');
  cmd.addCommand(audioFeaturesCommand());
  cmd.addCommand(audioTrainCommand()); // recurrent audio train DIR …
  cmd.addCommand(audioPredictCommand()); // recurrent audio predict --model DIR FILE.wav …
  return cmd;
}
