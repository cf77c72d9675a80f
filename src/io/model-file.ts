/**
 * Model files: one safetensors file holding a module's weights (its stateDict) and, in
 * `__metadata__`, what rebuilds it:
 *
 *   { "format": "recurrent", "version": "1", "config": JSON.stringify(module.config()) }
 *
 * PyTorch reads the weights of such a file like any other safetensors file; `loadModel`
 * rebuilds the module from the config with a builder chosen by `config.type`.
 */
import { Module, type ModuleConfig } from '../nn/module.js';
import { FormatError, ResourceError, ShapeError, StateDictError, ValueError } from '../errors.js';
import { shapeText, type ParameterShapes } from '../nn/options-check.js';
import { clip, preview } from './json-preview.js';
import { sameShape } from '../tensor/shape.js';
import { saveSafetensors, loadSafetensorsWithMetadata } from './safetensors-file.js';
import { isRecord } from './is-record.js';

/** `__metadata__.format` of a model file. */
export const MODEL_FORMAT = 'recurrent';
/** `__metadata__.version` this library writes and reads. */
export const MODEL_VERSION = '1';

/** Deepest nesting of module configs `loadModel` accepts (a Sequential inside a Sequential …). */
export const MAX_CONFIG_DEPTH = 64;

/** What a build function gets besides its config. */
export interface BuildContext {
  /** The config's children, built in order with the builders of this load. */
  children(): Module[];
}

/** What a spec's `shapes` gets besides its config. */
export interface ShapeContext {
  /** Each child's parameter shapes, in order; null for a child whose builder cannot tell them. */
  children(): (ParameterShapes | null)[];
}

/** Rebuilds a module from its config, e.g. `(c) => new LSTM(c.options as LSTMOptions)`. */
export type BuildFunction = (config: ModuleConfig, context: BuildContext) => Module;

/**
 * A builder that can also tell, without allocating, the parameters its module will have:
 * `shapes` checks `config.options` (throwing ValueError or ResourceError) and returns the
 * parameter shapes keyed as the module's stateDict, or null when it cannot tell. `loadModel`
 * compares them with the file's tensors before anything is built.
 */
export interface ModuleSpec {
  shapes(config: ModuleConfig, context: ShapeContext): ParameterShapes | null;
  build: BuildFunction;
}

/**
 * How to rebuild each module type, keyed by `config.type`: a build function or a ModuleSpec.
 * Chosen explicitly by the caller (no global registry), e.g.
 * `{ LSTM: (c) => new LSTM(c.options as LSTMOptions) }`.
 */
export type ModuleBuilders = Record<string, BuildFunction | ModuleSpec>;

/**
 * Saves `module` to `path` as one safetensors file: its weights plus its `config()` in the
 * metadata. The write is atomic: an existing file is replaced, by rename, only once the new
 * one is complete. Throws StateDictError if the module has no `config()`.
 *
 * @example
 * await saveModel('runs/lstm.safetensors', lstm);
 * const again = await loadModel('runs/lstm.safetensors', { LSTM: (c) => new LSTM(c.options as LSTMOptions) });
 */
export async function saveModel(path: string, module: Module): Promise<void> {
  const config = module.config();
  await saveSafetensors(path, module.stateDict(), {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    config: JSON.stringify(config),
  });
}

/** A config checked by `checkConfig`, with its place in the tree and its builder. */
interface Node {
  config: ModuleConfig;
  /** Where it is, for messages: `config`, `config.children[2]`, … */
  where: string;
  builder: BuildFunction | ModuleSpec;
  children: Node[];
}

function builderOf(builders: ModuleBuilders, type: string): BuildFunction | ModuleSpec | undefined {
  return Object.prototype.hasOwnProperty.call(builders, type) ? builders[type] : undefined;
}

/**
 * Checks that `v` is a ModuleConfig (type string, options object, children configs) nested at
 * most MAX_CONFIG_DEPTH deep, with a builder for every type in it.
 */
function checkConfig(v: unknown, builders: ModuleBuilders, fail: (detail: string) => never, where = 'config', depth = 1): Node {
  if (depth > MAX_CONFIG_DEPTH) return fail(`${where}: module configs nested more than ${MAX_CONFIG_DEPTH} deep`);
  if (!isRecord(v)) return fail(`${where} must be an object {type, options}, got ${preview(v)}`);
  if (typeof v.type !== 'string' || v.type === '') return fail(`${where}.type must be a non-empty string, got ${preview(v.type)}`);
  if (!isRecord(v.options)) return fail(`${where}.options must be an object, got ${preview(v.options)}`);
  const builder = builderOf(builders, v.type);
  if (!builder) {
    const known = Object.keys(builders);
    const list = known.length ? clip(known.join(', ')) : 'none';
    fail(`unknown module type ${preview(v.type)}${where === 'config' ? '' : ` at ${where}`}: no builder for it (builders given: ${list}); pass loadModel(path, { ${clip(v.type, 60)}: (config) => ... })`);
  }
  const children: Node[] = [];
  if (v.children !== undefined) {
    if (!Array.isArray(v.children)) return fail(`${where}.children must be an array, got ${preview(v.children)}`);
    v.children.forEach((c, i) => children.push(checkConfig(c, builders, fail, `${where}.children[${i}]`, depth + 1)));
  }
  return { config: v as unknown as ModuleConfig, where, builder: builder!, children };
}

