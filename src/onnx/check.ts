/**
 * The ONNX checker's structural rules that apply to the graphs this library writes, on the
 * decoded bytes: IR version and default-domain opset set; every node input produced before it
 * (a graph input, an initializer or an earlier node's output: a topological order); every value
 * produced once; unique node names; graph inputs and outputs typed as tensors with a shape whose
 * every dimension is a size ≥ 1 or a non-empty symbolic name; initializers whose data fits dims.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { FormatError } from '../errors.js';

const { onnx } = onnxProto;

/** Bytes per element of the initializer types the exporter writes. */
const ELEMENT_BYTES: Record<number, number> = { 1: 4, 6: 4, 7: 8, 11: 8 };

/**
 * The rule violations of the model `bytes` (empty when it passes); a FormatError if they are not
 * a ModelProto.
 *
 * @example
 * onnxProblems(exportOnnx(new LSTM({ inputSize: 1, hiddenSize: 8 }))); // []
 * // a broken file gives e.g. "node 3 (Gemm 'head.out_node') reads 'x', which nothing before it defines"
 */
export function onnxProblems(bytes: Uint8Array): string[] {
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new FormatError('ONNX model', `not a ModelProto: ${(e as Error).message}`);
  }
  const problems: string[] = [];
  const ir = Number(model.irVersion);
  if (!(ir >= 3)) problems.push(`ir_version is ${ir}; expected ≥ 3 (set on every model)`);
  const main = model.opsetImport.find((o) => (o.domain ?? '') === '');
  if (!main || !(Number(main.version) >= 1)) problems.push('opset_import has no version for the default domain ""');
  const g = model.graph;
  if (!g) return [...problems, 'the model has no graph'];
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    if (!name) problems.push(`${what} has an empty name`);
    else if (defined.has(name)) problems.push(`value '${name}' is defined twice (again by ${what})`);
    else defined.add(name);
  };
  const checkTyped = (v: Onnx.IValueInfoProto, what: string) => {
    const t = v.type?.tensorType;
    if (!t || !t.elemType) return problems.push(`${what} '${v.name}' has no tensor element type`);
    if (!t.shape) return problems.push(`${what} '${v.name}' has no shape`);
    (t.shape.dim ?? []).forEach((d, i) => {
      const ok = d.dimParam ? d.dimParam.length > 0 : Number(d.dimValue) >= 1;
      if (!ok) problems.push(`${what} '${v.name}' dimension ${i} is neither a size ≥ 1 nor a symbolic name`);
    });
  };
  for (const t of g.initializer ?? []) {
    define(t.name ?? '', `initializer '${t.name}'`);
    const dims = t.dims ?? [];
    const n = dims.reduce<number>((a, b) => a * Number(b), 1);
    const size = ELEMENT_BYTES[t.dataType ?? 0];
    const bytes = t.rawData?.length ?? 0;
    if (size && bytes !== n * size) problems.push(`initializer '${t.name}' holds ${bytes} bytes; dims [${dims.join(', ')}] need ${n * size}`);
  }
  for (const v of g.input ?? []) {
    checkTyped(v, 'graph input');
    if (!defined.has(v.name ?? '')) define(v.name ?? '', `graph input '${v.name}'`);
  }
  const nodeNames = new Set<string>();
  (g.node ?? []).forEach((node, k) => {
    const where = `node ${k} (${node.opType} '${node.name}')`;
    if (!node.opType) problems.push(`node ${k} has no op_type`);
    if (node.name) {
      if (nodeNames.has(node.name)) problems.push(`${where}: node name used twice`);
      nodeNames.add(node.name);
    }
    for (const input of node.input ?? []) if (input !== '' && !defined.has(input)) problems.push(`${where} reads '${input}', which nothing before it defines`);
    for (const output of node.output ?? []) if (output !== '') define(output, where);
  });
  const outputs = g.output ?? [];
  if (outputs.length === 0) problems.push('the graph has no outputs');
  for (const v of outputs) {
    checkTyped(v, 'graph output');
    if (!defined.has(v.name ?? '')) problems.push(`graph output '${v.name}' is not produced by any node`);
  }
  return problems;
}

/**
 * Throws a FormatError listing the problems of {@link onnxProblems}, if any.
 *
 * @example
 * const bytes = exportOnnx(new GRU({ inputSize: 3, hiddenSize: 8 }));
 * checkOnnx(bytes); // throws a FormatError naming each problem, if any
 */
export function checkOnnx(bytes: Uint8Array): void {
  const problems = onnxProblems(bytes);
  if (problems.length) throw new FormatError('ONNX model', `${problems.length} problem(s): ${problems.slice(0, 10).join('; ')}`);
}
