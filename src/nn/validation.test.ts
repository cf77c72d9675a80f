// Constructors refuse bad options with a ValueError naming the option (a weight too large to
// allocate is a ResourceError), and the recurrent layers check their initial states for NaN
// and ±Infinity as they check their inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from '../tensor/create.js';
import { noGrad } from '../autograd/grad-mode.js';
import { NonFiniteError, ResourceError, StateDictError, ValueError } from '../errors.js';
import { RNN } from './rnn.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { RNNCell, LSTMCell, GRUCell } from './cells.js';
import { Linear } from './linear.js';
import { Dropout } from './dropout.js';
import { MAX_ELEMENTS, MAX_LAYERS, MAX_SIZE } from './options-check.js';

/** Asserts that `fn` throws `type` with a message matching every pattern. */
function throwsNaming(fn: () => unknown, type: new (...a: never[]) => Error, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

const bad = <T>(v: unknown) => v as T;

test('Linear refuses non-integer, non-positive and huge sizes, a bad bias and an unknown dtype', () => {
  throwsNaming(() => new Linear(2.5, 2), ValueError, /^Linear: inFeatures must be an integer in 1 … \d+, got 2\.5$/);
  throwsNaming(() => new Linear(2, -1), ValueError, /outFeatures .* got -1/);
  throwsNaming(() => new Linear(2, 0), ValueError, /outFeatures .* got 0/);
  throwsNaming(() => new Linear(NaN, 2), ValueError, /inFeatures .* got NaN/);
  throwsNaming(() => new Linear(bad<number>('3'), 2), ValueError, /inFeatures .* got "3"/);
  throwsNaming(() => new Linear(MAX_SIZE + 1, 2), ValueError, /inFeatures/);
  throwsNaming(() => new Linear(2, 2, { dtype: bad('int8') }), ValueError, /Linear: dtype must be one of 'float32', 'float64', got "int8"/);
  throwsNaming(() => new Linear(2, 2, { bias: bad('no') }), ValueError, /bias must be true or false, got "no"/);
  throwsNaming(() => new Linear(2, 2, bad(null)), ValueError, /options must be an object/);
  // 1e5 × 1e5 = 1e10 elements: refused before the typed array is asked for.
  const t0 = performance.now();
  throwsNaming(() => new Linear(1e5, 1e5), ResourceError, /Linear: weight \[100000, 100000\]: needs 10000000000 elements, more than the limit of \d+ elements/);
  assert.ok(performance.now() - t0 < 100, 'refused at once');
  assert.equal(new Linear(3, 2, { bias: false, dtype: 'float64' }).weight.dtype, 'float64');
});

test('RNN, LSTM and GRU refuse bad options, naming each', () => {
  for (const Layer of [RNN, LSTM, GRU]) {
    const name = Layer.name;
    const make = (o: Record<string, unknown>) => () => new Layer({ inputSize: 2, hiddenSize: 3, ...o } as never);
    throwsNaming(make({ inputSize: 0 }), ValueError, new RegExp(`^${name}: inputSize must be an integer in 1 … \\d+, got 0$`));
    throwsNaming(make({ inputSize: -4 }), ValueError, /inputSize .* got -4/);
    throwsNaming(make({ hiddenSize: 1.5 }), ValueError, /hiddenSize .* got 1\.5/);
    throwsNaming(make({ hiddenSize: Infinity }), ValueError, /hiddenSize .* got Infinity/);
    throwsNaming(make({ hiddenSize: '8' }), ValueError, /hiddenSize .* got "8"/);
    throwsNaming(make({ numLayers: 0 }), ValueError, /numLayers must be an integer in 1 … 1024, got 0/);
    throwsNaming(make({ numLayers: MAX_LAYERS + 1 }), ValueError, /numLayers/);
    throwsNaming(make({ numLayers: 2.5 }), ValueError, /numLayers/);
    for (const p of [1, -0.1, NaN, '0.5']) throwsNaming(make({ dropout: p }), ValueError, /dropout must be a number in \[0, 1\)/);
    throwsNaming(make({ bidirectional: 'true' }), ValueError, /bidirectional must be true or false, got "true"/);
    throwsNaming(make({ batchFirst: 1 }), ValueError, /batchFirst must be true or false, got 1/);
    throwsNaming(make({ bias: null }), ValueError, /bias must be true or false, got null/);
    throwsNaming(make({ dtype: 'int8' }), ValueError, /dtype must be one of 'float32', 'float64', got "int8"/);
    throwsNaming(() => new Layer(undefined as never), ValueError, /inputSize .* got undefined/);
    // 4·H·H past MAX_ELEMENTS: a ResourceError, not `RangeError: Invalid typed array length`.
    throwsNaming(make({ hiddenSize: 1e5 }), ResourceError, /weight_hh_l0/);
  }
  throwsNaming(() => new RNN({ inputSize: 2, hiddenSize: 3, nonlinearity: 'sigmoid' as never }), ValueError, /RNN: nonlinearity must be one of 'tanh', 'relu', got "sigmoid"/);
  assert.equal(new RNN({ inputSize: 2, hiddenSize: 3, nonlinearity: 'relu' }).nonlinearity, 'relu');
  assert.ok(MAX_ELEMENTS >= 2 ** 30);
});

test('cells and Dropout refuse bad options', () => {
  for (const Cell of [RNNCell, LSTMCell, GRUCell]) {
    throwsNaming(() => new Cell(2.5, 3), ValueError, new RegExp(`^${Cell.name}: inputSize .* got 2\\.5$`));
    throwsNaming(() => new Cell(2, -3), ValueError, /hiddenSize .* got -3/);
    throwsNaming(() => new Cell(2, 3, { dtype: 'int8' as never }), ValueError, /dtype/);
    throwsNaming(() => new Cell(2, 3, { bias: 'yes' as never }), ValueError, /bias/);
  }
  throwsNaming(() => new RNNCell(2, 3, { nonlinearity: 'gelu' as never }), ValueError, /RNNCell: nonlinearity/);
  for (const p of [1, -0.5, NaN]) throwsNaming(() => new Dropout(p), ValueError, /^Dropout: p must be a number in \[0, 1\)/);
  assert.equal(new Dropout().p, 0.5);
});

test('h0 and c0 holding NaN or Infinity are a NonFiniteError naming the state and the position', () => {
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, numLayers: 2 });
  const x = zeros([4, 2, 2]);
  const h0 = zeros([2, 2, 3]);
  const c0 = zeros([2, 2, 3]);
  c0.data[1 * 6 + 1 * 3 + 2] = NaN;
  throwsNaming(() => lstm.forward(x, [h0, c0]), NonFiniteError, /^LSTM\.forward: c0 has NaN at index \[1, 1, 2\] \(shape \[2, 2, 3\]\)/);
  c0.data.fill(0);
  h0.data[4] = -Infinity;
  throwsNaming(() => lstm.forward(x, [h0, c0]), NonFiniteError, /h0 has -Infinity at index \[0, 1, 1\]/);
  const gru = new GRU({ inputSize: 2, hiddenSize: 3 });
  const g0 = zeros([1, 3]); // unbatched
  g0.data[2] = Infinity;
  throwsNaming(() => gru.forward(zeros([4, 2]), g0), NonFiniteError, /GRU\.forward: h0 has Infinity at index \[0, 2\]/);
  const rnn = new RNN({ inputSize: 2, hiddenSize: 3 });
  const s = rnn.initState(2);
  s.h.data[5] = NaN;
  throwsNaming(() => noGrad(() => rnn.step(zeros([2, 2]), s)), NonFiniteError, /RNN\.step: state\.h has NaN at index \[0, 1, 2\]/);
  const ls = lstm.initState(1);
  ls.c!.data[0] = NaN;
  throwsNaming(() => noGrad(() => lstm.step(zeros([1, 2]), ls)), NonFiniteError, /state\.c has NaN/);
  // Finite states still run.
  assert.deepEqual(lstm.forward(x, [zeros([2, 2, 3]), zeros([2, 2, 3])])[0].shape, [4, 2, 3]);
});

