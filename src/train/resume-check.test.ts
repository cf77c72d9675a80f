import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultGenerator } from '../random/generator.js';
import { loadSafetensorsWithMetadata, saveSafetensors } from '../io/safetensors-file.js';
import { FormatError, StateDictError, ValueError, type RecurrentError } from '../errors.js';
import { fit } from './fit.js';
import { readCheckpoint } from './checkpoint.js';
import { makeRun, weights } from './test-helpers/fixture.js';

/** A checkpoint's state JSON, edited freely by the cases. */
type State = Record<string, any>;
type ErrorClass = abstract new (...args: never[]) => RecurrentError;

/** A checkpoint in the middle of epoch 2 (Adam, plateau schedule, early stopping), and one with SGD and a step schedule. */
async function checkpoints(dir: string): Promise<{ adam: string; sgd: string }> {
  const stopAt = (n: number) => [{ onStep: (s: { step: number }) => (s.step === n ? ('stop' as const) : undefined) }];
  const a = makeRun(3);
  await fit(a.model, a.data, { ...a.options, epochs: 2, checkpoint: { dir: join(dir, 'adam'), everySteps: 3 }, callbacks: stopAt(9) });
  const s = makeRun(3);
  await fit(s.model, s.data, { ...s.options, epochs: 2, optimizer: 'sgd', schedule: { kind: 'step', stepSize: 1 }, checkpoint: { dir: join(dir, 'sgd'), everySteps: 3 }, callbacks: stopAt(9) });
  return { adam: join(dir, 'adam', 'last.ckpt'), sgd: join(dir, 'sgd', 'last.ckpt') };
}

/** A copy of checkpoint `from` at `to` whose state JSON `edit` changed (it may replace the text). */
async function edited(from: string, to: string, edit: (s: State) => void | string): Promise<string> {
  const { tensors, metadata } = await loadSafetensorsWithMetadata(from);
  const state = JSON.parse(metadata.state!) as State;
  const text = edit(state);
  await saveSafetensors(to, tensors, { ...metadata, state: typeof text === 'string' ? text : JSON.stringify(state) });
  return to;
}

/** Resume run `makeRun(3)` (with `extra` options) from `file`; the error it throws, and whether the run's objects were left alone. */
async function resumeError(file: string, extra: object = {}): Promise<{ error: unknown; untouched: boolean }> {
  const r = makeRun(3);
  const before = weights(r);
  const generator = defaultGenerator().getState();
  try {
    await fit(r.model, r.data, { ...r.options, epochs: 2, ...extra, resume: file });
  } catch (error) {
    return { error, untouched: JSON.stringify(weights(r)) === JSON.stringify(before) && JSON.stringify(defaultGenerator().getState()) === JSON.stringify(generator) };
  }
  return { error: null, untouched: false };
}

/** The error is of `type`, names `file` and `field`, says `what`, and is short. */
function check(error: unknown, type: ErrorClass, file: string, field: string, what: RegExp): void {
  assert.ok(error instanceof type, `expected a ${type.name}, got ${String(error)}`);
  const m = (error as Error).message;
  assert.ok(m.includes(file) && m.includes(field) && what.test(m), m);
  assert.ok(m.length < 600, `message of ${m.length} characters`);
}

