#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { demoCommand } from './demo.js';
import { word2vecCommand } from './word2vec-command.js';
import { forecastCommand } from './commands/forecast.js';
import { labCommand } from './commands/lab.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { serveCommand } from './commands/serve.js';
import { classifyCommand } from './commands/classify.js';
import { lmCommand } from './commands/lm.js';
import { translateCommand } from './commands/translate.js';
import { chatCommand } from './commands/chat.js';
import { exportCommand } from './commands/export.js';
import { audioCommand } from './commands/audio.js';
import { speechCommand } from './commands/speech.js';
import { userErrorLine } from './user-error.js';

const program = new Command();
program.name('recurrent').description('Recurrent neural networks (RNN, LSTM, GRU) for sequential data');
program.addCommand(demoCommand());
program.addCommand(forecastCommand());
program.addCommand(word2vecCommand());
program.addCommand(labCommand());
program.addCommand(diagnoseCommand());
program.addCommand(serveCommand());
program.addCommand(classifyCommand());
program.addCommand(lmCommand());
program.addCommand(translateCommand());
program.addCommand(chatCommand());
program.addCommand(exportCommand());
program.addCommand(audioCommand());
program.addCommand(speechCommand());

// A user's mistake is one line on standard error and exit code 2: flags too (commander prints
// its own line, e.g. "error: required option '--target <cols>' not specified").
function exitOnError(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) exitOnError(sub);
}
exitOnError(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  const line = userErrorLine(e);
  if (line === null) throw e; // a bug in the library: the stack trace is what a report needs
  process.stderr.write(`recurrent: ${line}\n`);
  process.exit(2);
});
