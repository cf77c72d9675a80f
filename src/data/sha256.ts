/** SHA-256 of files, streamed so that large data sets never sit whole in memory. */
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFs = lazyBuiltin('fs');
const nodeCrypto = lazyBuiltin('crypto');

/**
 * Lower-case hex SHA-256 of the file at `path`.
 *
 * @example
 * await sha256File('cache/tiny-shakespeare.txt'); // '86c4e6aa…'
 */
export async function sha256File(path: string): Promise<string> {
  const hash = nodeCrypto.createHash('sha256');
  for await (const chunk of nodeFs.createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Whether `s` looks like a hex SHA-256 (64 hex digits, any case). */
export function isSha256(s: string): boolean {
  return HEX64.test(s.toLowerCase());
}
