// A small chatbot: the same attention encoder–decoder trained on (speech, next speech) pairs
// from the dialogue of tiny-shakespeare, then a few exchanges. A conversation in the terminal:
// `recurrent translate train --pairs-from-dialogue input.txt --out bot` and `recurrent chat --model bot`.
//
//   node --import tsx examples/chatbot.ts [path/to/tiny-shakespeare.txt] [minutes]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Translator, dialoguePairs, splitPairs } from 'recurrent';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/tiny-shakespeare/input.txt');
const minutes = Number(process.argv[3] ?? 2);

// Data: each speech of at most 20 words, answered by the next speaker's.
const { train, test } = splitPairs(dialoguePairs(readFileSync(file, 'utf8'), { maxWords: 20 }), { testFraction: 0.1, seed: 0 });
console.log(`${train.length} training pairs, e.g. "${train[0].source}" → "${train[0].target}"`);

// Model: the translation defaults; replies by beam search.
const bot = new Translator({ minutes });
await bot.fit(train);
const ev = bot.evaluate(test, { beam: 5 });
console.log(`held out: token accuracy ${ev.tokenAccuracy.toFixed(3)}, loss ${ev.loss.toFixed(2)} nats per word`);

// A conversation: each reply answers the line before it.
for (const line of ['What is your name?', 'I love thee, my lord.', 'Wherefore art thou sad?']) {
  console.log(`> ${line}\n${bot.reply(line, { beam: 5 })}`);
}
