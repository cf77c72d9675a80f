// One fuzz case: which seed and mutation a (reader, run seed, index) triple names, and the
// verdict on reading it. Runs inside the child process (see child.ts); the bounds that the
// child cannot enforce on itself (a hang, a fatal V8 abort, resident memory) are the parent's.
import { performance } from 'node:perf_hooks';
import { RecurrentError } from '../../src/errors.js';
import { Generator } from '../../src/random/generator.js';
import { NotApplicable, type Ctx, type Target } from './targets.js';
import type { Seed } from './seeds.js';

/** The bounds every case must stay within. */
export const BOUNDS = {
  /** CPU time of one read (and its check), measured in the child: 100× what a seed needs. */
  cpuMs: 2000,
  /** Wall time after which the parent kills the child as hung (a case that spins, or waits forever). */
  hangMs: 5000,
  /** V8 heap of the child (`--max-old-space-size`); past it V8 aborts the process, which no catch can stop. */
  heapMB: 512,
  /** ArrayBuffer or heap memory held right after a case (typed arrays live outside the V8 heap). */
  memoryMB: 512,
  /** Resident memory at which the parent kills the child. */
  rssMB: 1024,
  /** Longest error message: enough to say what, where and the fix, not to echo a 1 MB value. */
  messageChars: 4096,
} as const;

export type FailureKind = 'throw' | 'use' | 'accepted' | 'slow' | 'memory' | 'message' | 'hang' | 'abort' | 'harness';

export interface Failure {
  kind: FailureKind;
  /** `Name: message` of what was thrown, or what was wrong. */
  error: string;
  /** The first stack frame inside src/, when there is one. */
  at?: string;
  stack?: string;
}

export interface Verdict {
  outcome: 'parsed' | 'rejected' | 'skipped' | 'fail';
  failure?: Failure;
  cpuMs: number;
  wallMs: number;
  /** max(ArrayBuffer bytes, heap used) right after the case, MB. */
  memMB: number;
}

export interface CaseSpec {
  reader: string;
  index: number;
  kind: string;
  seed: Seed;
  what: string;
  mustReject?: string;
  bytes: Uint8Array;
}

/** FNV-1a of a string, so each reader's cases draw from their own stream. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The generator of case `index` of `reader` in the run with seed `runSeed`. */
export function caseGenerator(reader: string, runSeed: number, index: number): Generator {
  return new Generator((hash(reader) ^ Math.imul(runSeed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

/** Case `index`: mutation kinds in turn, then seeds in turn, positions and values from the case's generator. */
export function makeCase(t: Target, seeds: Seed[], runSeed: number, index: number): CaseSpec {
  const kinds = Object.keys(t.mutators);
  const kind = kinds[index % kinds.length];
  const seed = seeds[Math.floor(index / kinds.length) % seeds.length];
  const m = t.mutators[kind](seed.bytes, caseGenerator(t.name, runSeed, index), seed.meta);
  return { reader: t.name, index, kind, seed, what: m.what, mustReject: t.strict?.includes(kind) ? m.mustReject : undefined, bytes: m.bytes };
}

const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

export function describeError(e: unknown): Failure['error'] {
  return e instanceof Error ? clip(`${e.name}: ${e.message}`) : clip(`thrown ${typeof e}: ${String(e)}`);
}

/** The first frame of `e`'s stack in the library's sources, as `src/…:line`. */
export function frameInSrc(e: unknown): string | undefined {
  const stack = e instanceof Error ? e.stack ?? '' : '';
  const m = /(src\/[\w/.-]+\.ts):(\d+)/.exec(stack);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

const MB = 2 ** 20;

/** Reads the case's bytes with the target's reader, then checks and uses the result; judges what happened. */
export async function runCase(t: Target, c: CaseSpec, ctx: Ctx, keepStack = false): Promise<Verdict> {
  const before = process.memoryUsage();
  if (before.heapUsed + before.arrayBuffers > 96 * MB) (globalThis as { gc?: () => void }).gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let phase: 'read' | 'check' = 'read';
  let error: unknown;
  let threw = false;
  let complaint: string | undefined;
  try {
    const result = await t.read(c.bytes, ctx);
    phase = 'check';
    if (!c.mustReject) complaint = await t.check?.(result, ctx);
  } catch (e) {
    threw = true;
    error = e;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const mem = process.memoryUsage();
  const memMB = Math.max(mem.arrayBuffers, mem.heapUsed) / MB;
  const base = { cpuMs, wallMs, memMB };
  if (threw && error instanceof NotApplicable) return { outcome: 'skipped', ...base };

  const failures: Failure[] = [];
  const withStack = (f: Failure): Failure => (keepStack && error instanceof Error ? { ...f, stack: error.stack } : f);
  if (threw && !(error instanceof RecurrentError)) {
    const at = frameInSrc(error);
    // A throw from the target's own check code, not reaching the library, is a bug of this suite.
    const kind = phase === 'read' ? 'throw' : at ? 'use' : 'harness';
    failures.push(withStack({ kind, error: describeError(error), at }));
  }
  if (memMB > BOUNDS.memoryMB) failures.push({ kind: 'memory', error: `${memMB.toFixed(0)} MB held after the case (bound ${BOUNDS.memoryMB} MB)` });
  if (cpuMs > BOUNDS.cpuMs) failures.push({ kind: 'slow', error: `${cpuMs.toFixed(0)} ms of CPU (bound ${BOUNDS.cpuMs} ms)${threw ? `, then ${describeError(error)}` : ''}` });
  if (!threw && c.mustReject) failures.push({ kind: 'accepted', error: `read without error; expected a RecurrentError: ${c.mustReject}` });
  if (!threw && complaint) failures.push({ kind: 'accepted', error: `read without error, but ${complaint}` });
  if (threw && error instanceof RecurrentError && error.message.length > BOUNDS.messageChars) {
    failures.push(withStack({ kind: 'message', error: `${error.name} message of ${error.message.length} characters (bound ${BOUNDS.messageChars}): ${clip(error.message, 160)}`, at: frameInSrc(error) }));
  }
  if (failures.length) return { outcome: 'fail', failure: failures[0], ...base };
  // A RecurrentError while using a loaded result is a refusal too (the loader let it through, the use stopped it cleanly).
  return { outcome: threw && phase === 'read' ? 'rejected' : 'parsed', ...base };
}
