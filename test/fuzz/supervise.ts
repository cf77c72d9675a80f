// The parent side of the fuzz suite: runs the cases in a child process with a 512 MB V8 heap,
// kills it when a case hangs or its resident memory passes the bound, and when it dies (a fatal
// V8 out-of-memory abort, a signal) records the case it was in and starts a new child after it.
// A reader+mutation key that has brought the child down `maxHard` times is skipped from then on,
// so one unbounded reader cannot eat the time of the others.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { BOUNDS, type Failure, type Verdict } from './case.js';

export interface PlanItem {
  reader: string;
  from: number;
  to: number;
}

export interface CaseRecord extends Partial<Verdict> {
  reader: string;
  index: number;
  kind: string;
  seed?: string;
  what?: string;
  outcome: Verdict['outcome'];
  failure?: Failure;
}

export interface SuperviseOptions {
  plan: PlanItem[];
  runSeed: number;
  /** Child restarts allowed per reader+mutation key before its remaining cases are skipped. */
  maxHard: number;
  timeoutMs?: number;
  rssMB?: number;
  /** Print the child's stdout and stderr, and keep stacks (a single-case reproduction). */
  verbose?: boolean;
  /** Write each case's mutated bytes to this file before reading it. */
  dump?: string;
  onRecord?: (r: CaseRecord) => void;
}

export interface SuperviseResult {
  records: CaseRecord[];
  seedErrors: { reader: string; error: string }[];
  /** Seconds per reader: seeds plus every case, crashed ones included. */
  seconds: Record<string, number>;
  restarts: number;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** Resident set size of `pid` in MB (Linux), or 0 where /proc is not there. */
async function rssMB(pid: number): Promise<number> {
  try {
    const statm = await readFile(`/proc/${pid}/statm`, 'utf8');
    return (Number(statm.split(' ')[1]) * 4096) / 2 ** 20;
  } catch {
    return 0;
  }
}

const tail = (s: string, n = 600) => (s.length > n ? '…' + s.slice(-n) : s).trim();

/** The line of a dead child's stderr that says why: V8's FATAL ERROR, else the last line that is not a stack frame. */
function cause(stderr: string): string {
  const fatal = /FATAL ERROR[^\n]*/.exec(stderr);
  if (fatal) return fatal[0].trim();
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^(at |\d+: 0x|=+|-+$)/.test(l));
  return lines.length ? lines[lines.length - 1].slice(0, 300) : '(nothing on stderr)';
}

/** A case the child has started and not yet judged. */
type Pending = CaseRecord & { t0: number };

