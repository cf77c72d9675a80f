/**
 * The descriptor file of a task folder (forecaster.json, classifier.json, language-model.json,
 * translator.json): read, with its format, version and options checked, every failure a
 * FormatError naming the folder or the file and what to do. Each task reads the rest itself.
 */
import { FormatError, IOError, RecurrentError } from '../errors.js';
import { readJsonFile } from '../text/json-file.js';
import { previewJson } from './json-preview.js';
import { isRecord } from './is-record.js';
import { lazyBuiltin } from '../platform/node-builtins.js';

const nodePath = lazyBuiltin('path');

/** What a task folder's descriptor must be. */
export interface BundleHeaderSpec {
  /** The descriptor's file name in the folder, e.g. 'classifier.json'. */
  readonly file: string;
  readonly format: string;
  readonly version: number;
  /** What the folder is, for the message when the file is missing: 'a classifier folder'. */
  readonly kind: string;
  /** The command that makes one: 'recurrent classify train … --out DIR'. */
  readonly makeWith: string;
}

/** A descriptor whose format and version matched, with its `options` object. */
export type BundleHeader = Record<string, unknown> & { readonly options: Record<string, unknown> };

/** Reads and checks DIR/spec.file; FormatError when it is missing, not JSON, or of another format or version. */
export async function readBundleHeader(dir: string, spec: BundleHeaderSpec): Promise<BundleHeader> {
  const file = nodePath.join(dir, spec.file);
  let json: unknown;
  try {
    json = await readJsonFile(file, spec.file);
  } catch (e) {
    if (e instanceof IOError && e.cause === 'ENOENT') throw new FormatError(dir, `no ${spec.file} here: not ${spec.kind} (train one with \`${spec.makeWith}\`)`);
    throw e;
  }
  if (!isRecord(json) || json.format !== spec.format) throw new FormatError(file, `expected "format": "${spec.format}", got ${previewJson(isRecord(json) ? json.format : json, 60)}`);
  if (json.version !== spec.version) throw new FormatError(file, `unsupported version ${previewJson(json.version, 40)}; this library reads version ${spec.version}`);
  if (!isRecord(json.options)) throw new FormatError(file, `expected an "options" object, got ${previewJson(json.options, 60)}`);
  return json as BundleHeader;
}

/** `make()` (a task built from stored options), its RecurrentError turned into a FormatError naming `file`. */
export function fromStoredOptions<T>(file: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof RecurrentError) throw new FormatError(file, `invalid options: ${e.message.slice(0, 300)}`);
    throw e;
  }
}
