import { Command } from 'commander';

/** `recurrent lm`: Language models over characters, words or subwords. */
export function lmCommand(): Command {
  return new Command('lm').description('Language models over characters, words or subwords');
}
