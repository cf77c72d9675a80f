#!/usr/bin/env node
import { Command } from 'commander';
import { runDemo } from './demo.js';
import { word2vecCommand } from './word2vec-command.js';
import { RecurrentError } from '../errors.js';

const program = new Command();
program.name('recurrent').description('Recurrent neural networks (RNN, LSTM, GRU) for sequential data');

program
  .command('demo')
  .description('train a vanilla RNN (many-to-many) and an LSTM forecaster (many-to-one) on generated data, offline')
  .option('--seed <n>', 'random seed', '7')
  .action((opts: { seed: string }) => {
    const t0 = Date.now();
    runDemo({ seed: Number(opts.seed) });
    console.log(`\ndone in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

program.addCommand(word2vecCommand());

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof RecurrentError) {
    console.error(`recurrent: ${e.message}`);
    process.exit(2);
  }
  throw e;
});
