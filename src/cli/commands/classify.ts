import { Command } from 'commander';

/** `recurrent classify`: Text classification (many-to-one). */
export function classifyCommand(): Command {
  return new Command('classify').description('Text classification (many-to-one)');
}
