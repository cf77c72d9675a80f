// English → French on the first 10 000 Tatoeba pairs: the documented split (seeded shuffle, 10%
// held out), a bidirectional GRU encoder with Bahdanau attention trained for a few minutes, BLEU
// of greedy and beam decoding on the held-out pairs, and where the decoder looked in a sentence.
//
//   node --import tsx examples/translate.ts [path/to/eng-fra.tsv] [minutes]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Translator, parsePairs, splitPairs } from 'recurrent';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/tatoeba-eng-fra/eng-fra-first10000.tsv');
const minutes = Number(process.argv[3] ?? 2);

// Data: "English<TAB>French" lines; the test pairs never reach the vocabularies or the training.
const { train, test } = splitPairs(parsePairs(readFileSync(file, 'utf8'), file), { testFraction: 0.1, seed: 0 });

// Model: word tokens, bidirectional GRU encoder, additive (Bahdanau) attention, stopped by the clock.
const translator = new Translator({ attention: 'additive', minutes });
const history = await translator.fit(train);
console.log(`trained ${history.epochs.length} epochs in ${translator.trainSeconds.toFixed(0)} s (${history.stopReason})`);

// Held-out scores: corpus BLEU-4 of greedy and beam search, teacher-forced token accuracy.
const ev = translator.evaluate(test, { beam: 5 });
console.log(`BLEU greedy ${ev.bleu.greedy.toFixed(2)}  beam 5 ${ev.bleu.beam.toFixed(2)}  token accuracy ${ev.tokenAccuracy.toFixed(3)}`);
for (const e of ev.examples.slice(0, 3)) console.log(`  ${e.source} → ${e.beam}   (reference: ${e.reference})`);

// Attention: for each output word, the source word it weighted most.
const [t] = translator.translate(['I am very happy.'], { beam: 5 });
console.log(`${t.sourceTokens.join(' ')} → ${t.text}`);
t.tokens.forEach((w: string, i: number) => {
  const row = t.attention[i];
  const j = row.indexOf(Math.max(...row));
  console.log(`  ${w.padEnd(12)} looked at "${t.sourceTokens[j]}" (${(row[j] * 100).toFixed(0)}%)`);
});
