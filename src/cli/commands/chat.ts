/**
 * `recurrent chat --model DIR`: talk to a sequence-to-sequence model trained on message/reply
 * pairs (`recurrent translate train --pairs-from-dialogue play.txt`). Each line typed (or piped
 * in) gets a reply, until end of input or /quit. Replies are drawn (--temperature, --top-k,
 * --top-p, from a generator of --seed; CHAT_DEFAULTS), or come from a beam search with --beam;
 * a model trained with --context 1 also reads its own previous reply (--context 0: not).
 */
import { Command } from 'commander';
import { createInterface } from 'node:readline';
import { ValueError } from '../../errors.js';
import { Translator } from '../../tasks/seq2seq/translator.js';
import { CHAT_DEFAULTS, Conversation, type ConversationOptions } from '../../tasks/seq2seq/conversation.js';
import { int, num } from '../flags.js';
import { stdio } from '../fit-callbacks.js';

/**
 * Maps the chat flags onto ConversationOptions: drawn replies (CHAT_DEFAULTS, each flag given
 * replacing its default), or a beam search with --beam; ValueError (one line, exit 2) for a mix
 * that means nothing.
 */
export function conversationOptionsOf(o: Record<string, any>): ConversationOptions {
  const sampling = o.temperature !== undefined || o.topK !== undefined || o.topP !== undefined || o.seed !== undefined;
  if (sampling && o.beam !== undefined) throw new ValueError('chat: --beam (a search) and --temperature/--top-k/--top-p/--seed (a draw) exclude each other; give one');
  if (o.beam === undefined && o.lengthPenalty !== undefined) throw new ValueError('chat: --length-penalty scores a beam search; give --beam with it (replies are drawn otherwise)');
  if (o.context !== undefined && o.context !== 0 && o.context !== 1) throw new ValueError(`chat: --context must be 0 or 1, got ${o.context}`);
  const d = CHAT_DEFAULTS;
  return {
    beam: o.beam,
    lengthPenalty: o.lengthPenalty,
    sample: o.beam === undefined ? { temperature: o.temperature ?? d.temperature, topK: o.topK, topP: o.topP ?? d.topP, seed: o.seed ?? d.seed } : undefined,
    context: o.context === undefined ? undefined : o.context === 1,
  };
}

export function chatCommand(): Command {
  return new Command('chat')
    .description('talk to a model trained with `translate train --pairs-from-dialogue FILE` (or on any message<TAB>reply pairs): a reply per line, until end of input or /quit')
    .requiredOption('--model <dir>', 'folder written by translate train')
    .option('--beam <k>', 'search for the likeliest reply with a beam of k (1: greedy) instead of drawing it', int)
    .option('--length-penalty <alpha>', 'with --beam: GNMT length penalty α (default: as trained)', num)
    .option('--temperature <t>', `drawn replies: below 1 sharper, above 1 more varied (default ${CHAT_DEFAULTS.temperature})`, num)
    .option('--top-k <k>', 'draw only among the k likeliest words (default: all)', int)
    .option('--top-p <p>', `draw only among the likeliest words holding probability p, the nucleus (default ${CHAT_DEFAULTS.topP})`, num)
    .option('--seed <n>', `seed of the drawn replies (default ${CHAT_DEFAULTS.seed}): the same seed and lines, the same conversation`, int)
    .option('--context <n>', '1: the model reads its previous reply before each line (default: as trained); 0: each line alone', int)
    .action(async (o) => {
      const options = conversationOptionsOf(o);
      const chat = new Conversation(await Translator.load(o.model), options);
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
        if (line) stdio.out(chat.say(line) + '\n');
        if (tty) rl.prompt();
      }
      rl.close();
    });
}
