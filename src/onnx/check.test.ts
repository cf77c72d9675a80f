import { test } from 'node:test';
import assert from 'node:assert/strict';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { LSTM } from '../nn/lstm.js';
import { FormatError } from '../errors.js';
import { exportOnnx } from './export.js';
import { checkOnnx, onnxProblems } from './check.js';

const { onnx } = onnxProto;

/** The fields of a decoded model the tests edit (decode fills every repeated field). */
interface Decoded {
  irVersion: number;
  opsetImport: Onnx.IOperatorSetIdProto[];
  metadataProps: { key: string; value: string }[];
  graph: {
    node: { input: string[]; output: string[]; name: string }[];
    input: { name: string; type: { tensorType: { shape: { dim: { dimParam?: string; dimValue?: unknown }[] } | null } } }[];
    output: { name: string }[];
    initializer: { rawData: Uint8Array }[];
  };
}

function decode(bytes: Uint8Array): Decoded {
  return onnx.ModelProto.decode(bytes) as unknown as Decoded;
}

/** The exported model decoded, edited by `edit`, encoded again. */
function edited(edit: (m: Decoded) => void): Uint8Array {
  const m = decode(exportOnnx(new LSTM({ inputSize: 2, hiddenSize: 3, numLayers: 2 }), { withLengths: true }));
  edit(m);
  return onnx.ModelProto.encode(m as unknown as Onnx.IModelProto).finish();
}

test('an exported model passes; IR version, opset import and metadata are set', () => {
  const bytes = exportOnnx(new LSTM({ inputSize: 2, hiddenSize: 3, numLayers: 2 }), { opset: 19 });
  assert.deepEqual(onnxProblems(bytes), []);
  const m = decode(bytes);
  assert.equal(Number(m.irVersion), 9);
  assert.deepEqual(m.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 19]]);
  assert.equal((onnx.ModelProto.decode(bytes)).producerName, 'recurrent');
  assert.equal(JSON.parse(m.metadataProps.find((p) => p.key === 'recurrent.config')!.value).type, 'LSTM');
  const input = m.graph.input[0].type.tensorType.shape!.dim.map((d) => d.dimParam || Number(d.dimValue));
  assert.deepEqual(input, ['time', 'batch', 2]);
});

test('each broken rule is found and named', () => {
  const cases: [string, (m: Decoded) => void, RegExp][] = [
    ['no IR version', (m) => { m.irVersion = 0; }, /ir_version is 0/],
    ['no default opset', (m) => { m.opsetImport = []; }, /opset_import has no version for the default domain/],
    ['an undefined input', (m) => { m.graph.node[1].input[0] = 'nowhere'; }, /reads 'nowhere', which nothing before it defines/],
    ['nodes out of order', (m) => { m.graph.node.reverse(); }, /which nothing before it defines/],
    ['a value defined twice', (m) => { m.graph.node[1].output[0] = m.graph.node[0].output[0]; }, /is defined twice/],
    ['a node name used twice', (m) => { m.graph.node[1].name = m.graph.node[0].name; }, /node name used twice/],
    ['an input without a shape', (m) => { m.graph.input[0].type.tensorType.shape = null; }, /graph input 'input' has no shape/],
    ['an empty symbolic dimension', (m) => { m.graph.input[0].type.tensorType.shape!.dim[1] = { dimParam: '' }; }, /dimension 1 is neither a size ≥ 1 nor a symbolic name/],
    ['an output nothing produces', (m) => { m.graph.output[0].name = 'ghost'; }, /graph output 'ghost' is not produced/],
    ['an initializer shorter than its dims', (m) => { m.graph.initializer[0].rawData = new Uint8Array(4); }, /holds 4 bytes; dims \[1, 12, 2\] need 96/],
  ];
  for (const [what, edit, pattern] of cases) {
    const problems = onnxProblems(edited(edit));
    assert.ok(problems.some((p) => pattern.test(p)), `${what}: ${problems.join(' | ') || 'no problem found'}`);
    assert.throws(() => checkOnnx(edited(edit)), (e: unknown) => e instanceof FormatError && pattern.test(e.message));
  }
  assert.throws(() => onnxProblems(Uint8Array.from([0xff, 0xff, 0xff])), FormatError);
});
