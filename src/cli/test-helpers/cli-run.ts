/** Running the CLI in a child process from tests, and the check that a mistake is one line, exit 2. */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/** `recurrent ARGS…` from the sources (standard input `input`, if given). */
export function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
}

/** Asserts that `recurrent ARGS…` fails as a user's mistake: exit code 2, one line on stderr matching `pattern`, no stack trace. */
export function userError(args: string[], pattern: RegExp): void {
  const r = cli(...args);
  assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.match(lines[0], pattern);
}
