/**
 * Safetensors files on disk. Saving streams the header and then each tensor's bytes into a
 * temporary file that is renamed over the destination only once complete (see
 * `atomic-write.ts`), so an existing file is never left half-overwritten.
 */
import type { Tensor } from '../tensor/tensor.js';
import { ioError } from '../errors.js';
import { createAtomicWriter } from './atomic-write.js';
import { bytesOf, encodeSafetensors } from './safetensors-write.js';
import { readSafetensorsWithMetadata, type SafetensorsContents } from './safetensors-read.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFsp = lazyBuiltin('fs/promises');

/**
 * Writes tensors and optional string metadata to `path` as a safetensors file, atomically:
 * readers see the old file or the complete new one, never a partial one. Creates the
 * directory if needed.
 * @throws ValueError for an invalid dict, before the disk is touched.
 * @throws IOError naming the path and the operation when the file system refuses.
 *
 * @example
 * await saveSafetensors('out/lstm.safetensors', lstm.stateDict(), { format: 'pt' });
 */
export async function saveSafetensors(path: string, dict: Record<string, Tensor>, metadata?: Record<string, string>): Promise<void> {
  const { header, tensors } = encodeSafetensors(dict, metadata); // validates before touching the disk
  const w = await createAtomicWriter(path);
  try {
    await w.write(header);
    for (const t of tensors) await w.write(bytesOf(t));
    await w.commit();
  } catch (e) {
    await w.abort();
    throw e;
  }
}

/** Reads a whole file; a file-system failure is an IOError naming `what`, the path and the cause. */
export async function readFileBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return await nodeFsp.readFile(path);
  } catch (e) {
    throw ioError(e, path, 'read', what);
  }
}

/**
 * Reads a safetensors file's tensors and `__metadata__`. Errors name the path: an IOError when
 * it cannot be read, a FormatError with the byte offset for a malformed file.
 *
 * @example
 * const { tensors, metadata } = await loadSafetensorsWithMetadata('model.safetensors');
 */
export async function loadSafetensorsWithMetadata(path: string): Promise<SafetensorsContents> {
  const bytes = await readFileBytes(path, 'loadSafetensors');
  return readSafetensorsWithMetadata(bytes, { source: path });
}

/**
 * Reads a safetensors file (for example one written by PyTorch's `safetensors.torch.save_file`)
 * into a dictionary of tensors.
 *
 * @example
 * lstm.loadStateDict(await loadSafetensors('lstm.safetensors'));
 */
export async function loadSafetensors(path: string): Promise<Record<string, Tensor>> {
  return (await loadSafetensorsWithMetadata(path)).tensors;
}
