import { Command } from 'commander';

/** `recurrent chat`: Talk to a trained sequence-to-sequence model. */
export function chatCommand(): Command {
  return new Command('chat').description('Talk to a trained sequence-to-sequence model');
}