/** How one child process ended: the case it died in (if any), and why. */
interface ChildEnd {
  died: Pending | null;
  killedFor: { kind: 'hang' | 'memory'; detail: string } | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why it died, in one line (V8's fatal error, an uncaught async error, the last stderr line). */
  cause: string;
  output: string;
}

/** No protocol line for this long outside a case (starting up, writing seeds) means the child is stuck. */
const IDLE_MS = 120_000;

/** Runs one child on `plan`, passing each judged case to `add`, until it exits or is killed. */
async function runChild(args: string[], o: SuperviseOptions, out: SuperviseResult, add: (r: CaseRecord, ms: number) => void): Promise<ChildEnd> {
  const timeoutMs = o.timeoutMs ?? BOUNDS.hangMs;
  const limitMB = o.rssMB ?? BOUNDS.rssMB;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { output = (output + d).slice(-4000); if (o.verbose) process.stderr.write(d); });
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d).slice(-4000); output = (output + d).slice(-4000); if (o.verbose) process.stderr.write(d); });

  const state: { current: Pending | null; killedFor: ChildEnd['killedFor']; asyncError: string | null } = { current: null, killedFor: null, asyncError: null };
  const kill = (kind: 'hang' | 'memory', detail: string) => {
    if (state.killedFor) return;
    state.killedFor = { kind, detail };
    child.kill('SIGKILL');
  };
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, detail: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => kill('hang', detail), ms);
  };
  arm(IDLE_MS, `no progress for ${IDLE_MS / 1000} s outside any case; killed`);
  const poll = setInterval(async () => {
    const mb = await rssMB(child.pid!);
    if (mb > limitMB) kill('memory', `resident memory ${mb.toFixed(0)} MB passed the bound of ${limitMB} MB; killed`);
  }, 100);

  let buf = '';
  child.stdio[3]!.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      const head = { reader: msg.reader, index: msg.i, kind: msg.kind, seed: msg.seed, what: msg.what };
      if (msg.t === 'start') {
        state.current = { ...head, outcome: 'fail', t0: performance.now() };
        arm(timeoutMs, `no verdict after ${timeoutMs} ms; killed`);
        continue;
      }
      arm(IDLE_MS, `no progress for ${IDLE_MS / 1000} s outside any case; killed`);
      if (msg.t === 'end') {
        state.current = null;
        add({ ...head, outcome: msg.outcome, failure: msg.failure, cpuMs: msg.cpuMs, wallMs: msg.wallMs, memMB: msg.memMB }, msg.wallMs);
      } else if (msg.t === 'skip') add({ ...head, outcome: 'skipped' }, 0);
      else if (msg.t === 'seeds') out.seconds[msg.reader] = (out.seconds[msg.reader] ?? 0) + msg.ms / 1000;
      else if (msg.t === 'seeds-failed') out.seedErrors.push({ reader: msg.reader, error: msg.error + (o.verbose && msg.stack ? `\n${msg.stack}` : '') });
      else if (msg.t === 'async-error') state.asyncError = msg.error;
    }
  });

  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
  clearInterval(poll);
  clearTimeout(timer);
  return { died: state.current, killedFor: state.killedFor, code, signal, cause: state.asyncError ?? cause(stderr), output };
}

export async function supervise(o: SuperviseOptions): Promise<SuperviseResult> {
  const work = await mkdtemp(join(tmpdir(), 'recurrent-fuzz-'));
  const out: SuperviseResult = { records: [], seedErrors: [], seconds: {}, restarts: 0 };
  const hard = new Map<string, number>();
  const skip = new Set<string>();
  const add = (r: CaseRecord, ms: number) => {
    out.records.push(r);
    out.seconds[r.reader] = (out.seconds[r.reader] ?? 0) + ms / 1000;
    o.onRecord?.(r);
  };
  let plan = o.plan.filter((p) => p.to > p.from);
  try {
    while (plan.length) {
      const args = ['--max-old-space-size=' + BOUNDS.heapMB, '--expose-gc', '--import', 'tsx', CHILD,
        '--plan', plan.map((p) => `${p.reader}:${p.from}:${p.to}`).join(','), '--seed', String(o.runSeed), '--work', work];
      if (skip.size) args.push('--skip', [...skip].join(','));
      if (o.verbose) args.push('--verbose');
      if (o.dump) args.push('--dump', o.dump);
      const end = await runChild(args, o, out, add);
      if (!end.died) {
        if (end.code !== 0) {
          const why = end.killedFor?.detail ?? `exited with ${end.signal ?? end.code}`;
          out.seedErrors.push({ reader: plan[0].reader, error: `the fuzz child ${why} outside any case: ${tail(end.output, 1500)}` });
        }
        break;
      }
      // The case it died in failed; a new child continues after it.
      const { t0, ...rec } = end.died;
      const error = end.killedFor?.detail ?? `the process died (${end.signal ? `signal ${end.signal}` : `exit code ${end.code}`}): ${end.cause}`;
      add({ ...rec, outcome: 'fail', failure: { kind: end.killedFor?.kind ?? 'abort', error }, wallMs: performance.now() - t0 }, performance.now() - t0);
      const key = `${rec.reader}/${rec.kind}`;
      hard.set(key, (hard.get(key) ?? 0) + 1);
      if (hard.get(key)! >= o.maxHard) skip.add(key);
      const at = plan.findIndex((p) => p.reader === rec.reader);
      plan = [{ ...plan[at], from: rec.index + 1 }, ...plan.slice(at + 1)].filter((p) => p.to > p.from);
      out.restarts++;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return out;
}
