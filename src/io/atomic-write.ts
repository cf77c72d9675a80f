/**
 * Atomic file writes: a reader either sees the old file or the complete new one, never a
 * half-written file. The bytes go to a temporary file in the same directory (so the final
 * `rename` stays on one file system and is atomic), are flushed with `fsync`, and only then
 * renamed over the destination. On any failure the temporary file is removed.
 */
import type { FileHandle } from 'node:fs/promises';
import { RecurrentError } from '../errors.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');
const nodeCrypto = lazyBuiltin('crypto');

/** Suffix of every temporary file; readers must never treat such a file as complete. */
export const TEMP_SUFFIX = '.partial';

/**
 * Name of a fresh temporary file beside `path`: `.<basename>.<random>.partial`.
 * Hidden, unique per writer, and never equal to a final file name.
 */
export function tempPathFor(path: string): string {
  return nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${process.pid}-${nodeCrypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** Whether a file name is a temporary file made by this module (`.*.partial`). */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** A file being written atomically; see {@link createAtomicWriter}. */
export interface AtomicWriter {
  /** The temporary path the bytes go to until {@link AtomicWriter.commit}. */
  readonly tempPath: string;
  /** Appends bytes to the temporary file. */
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes to disk (`fsync`), closes, and renames the temporary file onto the destination. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary file; the destination is left untouched. Safe to call twice. */
  abort(): Promise<void>;
}

/**
 * Opens a streaming atomic writer for `path`, creating its directory if needed. Call
 * `commit()` when every byte is written, or `abort()` on failure.
 *
 * @example
 * const w = await createAtomicWriter('cache/data.txt');
 * try { await w.write(chunk); await w.commit(); } catch (e) { await w.abort(); throw e; }
 */
export async function createAtomicWriter(path: string): Promise<AtomicWriter> {
  await nodeFsp.mkdir(nodePath.dirname(path), { recursive: true });
  const tempPath = tempPathFor(path);
  let handle: FileHandle | undefined = await nodeFsp.open(tempPath, 'wx');
  let done = false;
  return {
    tempPath,
    async write(bytes) {
      if (!handle) throw new RecurrentError('IO', `atomic write of ${path}: write after commit/abort`);
      let off = 0;
      while (off < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, off, bytes.length - off);
        off += bytesWritten;
      }
    },
    async commit() {
      if (!handle || done) throw new RecurrentError('IO', `atomic write of ${path}: commit after commit/abort`);
      const h = handle;
      handle = undefined;
      try {
        await h.sync();
        await h.close();
        await nodeFsp.rename(tempPath, path);
        done = true;
      } catch (e) {
        await h.close().catch(() => undefined);
        await nodeFsp.unlink(tempPath).catch(() => undefined);
        throw e;
      }
    },
    async abort() {
      if (done) return;
      done = true;
      const h = handle;
      handle = undefined;
      await h?.close().catch(() => undefined);
      await nodeFsp.unlink(tempPath).catch(() => undefined);
    },
  };
}

/**
 * Writes `bytes` (or a string, as UTF-8) to `path` atomically: temporary file in the same
 * directory, `fsync`, then `rename`. Creates the directory if needed.
 *
 * @example
 * await atomicWriteFile('model/vocab.json', JSON.stringify(vocab));
 */
export async function atomicWriteFile(path: string, bytes: Uint8Array | string): Promise<void> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const w = await createAtomicWriter(path);
  try {
    await w.write(data);
    await w.commit();
  } catch (e) {
    await w.abort();
    throw e;
  }
}
