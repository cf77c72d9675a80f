// A small chatbot: the attention encoder–decoder trained on (speech, next speech) pairs from the
// dialogue of tiny-shakespeare, then a conversation where each reply is drawn from the model
// (seeded, so the same run prints the same conversation). In the terminal:
// `recurrent translate train --pairs-from-dialogue input.txt --out bot` and `recurrent chat --model bot`.
//
//   node --import tsx examples/chatbot.ts [path/to/tiny-shakespeare.txt] [minutes]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Conversation, DIALOGUE_DEFAULTS, Translator, dialoguePairs, splitPairs } from 'recurrent';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/tiny-shakespeare/input.txt');
const minutes = Number(process.argv[3] ?? 2);

// Data: each speech of at most 20 words, answered by the next speaker's (the split of `translate train`).
const { train, test } = splitPairs(dialoguePairs(readFileSync(file, 'utf8'), { maxWords: 20 }), { testFraction: 0.1, seed: 0 });
console.log(`${train.length} training pairs, e.g. "${train[0].source}" → "${train[0].target}"`);

// Model: the translation defaults with the dialogue's (every word kept).
const bot = new Translator({ ...DIALOGUE_DEFAULTS, minutes });
await bot.fit(train);
const ev = bot.evaluate(test, { beam: 5 });
console.log(`held out: token accuracy ${ev.tokenAccuracy.toFixed(3)}, loss ${ev.loss.toFixed(2)} nats per word`);

// A conversation: replies drawn at temperature 0.8 from the nucleus of 0.9 (a beam search gives
// nearly the same reply to every line), from a generator seeded once.
const chat = new Conversation(bot, { sample: { temperature: 0.8, topP: 0.9, seed: 0 } });
for (const line of ['What is your name?', 'I love thee, my lord.', 'Wherefore art thou sad?']) {
  console.log(`> ${line}\n${chat.say(line)}`);
}
