/**
 * Which errors are the user's (a bad flag value, a missing file, a malformed CSV, a folder that
 * cannot be written) and the one line that says so; anything else is a bug and keeps its stack.
 * Library errors are RecurrentErrors (an IOError names the path, the operation and the cause);
 * a raw Node file-system error that escaped them is worded the same way.
 */
import { IOError, RecurrentError, type IOOperation } from '../errors.js';

/** File-system error codes that mean a path the user gave is wrong or not writable. */
const USER_FS_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EROFS', 'ENOSPC', 'ENAMETOOLONG']);

/** The operation of each Node system call, for the IOError wording. */
const SYSCALL_OPERATIONS: Record<string, IOOperation> = {
  open: 'open', read: 'read', write: 'write', close: 'close', fsync: 'sync', rename: 'rename', mkdir: 'mkdir',
  scandir: 'list', unlink: 'remove', rmdir: 'remove', rm: 'remove', stat: 'stat', lstat: 'stat',
};

/** The one line for a user's mistake, or null when `e` is a bug. */
export function userErrorLine(e: unknown): string | null {
  if (e instanceof RecurrentError) return e.message.split('\n')[0];
  const fsError = e as { code?: unknown; path?: unknown; syscall?: unknown };
  if (e instanceof Error && typeof fsError.code === 'string' && USER_FS_CODES.has(fsError.code)) {
    const operation = (typeof fsError.syscall === 'string' && SYSCALL_OPERATIONS[fsError.syscall]) || 'open';
    return new IOError(operation, typeof fsError.path === 'string' ? fsError.path : 'file', fsError.code).message;
  }
  return null;
}
