/**
 * A small builder for one ONNX graph: unique value names, float32 and int64 initializers, nodes
 * with typed attributes, graph inputs and outputs with their types and shapes (a dimension is a
 * number or a symbolic name such as 'batch'), and the ModelProto bytes. The protobuf messages are
 * the official onnx.proto compiled by protobufjs (the onnx-proto package); nothing is hand-encoded.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { ValueError } from '../errors.js';

const { onnx } = onnxProto;

/** One dimension of a graph input or output: a size, or a symbolic name shared by inputs and outputs. */
export type Dim = number | string;

/** The element types the exported graphs use. */
export type ElemType = 'float32' | 'int32' | 'int64';

const ELEM: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

/**
 * A node attribute: an integer (INT), a string (STRING), a list of integers (INTS), a list of
 * strings (STRINGS), or `{ float: x }` (FLOAT). Floats are tagged because 1 and 1.0 look alike.
 */
export type Attribute = number | string | readonly number[] | readonly string[] | { float: number };

const text = new TextEncoder();

function attribute(name: string, v: Attribute): Onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new ValueError(`ONNX attribute ${name}: an INT attribute must be an integer, got ${v}; write { float: ${v} } for a FLOAT`);
    return { name, type: T.INT, i: v };
  }
  if (typeof v === 'string') return { name, type: T.STRING, s: text.encode(v) };
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return { name, type: T.STRINGS, strings: (v as string[]).map((s) => text.encode(s)) };
    return { name, type: T.INTS, ints: [...(v as number[])] };
  }
  return { name, type: T.FLOAT, f: (v as { float: number }).float };
}

function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): Onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: ELEM[type], shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

/** Little-endian bytes of a typed array (a copy, so later edits of the source do not leak in). */
function bytesOf(a: Float32Array | BigInt64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}

/** What the model says about itself: producer, graph name, metadata key/value pairs. */
export interface ModelInfo {
  graphName: string;
  producerVersion: string;
  docString?: string;
  metadata?: Record<string, string>;
}

/** Builds one graph node by node; `encode` returns the ModelProto bytes. */
export class OnnxGraph {
  private readonly nodes: Onnx.INodeProto[] = [];
  private readonly initializers: Onnx.ITensorProto[] = [];
  private readonly inputs: Onnx.IValueInfoProto[] = [];
  private readonly outputs: Onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private readonly int64Cache = new Map<string, string>();

  /** `opset` is the version of the default ONNX domain the nodes are written for. */
  constructor(readonly opset: number) {}

  /** A value name not used yet: `base`, else `base_1`, `base_2`, … */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /** Declares a graph input named exactly `name` (a ValueError if the name is taken). */
  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    if (this.names.has(name)) throw new ValueError(`ONNX graph: input name '${name}' is already used`);
    this.names.add(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Makes `value` a graph output named exactly `name` (through an Identity node when the names differ). */
  output(value: string, name: string, type: ElemType, dims: readonly Dim[]): void {
    let out = value;
    if (value !== name) {
      if (this.names.has(name)) throw new ValueError(`ONNX graph: output name '${name}' is already used`);
      this.names.add(name);
      this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: `${name}_identity` });
      out = name;
    }
    this.outputs.push(valueInfo(out, type, dims));
  }

  /** A float32 initializer [dims] from `data` (float64 values are rounded to float32). */
  floats(base: string, data: ArrayLike<number>, dims: readonly number[]): string {
    const n = dims.reduce((a, b) => a * b, 1);
    if (data.length !== n) throw new ValueError(`ONNX initializer ${base}: ${data.length} values for shape [${dims.join(', ')}] (${n} expected)`);
    const name = this.fresh(base);
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    this.initializers.push({ name, dims: [...dims], dataType: ELEM.float32, rawData: bytesOf(values) });
    return name;
  }

  /** An int64 initializer (shapes, axes, indices); one per distinct value list, shared by every node that uses it. */
  int64s(base: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `${dims.join('x')}:${values.join(',')}`;
    const cached = this.int64Cache.get(key);
    if (cached) return cached;
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [...dims], dataType: ELEM.int64, rawData: bytesOf(BigInt64Array.from(values, (v) => BigInt(v))) });
    this.int64Cache.set(key, name);
    return name;
  }

  /** A scalar float32 initializer. */
  scalar(base: string, v: number): string {
    return this.floats(base, [v], []);
  }

  /**
   * Appends a node of `op` reading `inputs` ('' for an omitted optional input) and returns its
   * `outputs` fresh value names (`base`, `base_1`, …, or the names given). The node is named
   * after its first output, so node names are unique too.
   */
  node(op: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, outputs: number | readonly string[] = 1, base = op.toLowerCase()): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, k) => this.fresh(k === 0 ? base : `${base}_out${k}`)) : outputs.map((o) => (o === '' ? '' : this.fresh(o)));
    this.nodes.push({
      opType: op,
      input: [...inputs],
      output: outs,
      name: `${outs.find((o) => o !== '') ?? base}_node`,
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** `node` for the common single-output case. */
  op(op: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, base?: string): string {
    return this.node(op, inputs, attributes, 1, base)[0];
  }

  /** The ModelProto bytes, with the IR version `irVersion` and the default domain at this graph's opset. */
  encode(irVersion: number, info: ModelInfo): Uint8Array {
    const model: Onnx.IModelProto = {
      irVersion,
      opsetImport: [{ domain: '', version: this.opset }],
      producerName: 'recurrent',
      producerVersion: info.producerVersion,
      docString: info.docString ?? '',
      metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: info.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    return onnx.ModelProto.encode(model).finish();
  }
}