/** Runs `fn` and turns an error about the config's values into a FormatError naming the file and the node. */
function atNode<T>(path: string, node: Node, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValueError || e instanceof ResourceError || e instanceof ShapeError) {
      throw new FormatError(path, `${node.where} (${preview(node.config.type)}): ${clip(e.message, 500)}`);
    }
    throw e;
  }
}

/** The parameter shapes the config implies, or null when some builder cannot tell them. */
function shapesOf(path: string, node: Node): ParameterShapes | null {
  const spec = node.builder;
  if (typeof spec === 'function') return null;
  return atNode(path, node, () => spec.shapes(node.config, { children: () => node.children.map((c) => shapesOf(path, c)) }));
}

function buildNode(path: string, node: Node): Module {
  const build = typeof node.builder === 'function' ? node.builder : node.builder.build;
  const module = atNode(path, node, () => build(node.config, { children: () => node.children.map((c) => buildNode(path, c)) }));
  if (!(module instanceof Module)) throw new ValueError(`loadModel(${path}): the builder for ${preview(node.config.type)} returned ${typeof module}, expected a Module`);
  return module;
}

/** Keys listed in a message: the first few, then how many more. */
function listKeys(keys: string[], max = 5): string {
  const shown = keys.slice(0, max).map((k) => clip(k, 100));
  return keys.length <= max ? shown.join(', ') : `${shown.join(', ')}, … (${keys.length} in all)`;
}

/**
 * Compares the shapes the config implies with the file's tensors: StateDictError naming the
 * missing, unexpected and mis-shaped keys (with both shapes), before anything is allocated.
 */
function compareShapes(path: string, expected: ParameterShapes, tensors: Record<string, { shape: readonly number[] }>): void {
  const fmt = (s: readonly number[]) => shapeText(s);
  const missing = Object.keys(expected).filter((k) => !Object.prototype.hasOwnProperty.call(tensors, k));
  const unexpected = Object.keys(tensors).filter((k) => !Object.prototype.hasOwnProperty.call(expected, k));
  const differ = Object.keys(expected).filter((k) => tensors[k] && !sameShape(tensors[k].shape, expected[k]));
  const parts = [];
  if (differ.length) {
    const shown = differ.slice(0, 5).map((k) => `'${clip(k, 100)}' expected shape ${fmt(expected[k])} (from the config), got ${fmt(tensors[k].shape)} (in the file)`);
    parts.push(`${shown.join('; ')}${differ.length > 5 ? `; … (${differ.length} keys differ)` : ''}`);
  }
  if (missing.length) parts.push(`missing keys: ${listKeys(missing)}`);
  if (unexpected.length) parts.push(`unexpected keys: ${listKeys(unexpected)}`);
  if (parts.length) {
    throw new StateDictError(`${path}: the weights do not fit the module its config describes: ${parts.join('; ')}. The config or the weights were edited, or the file is corrupt`, missing, unexpected);
  }
}

/**
 * Reads a model file written by {@link saveModel} and rebuilds the module, in this order, so
 * that a corrupt or edited file is refused before anything large is allocated:
 * 1. the config is checked: types, nesting (at most MAX_CONFIG_DEPTH), a builder for every
 *    type, and, for builders that are ModuleSpecs, every option (FormatError naming the node);
 * 2. the parameter shapes the config implies are compared with the stored tensors
 *    (StateDictError naming each key with both shapes);
 * 3. the module is built with `builders[config.type]` (children with the same builders) and
 *    its weights loaded strictly (every key present, no extra key, every shape equal).
 * Other errors name the file too: FormatError for a file that is not safetensors, a plain
 * weights file without a recurrent config, or an unsupported version.
 *
 * @example
 * const model = await loadModel('runs/lstm.safetensors', { LSTM: (c) => new LSTM(c.options as LSTMOptions) });
 */
export async function loadModel(path: string, builders: ModuleBuilders = {}): Promise<Module> {
  const fail = (detail: string): never => {
    throw new FormatError(path, detail);
  };
  const { tensors, metadata } = await loadSafetensorsWithMetadata(path);
  if (metadata.format !== MODEL_FORMAT) {
    fail(`not a recurrent model file: __metadata__.format is ${preview(metadata.format)}, expected "${MODEL_FORMAT}". A plain weights file (e.g. from PyTorch) has no config: build the module yourself and call module.loadStateDict(await loadSafetensors(path))`);
  }
  if (metadata.version !== MODEL_VERSION) {
    fail(`unsupported model file version ${preview(metadata.version)}; this library reads version "${MODEL_VERSION}"`);
  }
  if (metadata.config === undefined) fail('__metadata__ has no "config", so the module cannot be rebuilt');
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata.config);
  } catch (e) {
    fail(`__metadata__.config is not valid JSON (${clip(e instanceof Error ? e.message : String(e))})`);
  }
  const root = checkConfig(parsed, builders, fail);
  const expected = shapesOf(path, root);
  if (expected) compareShapes(path, expected, tensors);
  const module = buildNode(path, root);
  try {
    module.loadStateDict(tensors, { strict: true });
  } catch (e) {
    if (e instanceof StateDictError) throw new StateDictError(`${path}: ${e.message}`, e.missing, e.unexpected);
    throw e;
  }
  return module;
}
