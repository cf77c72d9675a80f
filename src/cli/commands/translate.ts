import { Command } from 'commander';

/** `recurrent translate`: Sequence to sequence with attention: translation. */
export function translateCommand(): Command {
  return new Command('translate').description('Sequence to sequence with attention: translation');
}
