// Coordination of the threads of one kernel call. Every thread runs the same kernel with its own
// `tid` of `nt` threads (the main thread is tid 0) and takes its share of the work with `part`;
// they meet at barriers over a pair of shared words [arrived, generation].

/** Spins on the generation word before sleeping: a futex wake costs tens of microseconds. */
const SPIN: i32 = 1 << 10;

/** Wait until all `nt` threads have arrived at the barrier `bar` (8 bytes, 4-aligned). */
export function barrier(bar: usize, nt: i32): void {
  if (nt <= 1) return;
  const gen = atomic.load<i32>(bar, 4);
  if (atomic.add<i32>(bar, 1) == nt - 1) {
    // Last to arrive: reset the count before releasing, so the next barrier starts from 0.
    atomic.store<i32>(bar, 0);
    atomic.store<i32>(bar, gen + 1, 4);
    atomic.notify(bar + 4, nt - 1);
    return;
  }
  let spins = 0;
  while (atomic.load<i32>(bar, 4) == gen) {
    if (++spins >= SPIN) atomic.wait<i32>(bar + 4, gen, -1);
  }
}

/** Start of share `tid` of `n` items split over `nt` threads in multiples of `q` (tid = nt gives n). */
@inline export function part(n: i32, tid: i32, nt: i32, q: i32): i32 {
  const units = (n + q - 1) / q;
  return min(n, <i32>((<i64>units * tid) / nt) * q);
}
