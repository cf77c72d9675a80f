// PyTorch checkpoints (torch.save's zip format) made by Debian's torch
// (scripts/fixtures/make_torch_checkpoint_fixtures.py): tensors read exactly, views resolved by
// offset and strides, and everything that is not data refused without running it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { readTorchCheckpoint, loadTorchCheckpoint } from './torch-checkpoint.js';
import { readPickle } from './torch-pickle.js';
import { FormatError, IOError } from '../errors.js';
import { LSTM } from '../nn/lstm.js';
import { tensor } from '../tensor/create.js';
import { noGrad } from '../autograd/grad-mode.js';

const DIR = new URL('../../test/fixtures/torch/', import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
type Want = Record<string, { dtype: string; shape: number[]; values: number[] }>;
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Record<string, Want>;

for (const name of ['lstm.pt', 'checkpoint.pt', 'views.pt']) {
  test(`reads ${name}: every tensor's path, shape and values as PyTorch saved them`, () => {
    const { tensors, skipped } = readTorchCheckpoint(fixture(name), { source: name });
    const want = expected[name];
    assert.deepEqual(Object.keys(tensors).sort(), Object.keys(want).sort());
    for (const [path, w] of Object.entries(want)) {
      const t = tensors[path];
      assert.deepEqual(t.shape, w.shape, path);
      assert.equal(t.dtype, w.dtype === 'float64' ? 'float64' : 'float32', path);
      // float32/float64 exactly; half and bfloat16 were widened exactly too.
      assert.deepEqual([...t.data], w.values, path);
    }
    assert.deepEqual(skipped, name === 'views.pt' ? ['big_ints'] : []);
  });
}

test('a training checkpoint flattens to dotted paths: the model under model., the optimizer moments under optimizer.state.N.', () => {
  const { tensors } = readTorchCheckpoint(fixture('checkpoint.pt'));
  assert.deepEqual(tensors['model.weight_ih_l0'].shape, [9, 2]);
  assert.deepEqual(tensors['optimizer.state.0.exp_avg'].shape, [9, 2]);
  assert.ok(!('epoch' in tensors) && !('tag' in tensors), 'plain numbers and strings are not tensors');
});

test('the LSTM loaded from lstm.pt computes what PyTorch computed (bidirectional, two layers)', () => {
  const out = JSON.parse(readFileSync(new URL('lstm-output.json', DIR), 'utf8')) as Record<string, { shape: number[]; values: number[] }>;
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true });
  lstm.loadStateDict(readTorchCheckpoint(fixture('lstm.pt')).tensors);
  const [y, state] = noGrad(() => lstm.forward(tensor(Float32Array.from(out.input.values), out.input.shape)));
  const close = (a: ArrayLike<number>, b: number[], what: string) => {
    assert.equal(a.length, b.length, what);
    for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-5, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  };
  close(y.data, out.output.values, 'output');
  const [h, c] = state as unknown as [{ data: ArrayLike<number> }, { data: ArrayLike<number> }];
  close(h.data, out.h_n.values, 'h_n');
  close(c.data, out.c_n.values, 'c_n');
});

test('what is not a zip checkpoint of tensors is refused with advice, and a pickle that calls os.system never runs', async () => {
  assert.throws(() => readTorchCheckpoint(fixture('legacy.pt'), { source: 'legacy.pt' }), (e: unknown) => e instanceof FormatError && /legacy \(pre-1\.6\)/.test(e.message));
  assert.throws(() => readTorchCheckpoint(fixture('script.pt')), (e: unknown) => e instanceof FormatError && /TorchScript archive/.test(e.message) && /state_dict/.test(e.message));
  assert.throws(() => readTorchCheckpoint(fixture('evil.pt')), (e: unknown) => e instanceof FormatError && /refusing the Python global "posix\.system"|refusing the Python global "os\.system"/.test(e.message) && /nothing is executed/.test(e.message));
  assert.throws(() => readTorchCheckpoint(new TextEncoder().encode('hello')), (e: unknown) => e instanceof FormatError && /expected a zip archive/.test(e.message));
  await assert.rejects(loadTorchCheckpoint('/nonexistent/model.pt'), IOError);
});

test('damaged archives and pickles are FormatErrors naming the problem: a missing or short storage, a truncated pickle or zip', () => {
  const good = fixture('lstm.pt');
  // Rebuild the archive without one storage, with a short one, and with a truncated pickle.
  const files = unzipSync(good);
  const root = Object.keys(files).find((n) => n.endsWith('/data.pkl'))!.slice(0, -'data.pkl'.length);
  const without = { ...files };
  delete without[`${root}data/0`];
  assert.throws(() => readTorchCheckpoint(zipSync(without, { level: 0 })), (e: unknown) => e instanceof FormatError && /storage .*data\/0 is not in the archive/.test(e.message));
  const short = { ...files, [`${root}data/1`]: files[`${root}data/1`].subarray(0, 8) };
  assert.throws(() => readTorchCheckpoint(zipSync(short, { level: 0 })), (e: unknown) => e instanceof FormatError && /storage holds 8 bytes/.test(e.message));
  const pkl = files[`${root}data.pkl`];
  for (const cut of [1, 10, 100, pkl.length - 1]) {
    const t = { ...files, [`${root}data.pkl`]: pkl.subarray(0, cut) };
    assert.throws(() => readTorchCheckpoint(zipSync(t, { level: 0 })), FormatError, `pickle cut at ${cut}`);
  }
  assert.throws(() => readTorchCheckpoint(good.subarray(0, good.length >> 1)), FormatError, 'a truncated zip');
  // One flipped bit in a stored weight: the CRC-32 catches it (a weight never loads changed).
  const flipped = Uint8Array.from(good);
  const at = good.findIndex((_, i) => i > 0 && new TextDecoder().decode(good.subarray(i - 11, i)).endsWith('/data/0'));
  assert.ok(at > 0, 'the storage data/0 is in the archive');
  flipped[at + 200] ^= 4;
  assert.throws(() => readTorchCheckpoint(flipped), (e: unknown) => e instanceof FormatError && /CRC-32/.test(e.message));
});

test('the pickle reader handles the data subset and names the offset of what it refuses', () => {
  // protocol 2: {'a': [1, 2.5, True, None, 'x', (3,)]}
  const p = Uint8Array.from([0x80, 2, 0x7d, 0x58, 1, 0, 0, 0, 0x61, 0x5d, 0x28, 0x4b, 1, 0x47, 0x40, 0x04, 0, 0, 0, 0, 0, 0, 0x88, 0x4e, 0x8c, 1, 0x78, 0x4b, 3, 0x85, 0x65, 0x73, 0x2e]);
  const v = readPickle(p, 'p') as Map<string, unknown[]>;
  assert.deepEqual([...v.get('a')!].slice(0, 5), [1, 2.5, true, null, 'x']);
  assert.deepEqual([...(v.get('a')![5] as number[])], [3]);
  // GLOBAL 'builtins eval' at byte 2
  const evil = Uint8Array.from([0x80, 2, 0x63, ...new TextEncoder().encode('builtins\neval\n'), 0x2e]);
  assert.throws(() => readPickle(evil, 'e'), (e: unknown) => e instanceof FormatError && e.offset === 2 && /builtins\.eval/.test(e.message));
  assert.throws(() => readPickle(Uint8Array.from([0x80, 2, 0x69, 0x2e]), 'i'), (e: unknown) => e instanceof FormatError && /outside the data subset/.test(e.message));
});
