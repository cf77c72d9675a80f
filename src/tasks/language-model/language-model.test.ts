import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LanguageModel } from './language-model.js';
import { generateIds } from './generate.js';
import { splitText, TextCodec } from './text.js';
import { noGrad } from '../../autograd/grad-mode.js';

const verse = 'the quick brown fox jumps over the lazy dog.\nthe lazy dog sleeps in the sun.\n'.repeat(30);

test('splitText holds out the last part; word and bpe cut at a line start', () => {
  const text = 'abc\ndefgh\nij\n';
  assert.deepEqual(splitText(text, 0.25, 'char'), { train: text.slice(0, 9), validation: text.slice(9) });
  assert.deepEqual(splitText(text, 0.25, 'word'), { train: 'abc\ndefgh\n', validation: 'ij\n' });
  assert.throws(() => splitText('ab', 0.6, 'char'), /no training part/);
  assert.throws(() => splitText('one line', 0.5, 'word'), /no validation part/);
});

test('TextCodec: char and bpe give the text back; word lines end in <eos>', () => {
  const o = { lowercase: false, maxVocab: 100, bpeVocabSize: 40 };
  for (const level of ['char', 'bpe'] as const) {
    const c = TextCodec.build(level, verse, o);
    assert.equal(c.decode(c.encode(verse.slice(0, 120))), verse.slice(0, 120));
    assert.deepEqual(c.vocabulary.reserved, ['unk']);
  }
  const w = TextCodec.build('word', verse, o);
  const ids = w.encode('the dog.\nthe sun');
  assert.equal(ids[3], w.vocabulary.eosId);
  assert.equal(w.decode(ids), 'the dog .\nthe sun');
  const c = TextCodec.build('char', verse, o);
  assert.equal(c.encode('Z')[0], c.vocabulary.unkId); // unseen characters map to <unk>
});

async function trained(level: 'char' | 'word' | 'bpe' = 'char'): Promise<LanguageModel> {
  const lm = new LanguageModel({ level, embeddingSize: 8, hiddenSize: 16, batchSize: 4, steps: 10, epochs: 2, validateEvery: 5, bpeVocabSize: 40, seed: 2 });
  await lm.fit(verse);
  return lm;
}

test('fit trains on the stream, validates on the held-out part, and the loss falls', async () => {
  const points: number[] = [];
  const lm = new LanguageModel({ embeddingSize: 8, hiddenSize: 32, batchSize: 4, steps: 20, epochs: 3, validateEvery: 10, lr: 1e-2, onValidation: (p) => void points.push(p.loss) });
  const run = await lm.fit(verse);
  assert.equal(run.curve.length, points.length);
  assert.equal(run.curve.at(-1)!.step, run.history.stepLoss.length);
  assert.ok(points.at(-1)! < Math.log(lm.codec!.size) - 1, `validation loss ${points.at(-1)} against log V ${Math.log(lm.codec!.size)}`);
  assert.equal(run.trainTokens + run.validationTokens, verse.length);
  const ev = lm.evaluate(verse.slice(-500));
  assert.ok(Math.abs(ev.perplexity - Math.exp(ev.loss)) < 1e-9);
});

test('generation through step equals a forward over the whole sequence', async () => {
  const lm = await trained();
  const net = lm.net!;
  const prompt = lm.codec!.encode('the ');
  const [gen] = generateIds(net, prompt, 1, { length: 12, temperature: 0 });
  const all = Int32Array.from([...prompt, ...gen]);
  const V = net.options.vocabSize;
  const logits = noGrad(() => net.forward(all, all.length, 1, null).logits.data);
  // greedy: each generated token is the argmax of the full forward's logits one step before
  for (let k = 0; k < gen.length; k++) {
    const row = Array.from(logits.subarray((prompt.length - 1 + k) * V, (prompt.length + k) * V));
    assert.equal(gen[k], row.indexOf(Math.max(...row)), `token ${k}`);
  }
});

test('same seed, same text; the batched variant draws count samples', async () => {
  const lm = await trained();
  const a = lm.generate('the', { length: 40, seed: 7, topK: 5 });
  assert.equal(a, lm.generate('the', { length: 40, seed: 7, topK: 5 }));
  assert.notEqual(a, lm.generate('the', { length: 40, seed: 8, topK: 5 }));
  const many = lm.generateBatch('', { count: 5, length: 30, seed: 1 });
  assert.equal(many.length, 5);
  assert.ok(many.every((s) => Array.from(s).length === 30));
  assert.throws(() => lm.generate('x', { length: -1 }), /length must be an integer/);
});

test('save/load gives identical logits and identical seeded samples, at every level', async () => {
  for (const level of ['char', 'word', 'bpe'] as const) {
    const lm = await trained(level);
    const dir = mkdtempSync(join(tmpdir(), 'lm-'));
    try {
      await lm.save(dir);
      const back = await LanguageModel.load(dir);
      const ids = lm.codec!.encode('the lazy dog');
      const f = (m: LanguageModel) => Array.from(noGrad(() => m.net!.forward(ids, ids.length, 1, null).logits.data));
      assert.deepEqual(f(back), f(lm), level);
      assert.equal(back.generate('the', { length: 30, seed: 3, temperature: 0.9 }), lm.generate('the', { length: 30, seed: 3, temperature: 0.9 }), level);
      assert.deepEqual(back.codec!.vocabulary.tokens, lm.codec!.vocabulary.tokens);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('load refuses a folder that is not a language model, and mismatched files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lm-'));
  try {
    await assert.rejects(LanguageModel.load(dir), /not a language model folder/);
    const lm = await trained();
    await lm.save(dir);
    const meta = JSON.parse(readFileSync(join(dir, 'language-model.json'), 'utf8'));
    meta.options.hiddenSize = 17;
    writeFileSync(join(dir, 'language-model.json'), JSON.stringify(meta));
    await assert.rejects(LanguageModel.load(dir), /hiddenSize 16 but language-model.json implies 17/);
    meta.options.hiddenSize = 'big';
    writeFileSync(join(dir, 'language-model.json'), JSON.stringify(meta));
    await assert.rejects(LanguageModel.load(dir), /invalid options: .*hiddenSize/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('options are checked by name', () => {
  assert.throws(() => new LanguageModel({ level: 'sentence' as never }), /level must be one of char, word, bpe/);
  assert.throws(() => new LanguageModel({ hiddenSize: 0 }), /hiddenSize to be an integer/);
  assert.throws(() => new LanguageModel({ minutes: -1 }), /minutes must be a finite number > 0/);
  assert.throws(() => new LanguageModel().generate('x'), /not trained/);
});

test('tiny-shakespeare: a few seconds of training drop the validation loss well below log V', async (t) => {
  const file = resolve(process.cwd(), '../shared/data/tiny-shakespeare/input.txt');
  if (!existsSync(file)) {
    t.skip(`shared data not found at ${file}`);
    return;
  }
  const text = readFileSync(file, 'utf8').slice(0, 60_000);
  const lm = new LanguageModel({ embeddingSize: 16, hiddenSize: 64, batchSize: 16, steps: 50, minutes: 3 / 60, validateEvery: 1000, lr: 1e-2, schedule: 'constant' });
  const run = await lm.fit(text);
  const logV = Math.log(lm.codec!.size);
  const last = run.curve.at(-1)!;
  assert.equal(run.stopReason, 'minutes');
  assert.ok(last.loss < logV - 1, `validation loss ${last.loss} nats/char against log V = ${logV}`);
});
