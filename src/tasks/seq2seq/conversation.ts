/**
 * A conversation with a chatbot (a Translator trained on message/reply pairs): each message gets
 * a reply; with `context` the bot also reads its own previous reply before the message, as it
 * was trained (`dialoguePairs(text, { context: 1 })` with `{ context: true }`). Sampled replies
 * draw from one Generator seeded once, so a whole conversation is reproducible.
 */

import { ValueError } from '../../errors.js';
import { Generator } from '../../random/generator.js';
import type { SamplingOptions } from '../language-model/sampling.js';
import type { Translator } from './translator.js';

/**
 * How `recurrent chat` draws its replies when no --beam is given. Measured on tiny-shakespeare
 * bots trained for 2 and 4 minutes (README): beam 5 gave 1 or 2 distinct replies to 5 fixed
 * prompts ("why , sir ." to most), drawing gave 5 of 5. The temperature and nucleus are common
 * values, not tuned against a metric.
 */
export const CHAT_DEFAULTS = {
  /** Below 1: the likelier words more often than the model's own odds, fewer stray words. */
  temperature: 0.8,
  /** The nucleus (Holtzman et al. 2020): the long tail of rare words is never drawn. */
  topP: 0.9,
  /** A fixed seed: the same lines typed, the same conversation. */
  seed: 0,
} as const;

/** Options of a {@link Conversation}. */
export interface ConversationOptions {
  /** Beam width of the replies (default: as trained). Not with `sample`. */
  readonly beam?: number;
  readonly lengthPenalty?: number;
  /** Draw the replies (temperature, topK, topP) from a Generator of `seed` (default 0). */
  readonly sample?: SamplingOptions & { readonly seed?: number };
  /** Read the previous reply before each message (default: as the bot was trained). */
  readonly context?: boolean;
}

/**
 * @example
 * const chat = new Conversation(await Translator.load('bot'), { sample: { temperature: 0.8, seed: 1 } });
 * chat.say('What is your name?'); // a reply; the next say() reads it as context
 */
export class Conversation {
  /** The exchanges so far. */
  readonly turns: { message: string; reply: string }[] = [];
  readonly context: boolean;
  private readonly generator: Generator | null;

  constructor(readonly bot: Translator, readonly options: ConversationOptions = {}) {
    this.context = options.context ?? bot.options.context;
    if (typeof this.context !== 'boolean') throw new ValueError(`Conversation: context must be true or false, got ${typeof this.context}`);
    if (this.context && !bot.options.context) throw new ValueError('Conversation: context true needs a bot trained with context (translate train --pairs-from-dialogue FILE --context 1)');
    if (options.sample !== undefined && options.beam !== undefined) throw new ValueError('Conversation: give beam (a search) or sample (a draw), not both');
    this.generator = options.sample ? new Generator(options.sample.seed ?? 0) : null;
    // a first reply checks the decoding options (ValueError naming the bad one) before anyone types
    if (options.sample) bot.translate([''], { sample: { ...options.sample, generator: new Generator(0) }, lengthPenalty: options.lengthPenalty });
    else bot.translate([''], { beam: options.beam ?? 1, lengthPenalty: options.lengthPenalty });
  }

  /** The reply to `message` (recorded in `turns`). */
  say(message: string): string {
    if (typeof message !== 'string') throw new ValueError(`Conversation.say: message must be a string, got ${typeof message}`);
    const o = this.options;
    const previous = this.turns.length ? this.turns[this.turns.length - 1].reply : '';
    const reply = this.bot.reply(message, {
      beam: this.generator ? undefined : o.beam,
      lengthPenalty: o.lengthPenalty,
      sample: this.generator && o.sample ? { ...o.sample, generator: this.generator } : undefined,
      ...(this.bot.options.context ? { context: this.context ? previous : '' } : {}),
    });
    this.turns.push({ message, reply });
    return reply;
  }
}
