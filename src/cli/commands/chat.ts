/**
 * `recurrent chat --model DIR`: talk to a sequence-to-sequence model trained on message/reply
 * pairs (`recurrent translate train --pairs-from-dialogue play.txt`). Each line typed (or piped
 * in) gets a reply, until end of input or /quit.
 */
import { Command } from 'commander';
import { createInterface } from 'node:readline';
import { Translator } from '../../tasks/seq2seq/translator.js';
import { int, num } from '../flags.js';
import { stdio } from '../fit-callbacks.js';

export function chatCommand(): Command {
  return new Command('chat')
    .description('talk to a model trained with `translate train --pairs-from-dialogue FILE` (or on any message<TAB>reply pairs): a reply per line, until end of input or /quit')
    .requiredOption('--model <dir>', 'folder written by translate train')
    .option('--beam <k>', 'beam width (default: as trained)', int)
    .option('--length-penalty <alpha>', 'GNMT length penalty α (default: as trained)', num)
    .action(async (o) => {
      const t = await Translator.load(o.model);
      const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
      if (tty) {
        stdio.out('Type a message; /quit or Ctrl-D ends.\n');
        rl.setPrompt('> ');
        rl.prompt();
      }
      for await (const raw of rl) {
        const line = raw.trim();
        if (line === '/quit') break;
        if (line) {
          stdio.out(t.reply(line, { beam: o.beam, lengthPenalty: o.lengthPenalty }) + '\n');
        }
        if (tty) rl.prompt();
      }
      rl.close();
    });
}
