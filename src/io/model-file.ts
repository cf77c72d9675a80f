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
import { FormatError, StateDictError, ValueError } from '../errors.js';
import { saveSafetensors, loadSafetensorsWithMetadata } from './safetensors-file.js';

/** `__metadata__.format` of a model file. */
export const MODEL_FORMAT = 'recurrent';
/** `__metadata__.version` this library writes and reads. */
export const MODEL_VERSION = '1';

/**
 * Functions that rebuild a module from its config, keyed by `config.type`. Chosen explicitly by
 * the caller (no global registry), e.g. `{ LSTM: (c) => new LSTM(c.options as LSTMOptions) }`.
 */
export type ModuleBuilders = Record<string, (config: ModuleConfig) => Module>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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

/** Checks that `v` is a ModuleConfig (type string, options object, children configs). */
function checkConfig(v: unknown, fail: (detail: string) => never, where = 'config'): ModuleConfig {
  if (!isRecord(v)) return fail(`${where} must be an object {type, options}, got ${JSON.stringify(v)}`);
  if (typeof v.type !== 'string' || v.type === '') return fail(`${where}.type must be a non-empty string, got ${JSON.stringify(v.type)}`);
  if (!isRecord(v.options)) return fail(`${where}.options must be an object, got ${JSON.stringify(v.options)}`);
  if (v.children !== undefined) {
    if (!Array.isArray(v.children)) return fail(`${where}.children must be an array, got ${JSON.stringify(v.children)}`);
    v.children.forEach((c, i) => checkConfig(c, fail, `${where}.children[${i}]`));
  }
  return v as unknown as ModuleConfig;
}

/**
 * Reads a model file written by {@link saveModel}, rebuilds the module with
 * `builders[config.type]` and loads its weights strictly (every key present, no extra key,
 * every shape equal). Errors name the file and the problem: FormatError for a file that is not
 * safetensors, is a plain weights file without a recurrent config, has an unsupported version,
 * a malformed config or a type with no builder; StateDictError when the weights do not fit.
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
    fail(`not a recurrent model file: __metadata__.format is ${JSON.stringify(metadata.format)}, expected "${MODEL_FORMAT}". A plain weights file (e.g. from PyTorch) has no config: build the module yourself and call module.loadStateDict(await loadSafetensors(path))`);
  }
  if (metadata.version !== MODEL_VERSION) {
    fail(`unsupported model file version ${JSON.stringify(metadata.version)}; this library reads version "${MODEL_VERSION}"`);
  }
  if (metadata.config === undefined) fail('__metadata__ has no "config", so the module cannot be rebuilt');
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata.config);
  } catch (e) {
    fail(`__metadata__.config is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const config = checkConfig(parsed, fail);
  const build = Object.prototype.hasOwnProperty.call(builders, config.type) ? builders[config.type] : undefined;
  if (!build) {
    const known = Object.keys(builders);
    fail(`unknown module type ${JSON.stringify(config.type)}: no builder for it (builders given: ${known.length ? known.join(', ') : 'none'}); pass loadModel(path, { ${config.type}: (config) => ... })`);
  }
  const module = build!(config);
  if (!(module instanceof Module)) throw new ValueError(`loadModel(${path}): the builder for ${JSON.stringify(config.type)} returned ${typeof module}, expected a Module`);
  try {
    module.loadStateDict(tensors, { strict: true });
  } catch (e) {
    if (e instanceof StateDictError) throw new StateDictError(`${path}: ${e.message}`, e.missing, e.unexpected);
    throw e;
  }
  return module;
}
