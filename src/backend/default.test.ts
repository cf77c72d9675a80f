import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, madeDefault } from './current.js';
import { setBackend } from './select.js';
import { LSTM } from '../nn/lstm.js';

// Its own file (its own process), so nothing has chosen a backend before the first op.
test('the default backend is made on first use, and setBackend keeps it rather than making another', async () => {
  assert.equal(madeDefault(), null, 'nothing is made at import time');
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3 }); // the first op: allocating parameters
  const made = backend();
  assert.equal(madeDefault(), made);
  if (process.env.RECURRENT_BACKEND !== 'js') assert.equal(made.name, 'wasm', 'WebAssembly SIMD loads in Node 20');
  assert.equal(await setBackend('auto'), made);
  if (made.name === 'wasm') assert.notEqual(await setBackend('wasm', { threads: 1 }), made, 'explicit options get their own backend');
  assert.equal(lstm.parameters().length, 4);
  await setBackend('js');
});
