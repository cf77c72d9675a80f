import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, defaultGenerator } from '../random/generator.js';
import { Tensor } from '../tensor/tensor.js';
import { saveSafetensors } from '../io/safetensors-file.js';
import { FormatError, StateDictError } from '../errors.js';
import { fit } from './fit.js';
import { readCheckpoint } from './checkpoint.js';
import { comparable, makeRun, weights } from './test-helpers/fixture.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'recurrent-ckpt-'));

test('Generator.getState/setState continue the same sequence, Box–Muller spare included', () => {
  const g = new Generator(5);
  g.normal(); // leaves a spare
  const s = g.getState();
  const a = [g.normal(), g.normal(), g.uniform(), g.nextUint32()];
  const h = new Generator(99);
  h.setState(s);
  assert.deepEqual([h.normal(), h.normal(), h.uniform(), h.nextUint32()], a);
  assert.throws(() => h.setState([0, 0, 0, 0, 0, 0]), /not all 0/);
  assert.throws(() => h.setState([1, 2, 3]), /expected 4 uint32 words/);
});

test('resuming from a checkpoint continues the run bit for bit: inside an epoch, at an epoch end and where a callback stopped it', async () => {
  const full = makeRun(0);
  const reference = await fit(full.model, full.data, full.options);
  assert.equal(reference.stepLoss.length, 6 * 6, '6 epochs of 6 batches (24 training examples)');

  // A run that copies its checkpoints as they are written, then is stopped by a callback.
  const dir = tmp();
  const copies: Record<number, string> = {};
  const cut = makeRun(0);
  const stopped = await fit(cut.model, cut.data, {
    ...cut.options,
    checkpoint: { dir, everySteps: 5 },
    callbacks: [
      { onCheckpoint: (c) => { if (c.kind === 'periodic') copyFileSync(c.path, (copies[c.step] = join(dir, `at-${c.step}.ckpt`))); } },
      { onStep: (s) => (s.step === 23 ? 'stop' : undefined) },
    ],
  });
  assert.equal(stopped.stopReason, 'callback');
  assert.deepEqual(stopped.stepLoss, reference.stepLoss.slice(0, 23));
  assert.ok(existsSync(join(dir, 'best.ckpt')));

  assert.deepEqual(Object.keys(copies).map(Number), [5, 6, 10, 12, 15, 18, 20, 23], 'every 5 steps, every epoch end, and where it stopped');
  // step 10 is inside epoch 2, step 12 its end; last.ckpt holds step 23, saved on the stop
  for (const from of [copies[10], copies[12], dir]) {
    const r = makeRun(0);
    // something else used the default generator in between; the checkpoint restores it
    defaultGenerator().uniform();
    const resumed = await fit(r.model, r.data, { ...r.options, resume: from });
    assert.deepEqual(comparable(resumed), comparable(reference), `resumed from ${from}`);
    assert.deepEqual(weights(r), weights(full));
  }
  const last = await readCheckpoint(join(dir, 'last.ckpt'));
  assert.equal(last.run.step, 23);
  assert.equal(last.run.progress.batch, 23 - 18, 'batch position inside epoch 4');
  rmSync(dir, { recursive: true });
});

test('a checkpoint at the last batch of an epoch resumes into the epoch end', async () => {
  const full = makeRun(1);
  const reference = await fit(full.model, full.data, { ...full.options, epochs: 2 });
  const dir = tmp();
  const cut = makeRun(1);
  await fit(cut.model, cut.data, { ...cut.options, epochs: 2, checkpoint: { dir, everySteps: 6, everyEpochs: 100, best: false }, callbacks: [{ onStep: (s) => (s.step === 6 ? 'stop' : undefined) }] });
  const c = await readCheckpoint(join(dir, 'last.ckpt'));
  assert.deepEqual([c.run.step, c.run.progress.batch, c.run.epochs.length], [6, 6, 0], 'all 6 batches done, epoch end still ahead');
  assert.ok(!existsSync(join(dir, 'best.ckpt')), 'best: false writes no best.ckpt');
  const r = makeRun(1);
  const resumed = await fit(r.model, r.data, { ...r.options, epochs: 2, resume: dir });
  assert.deepEqual(comparable(resumed), comparable(reference));
  rmSync(dir, { recursive: true });
});

test('stale .partial files are removed when fit starts; a corrupt or mismatched checkpoint names the file', async () => {
  const dir = tmp();
  const stale = join(dir, '.last.ckpt.123-abcdef.partial');
  writeFileSync(stale, 'half a checkpoint');
  const r = makeRun(2);
  await fit(r.model, r.data, { ...r.options, epochs: 1, checkpoint: { dir } });
  assert.deepEqual(readdirSync(dir).sort(), ['best.ckpt', 'last.ckpt']);
  const file = join(dir, 'last.ckpt');

  const truncated = join(dir, 'truncated.ckpt');
  writeFileSync(truncated, readFileSync(file).subarray(0, 200));
  const again = () => makeRun(2);
  let m = again();
  await assert.rejects(fit(m.model, m.data, { ...m.options, resume: truncated }), (e: unknown) => e instanceof FormatError && e.message.includes(truncated));

  const foreign = join(dir, 'weights.safetensors');
  await saveSafetensors(foreign, { w: new Tensor(new Float32Array(2), [2]) });
  m = again();
  await assert.rejects(fit(m.model, m.data, { ...m.options, resume: foreign }), (e: unknown) => e instanceof FormatError && e.message.includes(foreign) && /not a training checkpoint/.test(e.message));

  m = again();
  await assert.rejects(fit(m.model, m.data, { ...m.options, batchSize: 5, resume: dir }), (e: unknown) => e instanceof StateDictError && e.message.includes(file) && /batchSize 4, this run has batchSize 5/.test(e.message));

  const other = makeRun(2);
  const { ManyToOne } = await import('../models/many-to-one.js');
  const wider = new ManyToOne({ cell: 'lstm', inputSize: 2, hiddenSize: 7, numLayers: 2, outputSize: 1 });
  await assert.rejects(fit(wider, other.data, { ...other.options, resume: file }), (e: unknown) => e instanceof StateDictError && e.message.includes(file) && /the model does not match/.test(e.message));

  await assert.rejects(fit(other.model, other.data, { ...other.options, resume: join(dir, 'missing') }), /cannot resume from .*missing/);
  rmSync(dir, { recursive: true });
});
