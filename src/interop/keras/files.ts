/**
 * TF.js layers models as files: a folder with model.json and its weight shards (Node.js only;
 * in a browser use toTfjsArtifacts / fromTfjsArtifacts in memory).
 */
import { FormatError, ioError } from '../../errors.js';
import { isRecord } from '../../io/is-record.js';
import { preview } from '../../io/json-preview.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { fromTfjsArtifacts, toTfjsArtifacts, type TfjsArtifactsInput, type TfjsConvertible } from './artifact.js';

const nodeFsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/**
 * Writes `model` as a TF.js layers model: `dir/model.json` and `dir/weights.bin` (the folder is
 * created; each file is replaced atomically). TF.js loads it with
 * `tf.loadLayersModel('file://dir/model.json')` (tfjs-node) or from a URL serving the folder.
 *
 * @example
 * await saveTfjsModel('export/tfjs', new ManyToMany({ cell: 'gru', resetAfter: false, inputSize: 4, hiddenSize: 16, outputSize: 4 }));
 */
export async function saveTfjsModel(dir: string, model: TfjsConvertible): Promise<void> {
  const a = toTfjsArtifacts(model);
  const json = {
    format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };
  try {
    await nodeFsp.mkdir(dir, { recursive: true });
  } catch (e) {
    throw ioError(e, dir, 'mkdir', 'saveTfjsModel');
  }
  await atomicWriteFile(nodePath.join(dir, 'weights.bin'), new Uint8Array(a.weightData));
  await atomicWriteFile(nodePath.join(dir, 'model.json'), JSON.stringify(json));
}

/**
 * Reads a TF.js layers model from `path` (its model.json, or the folder holding one): the
 * topology, then every shard of the weights manifest in order, relative to model.json. Returns
 * our model (see fromTfjsArtifacts for which Keras models map onto which of ours).
 *
 * @example
 * const model = await loadTfjsModel('export/tfjs/model.json');  // e.g. a ManyToOne
 */
export async function loadTfjsModel(path: string): Promise<TfjsConvertible> {
  let file = path;
  try {
    if ((await nodeFsp.stat(path)).isDirectory()) file = nodePath.join(path, 'model.json');
  } catch (e) {
    throw ioError(e, path, 'stat', 'loadTfjsModel');
  }
  let text: string;
  try {
    text = await nodeFsp.readFile(file, 'utf8');
  } catch (e) {
    throw ioError(e, file, 'read', 'loadTfjsModel');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`TF.js model.json ${file}`, `not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(json) || !Array.isArray(json.weightsManifest)) throw new FormatError(`TF.js model.json ${file}`, `expected {modelTopology, weightsManifest}, got ${preview(json)}`);
  const specs: TfjsArtifactsInput['weightSpecs'][number][] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new FormatError(`TF.js model.json ${file}`, `a weightsManifest entry must be {paths, weights}, got ${preview(group)}`);
    specs.push(...(group.weights as TfjsArtifactsInput['weightSpecs'][number][]));
    for (const p of group.paths) {
      if (typeof p !== 'string' || p.includes('\0')) throw new FormatError(`TF.js model.json ${file}`, `a weight path must be a string, got ${preview(p)}`);
      const shard = nodePath.join(nodePath.dirname(file), p);
      try {
        shards.push(await nodeFsp.readFile(shard));
      } catch (e) {
        throw ioError(e, shard, 'read', 'loadTfjsModel');
      }
    }
  }
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let at = 0;
  for (const s of shards) {
    weightData.set(s, at);
    at += s.byteLength;
  }
  return fromTfjsArtifacts({ modelTopology: json.modelTopology, weightSpecs: specs, weightData });
}