test('resume checks the optimizer state against the run\'s optimizer before applying anything: tensors, counters, indices, hyperparameters', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-resume-check-'));
  const { adam, sgd } = await checkpoints(dir);
  const cases: [string, string, (s: State) => void, string, RegExp][] = [
    [adam, 'tensor-marker', (s) => { s.optimizer.state.state['0'].expAvgSq = { $tensor: true }; }, 'state.0.expAvgSq', /expected a tensor of shape \[24, 2\]/],
    [adam, 'moment-number', (s) => { s.optimizer.state.state['2'].expAvg = -1; }, 'state.2.expAvg', /expected a tensor of shape/],
    [adam, 'wrong-moment', (s) => { s.optimizer.state.state['0'].expAvg = s.optimizer.state.state['1'].expAvg; }, 'state.0.expAvg', /expected shape \[24, 2\] \(its parameter's\), got \[24, 6\]/],
    [adam, 'empty-entry', (s) => { s.optimizer.state.state['2'] = { '': 1 }; }, 'state.2', /lacks keys "step", "expAvg", "expAvgSq" of Adam's state/],
    [adam, 'no-step', (s) => { delete s.optimizer.state.state['5'].step; }, 'state.5', /lacks key "step"/],
    [adam, 'step-type', (s) => { s.optimizer.state.state['3'].step = 'x'; }, 'state.3.step', /expected an integer ≥ 0, got "x"/],
    [adam, 'proto-key', (s) => { s.optimizer.state.state['3'].constructor = { type: 'x' }; }, 'state.3', /unexpected key "constructor"/],
    [adam, 'bad-index', (s) => { s.optimizer.state.state['99'] = s.optimizer.state.state['0']; }, 'state.99', /index of a parameter listed in paramGroups \(0 … 9\)/],
    [adam, 'twice-listed', (s) => { s.optimizer.state.paramGroups[0].params[1] = 0; }, 'paramGroups[0].params[1]', /parameter index 0 is listed twice/],
    [adam, 'short-params', (s) => { s.optimizer.state.paramGroups[0].params.pop(); }, 'paramGroups[0].params', /expected 10 parameter indices, got 9/],
    [adam, 'no-betas', (s) => { delete s.optimizer.state.paramGroups[0].betas; }, 'paramGroups[0]', /lacks key "betas"/],
    [adam, 'betas-type', (s) => { s.optimizer.state.paramGroups[0].betas = [0.9, null]; }, 'paramGroups[0].betas[1]', /expected a finite number, got null/],
    [adam, 'amsgrad-type', (s) => { s.optimizer.state.paramGroups[0].amsgrad = 1; }, 'paramGroups[0].amsgrad', /expected true or false, got 1/],
    [adam, 'negative-lr', (s) => { s.optimizer.state.paramGroups[0].lr = -1; }, 'paramGroups[0].lr', /expected a finite number ≥ 0, got -1/],
    [adam, 'groups', (s) => { s.optimizer.state.paramGroups = 'x'; }, 'paramGroups', /expected an array, got "x"/],
    [adam, 'whole-state', (s) => { s.optimizer.state = 'x'; }, 'the state dict', /expected an object, got "x"/],
    [sgd, 'sgd-slot', (s) => { s.optimizer.state.state['0'] = { step: 1 }; }, 'state.0', /unexpected key "step"; SGD keeps key "momentumBuffer"/],
    [sgd, 'sgd-extra-hyper', (s) => { s.optimizer.state.paramGroups[0].toString = { type: 'x' }; }, 'paramGroups[0]', /unexpected key "toString"/],
  ];
  for (const [from, name, edit, field, what] of cases) {
    const file = await edited(from, join(dir, `${name}.ckpt`), edit);
    const { error, untouched } = await resumeError(file, from === sgd ? { optimizer: 'sgd', schedule: { kind: 'step', stepSize: 1 } } : {});
    check(error, StateDictError, file, field, what);
    assert.ok((error as Error).message.includes('the optimizer state does not match this run'), name);
    assert.ok(untouched, `${name}: the model and the default generator were left as they were`);
  }
  rmSync(dir, { recursive: true });
});

test('resume checks the schedule state, the best weights, and the run\'s counters, logs, monitor and generators', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-resume-check-'));
  const { adam, sgd } = await checkpoints(dir);
  const stateCases: [string, string, (s: State) => void, ErrorClass, string, RegExp][] = [
    [adam, 'plateau-extra', (s) => { s.schedule.factor = 10; }, StateDictError, 'the state', /unexpected key "factor"/],
    [adam, 'plateau-count', (s) => { s.schedule.numBadEpochs = -1; }, StateDictError, 'numBadEpochs', /expected an integer ≥ 0, got -1/],
    [sgd, 'step-lrs', (s) => { s.schedule.baseLrs = [0.1, 0.1]; }, StateDictError, 'baseLrs', /expected 1 rate, one per parameter group, got 2/],
    [adam, 'history-length', (s) => { s.run.step = 8; }, FormatError, 'run.stepLoss', /expected 8 values/],
    [adam, 'batch', (s) => { s.run.progress.batch = 7; }, FormatError, 'run.progress.batch', /expected an integer in 0 … 6, got 7/],
    [adam, 'epoch', (s) => { s.run.progress.epoch = 5; }, FormatError, 'run.progress.epoch', /expected 2, got 5/],
    [adam, 'epoch-log', (s) => { s.run.epochs[0] = null; }, FormatError, 'run.epochs[0]', /expected an object, got null/],
    [adam, 'log-loss', (s) => { delete s.run.epochs[0].loss; }, FormatError, 'run.epochs[0].loss', /expected a number, got nothing/],
    [adam, 'monitor', (s) => { s.run.monitor.bestEpoch = 3; }, FormatError, 'run.monitor.bestEpoch', /expected an integer in 0 … 1, got 3/],
    [adam, 'monitor-best', (s) => { s.run.monitor.best = { $number: 'NaN' }; }, FormatError, 'run.monitor.best', /not NaN/],
    [adam, 'generator', (s) => { s.run.progress.generatorAtStart = [0, 0, 0, 0, 0, 0]; }, FormatError, 'run.progress.generatorAtStart', /generator state/],
    [adam, 'default-generator', (s) => { s.defaultGenerator = 'x'.repeat(20_000); }, FormatError, 'defaultGenerator', /generator state/],
    [adam, 'setup', (s) => { s.setup.batchSize = '4'.repeat(20_000); }, FormatError, 'setup.batchSize', /expected an integer ≥ 1/],
    [adam, 'has-best', (s) => { s.hasBest = 'yes'; }, FormatError, 'hasBest', /expected true or false/],
  ];
  for (const [from, name, edit, type, field, what] of stateCases) {
    const file = await edited(from, join(dir, `${name}.ckpt`), edit);
    const { error, untouched } = await resumeError(file, from === sgd ? { optimizer: 'sgd', schedule: { kind: 'step', stepSize: 1 } } : {});
    check(error, type, file, field, what);
    assert.ok(untouched, `${name}: the model and the default generator were left as they were`);
    if (type === FormatError) await assert.rejects(readCheckpoint(file), FormatError, `${name}: readCheckpoint alone refuses it`);
  }

  // best weights of another shape: the tensors themselves, not the JSON
  const { tensors, metadata } = await loadSafetensorsWithMetadata(adam);
  const wrongBest = join(dir, 'best-shape.ckpt');
  await saveSafetensors(wrongBest, { ...tensors, 'best.head.bias': tensors['best.head.weight'] }, metadata);
  const best = await resumeError(wrongBest);
  check(best.error, StateDictError, wrongBest, 'best.head.bias', /the best weights does not match this run: best.head.bias: expected shape \[1\], got a tensor of shape \[1, 6\]/);
  assert.ok(best.untouched);
  rmSync(dir, { recursive: true });
});

test('a checkpoint naming another optimizer says so in a short message, however long the name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-resume-check-'));
  const { adam } = await checkpoints(dir);
  const file = await edited(adam, join(dir, 'type.ckpt'), (s) => { s.optimizer.type = ' '.repeat(20_000); });
  const { error, untouched } = await resumeError(file);
  check(error, ValueError, file, 'this run uses Adam', /was written with optimizer " +…/);
  assert.ok(untouched);
  rmSync(dir, { recursive: true });
});

test('an intact checkpoint still resumes after all the checks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-resume-check-'));
  const { adam, sgd } = await checkpoints(dir);
  const a = makeRun(3);
  const ha = await fit(a.model, a.data, { ...a.options, epochs: 2, resume: adam });
  const s = makeRun(3);
  const hs = await fit(s.model, s.data, { ...s.options, epochs: 2, optimizer: 'sgd', schedule: { kind: 'step', stepSize: 1 }, resume: sgd });
  assert.equal(ha.stepLoss.length, 12);
  assert.equal(hs.stepLoss.length, 12);
  rmSync(dir, { recursive: true });
});
