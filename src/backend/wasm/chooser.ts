/**
 * Chooses, per kernel and size class, between running a call on one thread and on all of them,
 * from measured times. Whether splitting pays depends on more than the size: on a machine whose
 * other cores are busy (shared CI, colleagues' jobs), a worker waits for a core and every barrier
 * costs a time slice, so a split that is 1.8× faster on an idle machine becomes slower. Both
 * options compute every value identically, so switching between them never changes results.
 *
 * Policy: each option is tried three times (the first try of each, which pays for warm-up such
 * as growing the memory, is not counted), then the faster one (by a running mean of time per
 * unit of work) is used, all threads only when at least MARGIN faster (on a tie one thread leaves
 * the other cores to other work), and now and then a call tries the other option, so a change of
 * load is noticed within a few dozen calls. How often depends on how far apart the two are: a
 * try of the slower option costs the difference, so it comes every 8th call when they are within
 * 25%, every 16th within 60%, and every 32nd beyond (a split twice as fast as one thread would
 * lose 1/8 of the gain at every 8th call, 3% at every 32nd).
 */
const TRIES = 3;
/** Calls between tries of the slower option, by how many times slower it is. */
const EXPLORE: readonly (readonly [number, number])[] = [[1.25, 8], [1.6, 16], [Infinity, 32]];
const MARGIN = 0.95;
/** Weight of the newest sample in the running mean. */
const ALPHA = 0.25;

interface Stat {
  /** Running mean of ms per unit of work: [one thread, all threads]. */
  mean: [number, number];
  samples: [number, number];
  calls: number;
}

export class ThreadChooser {
  private readonly stats = new Map<string, Stat>();

  /** With `adaptive` false, every call that can be split is (for tests). */
  constructor(readonly threads: number, private readonly adaptive = true) {}

  private stat(key: string): Stat {
    let s = this.stats.get(key);
    if (!s) {
      s = { mean: [0, 0], samples: [0, 0], calls: 0 };
      this.stats.set(key, s);
    }
    return s;
  }

  /** Size class of `work`: a factor of two. */
  static key(kernel: string, work: number): string {
    return `${kernel}:${Math.round(Math.log2(Math.max(1, work)))}`;
  }

  /** Threads for the next call of `key` (1 or `max`, max ≤ threads). */
  choose(key: string, max: number): number {
    if (max <= 1 || !this.adaptive) return max;
    const s = this.stat(key);
    s.calls++;
    const pick = (i: number) => (i === 0 ? 1 : max);
    if (s.samples[1] < TRIES) return pick(1);
    if (s.samples[0] < TRIES) return pick(0);
    const best = s.mean[1] < MARGIN * s.mean[0] ? 1 : 0;
    const gap = s.mean[1 - best] / s.mean[best];
    const every = (EXPLORE.find(([g]) => gap < g) ?? EXPLORE[EXPLORE.length - 1])[1];
    return pick(s.calls % every === 0 ? 1 - best : best);
  }

  /** Record that a call of `key` on `nt` threads took `ms` for `work` units. */
  record(key: string, nt: number, ms: number, work: number): void {
    const s = this.stat(key);
    const i = nt > 1 ? 1 : 0;
    const v = ms / work;
    if (s.samples[i] === 1) s.mean[i] = v; // the first sample (warm-up) is dropped
    else if (s.samples[i] > 1) s.mean[i] = (1 - ALPHA) * s.mean[i] + ALPHA * v;
    s.samples[i]++;
  }
}
