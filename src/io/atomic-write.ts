/**
 * Atomic file writes: a reader either sees the old file or the complete new one, never a
 * half-written file. The bytes go to a temporary file in the same directory (so the final
 * `rename` stays on one file system and is atomic), are flushed with `fsync`, and only then
 * renamed over the destination. On any failure the temporary file is removed; file-system
 * failures surface as an IOError naming the destination and the operation.
 *
 * A process killed mid-write (SIGKILL, power loss) cannot remove its temporary file, so every
 * new write first removes the stale temporary files of the same destination: those whose
 * writing process is gone, or that this process's pid left behind before it started.
 */
import type { FileHandle } from 'node:fs/promises';
import { ioError, ValueError } from '../errors.js';
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

/** The pid embedded in `name` if it is a temporary file of destination `base`, else undefined. */
function tempFileWriter(name: string, base: string): number | undefined {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) return undefined;
  const m = /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length, name.length - TEMP_SUFFIX.length));
  return m ? Number(m[1]) : undefined;
}

/** Whether process `pid` exists: signal 0 checks without sending; EPERM means it exists. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary files that killed writers left beside `path`: those whose pid no
 * longer runs, and those named with this process's pid but older than this process (the pid
 * was reused). Files of live writers are kept. Best effort: a folder that cannot be listed,
 * or a file another cleaner removed first, is skipped silently. Returns the names removed.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const dir = nodePath.dirname(path);
  const base = nodePath.basename(path);
  let names: string[];
  try {
    names = await nodeFsp.readdir(dir);
  } catch {
    return [];
  }
  const startedMs = Date.now() - process.uptime() * 1000;
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempFileWriter(name, base);
    if (pid === undefined) continue;
    const file = nodePath.join(dir, name);
    let stale = !processAlive(pid);
    if (!stale && pid === process.pid) {
      const st = await nodeFsp.stat(file).catch(() => undefined);
      stale = st !== undefined && st.mtimeMs < startedMs;
    }
    if (stale && (await nodeFsp.unlink(file).then(() => true, () => false))) removed.push(name);
  }
  return removed;
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
 * Opens a streaming atomic writer for `path`, creating its directory if needed and removing
 * stale temporary files of `path` (see {@link removeStaleTempFiles}). Call `commit()` when
 * every byte is written, or `abort()` on failure.
 * @throws IOError naming `path` (or its folder, for `mkdir`) and the operation that failed.
 *
 * @example
 * const w = await createAtomicWriter('cache/data.txt');
 * try { await w.write(chunk); await w.commit(); } catch (e) { await w.abort(); throw e; }
 */
export async function createAtomicWriter(path: string): Promise<AtomicWriter> {
  const dir = nodePath.dirname(path);
  try {
    await nodeFsp.mkdir(dir, { recursive: true });
  } catch (e) {
    throw ioError(e, dir, 'mkdir');
  }
  await removeStaleTempFiles(path);
  const tempPath = tempPathFor(path);
  let handle: FileHandle | undefined;
  try {
    handle = await nodeFsp.open(tempPath, 'wx');
  } catch (e) {
    throw ioError(e, path, 'write');
  }
  let done = false;
  return {
    tempPath,
    async write(bytes) {
      if (!handle) throw new ValueError(`atomic write of ${path}: write after commit/abort`);
      let off = 0;
      try {
        while (off < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, off, bytes.length - off);
          off += bytesWritten;
        }
      } catch (e) {
        throw ioError(e, path, 'write');
      }
    },
    async commit() {
      if (!handle || done) throw new ValueError(`atomic write of ${path}: commit after commit/abort`);
      const h = handle;
      handle = undefined;
      let renaming = false;
      try {
        await h.sync();
        await h.close();
        renaming = true;
        await nodeFsp.rename(tempPath, path);
        done = true;
      } catch (e) {
        await h.close().catch(() => undefined);
        await nodeFsp.unlink(tempPath).catch(() => undefined);
        throw ioError(e, path, renaming ? 'rename' : 'write');
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
