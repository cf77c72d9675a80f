// A character language model on tiny-shakespeare: the first 90 % of the text trains, the last
// 10 % is held out; the text is read as 32 contiguous streams in chunks of 100 characters with
// the state carried across chunks. Two minutes of training, then samples at two temperatures,
// and the model saved and loaded back.
//
//   node --import tsx examples/char-lm.ts [path/to/input.txt] [minutes]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LanguageModel } from 'recurrent';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/tiny-shakespeare/input.txt');
const minutes = Number(process.argv[3] ?? 2);

// Data and model: characters, Embedding(V, 64) → LSTM(256) → Linear(V), Adam with a cosine decay over the budget.
const text = readFileSync(file, 'utf8');
const lm = new LanguageModel({ level: 'char', hiddenSize: 256, minutes, onValidation: (p) => console.log(`step ${p.step}  ${p.seconds.toFixed(0)} s  validation ${p.loss.toFixed(3)} nats/char`) });

// Training: stops at the budget; the last validation scores the whole held-out tenth.
const run = await lm.fit(text);
const last = run.curve.at(-1)!;
console.log(`validation loss ${last.loss.toFixed(3)} nats/char (perplexity ${last.perplexity.toFixed(2)}) after ${last.step} steps`);

// Samples: the prompt is read once, then one streaming step per character.
for (const temperature of [0.5, 1.0]) console.log(`\n— temperature ${temperature} —\nROMEO:${lm.generate('ROMEO:', { length: 200, temperature, seed: 1 })}`);

// The bundle loads back to the same samples.
const dir = path.join(tmpdir(), 'char-lm');
await lm.save(dir);
const back = await LanguageModel.load(dir);
console.log(`\nreloaded from ${dir}: same sample ${back.generate('ROMEO:', { length: 50, seed: 1 }) === lm.generate('ROMEO:', { length: 50, seed: 1 })}`);
