import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, madeDefault } from './current.js';
import { setBackend } from './select.js';
import { LSTM } from '../nn/lstm.js';
import { nativeUnavailableReason } from './native/index.js';

// Its own file (its own process), so nothing has chosen a backend before the first op.
test('the default backend is made on first use, and setBackend keeps it rather than making another', async () => {
  assert.equal(madeDefault(), null, 'nothing is made at import time');
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3 }); // the first op: allocating parameters
  const made = backend();
  assert.equal(madeDefault(), made);
  const env = process.env.RECURRENT_BACKEND;
  if (env === undefined || env === '') {
    // native where the addon was built at install, else WebAssembly SIMD (which Node 20 runs)
    const why = nativeUnavailableReason();
    assert.equal(made.name, why === null ? 'native' : 'wasm', why ?? 'the native addon loads');
  } else assert.equal(made.name, env);
  assert.equal(await setBackend('auto'), made);
  assert.equal(await setBackend(made.name as 'js' | 'wasm' | 'native'), made, 'asking for it by name keeps it');
  if (made.name !== 'js') assert.notEqual(await setBackend(made.name as 'wasm' | 'native', { threads: 1 }), made, 'explicit options get their own backend');
  assert.equal(lstm.parameters().length, 4);
  await setBackend('js');
});