test('cells check their input and states for NaN and Infinity', () => {
  const cell = new LSTMCell(2, 3);
  const x = zeros([2, 2]);
  x.data[3] = NaN;
  throwsNaming(() => cell.forward(x), NonFiniteError, /LSTMCell\.forward: input has NaN at flat index 3/);
  const c = zeros([2, 3]);
  c.data[1] = Infinity;
  throwsNaming(() => cell.forward(zeros([2, 2]), [zeros([2, 3]), c]), NonFiniteError, /cx has Infinity/);
  const h = zeros([2, 3]);
  h.data[0] = NaN;
  throwsNaming(() => new GRUCell(2, 3).forward(zeros([2, 2]), h), NonFiniteError, /GRUCell\.forward: hx has NaN/);
});

test('loadStateDict messages stay short however many keys or dimensions are wrong', () => {
  const lin = new Linear(2, 3);
  const dict: Record<string, ReturnType<typeof zeros>> = { ...lin.stateDict() };
  for (let i = 0; i < 5000; i++) dict[`extra_${'k'.repeat(200)}_${i}`] = zeros([1]);
  throwsNaming(() => lin.loadStateDict(dict), StateDictError, /unexpected keys: extra_k+…, .*\(5000 in all\)/);
  assert.throws(() => lin.loadStateDict(dict), (e: unknown) => e instanceof StateDictError && e.message.length < 4000 && e.unexpected.length === 5000);
  const deep = { ...lin.stateDict(), weight: zeros(new Array(10_000).fill(1)) };
  throwsNaming(() => lin.loadStateDict(deep), StateDictError, /key 'weight' expected shape \[3, 2\], got \[1, 1, 1, 1, 1, 1, 1, 1, … \(10000 dims\)\]$/);
});
