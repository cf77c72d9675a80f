/** SHA-256 of files, streamed so that large data sets never sit whole in memory. */
import { ioError } from '../errors.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFs = lazyBuiltin('fs');
const nodeCrypto = lazyBuiltin('crypto');

/**
 * Lower-case hex SHA-256 of the file at `path`.
 * @throws IOError naming the path when it cannot be read.
 *
 * @example
 * await sha256File('cache/tiny-shakespeare.txt'); // '86c4e6aa…'
 */
export async function sha256File(path: string): Promise<string> {
  const hash = nodeCrypto.createHash('sha256');
  try {
    for await (const chunk of nodeFs.createReadStream(path)) hash.update(chunk as Buffer);
  } catch (e) {
    throw ioError(e, path, 'read', 'sha256File');
  }
  return hash.digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Whether `s` looks like a hex SHA-256 (64 hex digits, any case). */
export function isSha256(s: string): boolean {
  return HEX64.test(s.toLowerCase());
}
