import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBackend } from './select.js';
import { backend } from './current.js';

test('setBackend switches between js and wasm and returns the backend in use', async () => {
  const w = await setBackend('auto');
  assert.equal(backend(), w);
  assert.ok(w.name === 'wasm' || w.name === 'js', `expected wasm or js, got ${w.name}`);
  const j = await setBackend('js');
  assert.equal(j.name, 'js');
  assert.equal(backend(), j);
  assert.equal(await setBackend('auto'), w, 'the wasm backend is loaded once and reused');
  await setBackend('js');
});

