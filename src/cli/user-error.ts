/**
 * Which errors are the user's (a bad flag value, a missing file, a malformed CSV, a folder that
 * cannot be written) and the one line that says so; anything else is a bug and keeps its stack.
 */
import { RecurrentError } from '../errors.js';

/** File-system error codes that mean a path the user gave is wrong or not writable. */
const USER_FS_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EROFS', 'ENOSPC', 'ENAMETOOLONG']);

/** The one line for a user's mistake, or null when `e` is a bug. */
export function userErrorLine(e: unknown): string | null {
  if (e instanceof RecurrentError) return e.message.split('\n')[0];
  const fsError = e as { code?: unknown; path?: unknown; syscall?: unknown; message?: unknown };
  if (e instanceof Error && typeof fsError.code === 'string' && USER_FS_CODES.has(fsError.code)) {
    const what = { ENOENT: 'no such file or folder', EACCES: 'permission denied', EPERM: 'not permitted', EISDIR: 'is a folder', ENOTDIR: 'a part of the path is not a folder', EEXIST: 'already exists', EROFS: 'read-only file system', ENOSPC: 'no space left on the device', ENAMETOOLONG: 'name too long' }[fsError.code];
    return `${typeof fsError.path === 'string' ? fsError.path : 'file'}: ${what}${typeof fsError.syscall === 'string' ? ` (${fsError.syscall})` : ''}`;
  }
  return null;
}
