/**
 * Arrays that a graph node kept for its backward and that nothing can read once the node is
 * released (backward without retainGraph): an LSTM's saved gates and states are tens of MB a
 * step. Handing them to the next forward of the same size, instead of allocating fresh ones,
 * spares the allocator, the first-touch page faults and the garbage collector, whose helper
 * threads otherwise compete with the kernel threads for the cores.
 *
 * Only an op whose arrays never leave it may recycle them. The pool holds them weakly, so it
 * costs no memory the collector wants back, and a taken array is not zeroed: its user must write
 * every element it later reads.
 *
 * Gradients flowing between nodes are recycled too, where the op that made one says so
 * (`takeGradient`): the engine hands it back once the node that consumes it has run, unless that
 * node passed it (or a view of it) on. On two cores this matters for speed, not only memory: the
 * collector's concurrent marking, started by the growth of typed-array memory, runs beside the
 * kernel threads and slows every split kernel call it overlaps.
 */

import { alloc, type Arr, type DType } from '../tensor/dtype.js';

/** Below this many elements an array is cheap to allocate and is not pooled. */
const MIN_ELEMENTS = 4096;
/** At most this many arrays of one dtype and length are kept. */
const PER_SIZE = 8;

const pool = new Map<string, WeakRef<Arr>[]>();
const keyOf = (dtype: DType, n: number) => `${dtype}:${n}`;

/**
 * An array of `n` elements of `dtype` for an op that overwrites it whole: a released one of that
 * size when there is one (its old contents still in it), else a fresh zeroed one.
 */
export function takeRecycled(dtype: DType, n: number): Arr {
  const list = n >= MIN_ELEMENTS ? pool.get(keyOf(dtype, n)) : undefined;
  while (list && list.length > 0) {
    const a = list.pop()!.deref();
    if (a) return a;
  }
  return alloc(dtype, n);
}

/** Give arrays that nothing will read again back to the pool (nulls and small arrays are skipped). */
export function recycle(...arrays: (Arr | null)[]): void {
  for (const a of arrays) {
    if (!a || a.length < MIN_ELEMENTS) continue;
    const key = keyOf(a instanceof Float64Array ? 'float64' : 'float32', a.length);
    let list = pool.get(key);
    if (!list) pool.set(key, (list = []));
    if (list.length < PER_SIZE) list.push(new WeakRef(a));
  }
}

/** Gradient arrays an op made for one input alone, that nothing else holds (see takeGradient). */
const gradients = new WeakSet<Arr>();

/**
 * An array of `n` elements for a gradient that a backward returns for one input only and does
 * not keep, and that it overwrites whole: recycled as takeRecycled's, and handed back to the pool
 * by the engine once the node that receives it has run (`releaseGradient`).
 */
export function takeGradient(dtype: DType, n: number): Arr {
  const a = takeRecycled(dtype, n);
  if (a.length >= MIN_ELEMENTS) gradients.add(a);
  return a;
}

/** Whether `g` came from takeGradient, is nobody's yet, and none of `passed` is it or a view of its memory. */
function unclaimed(g: Arr, passed: readonly (Arr | null)[]): boolean {
  return gradients.has(g) && !passed.some((p) => p !== null && p.buffer === g.buffer);
}

/**
 * The engine's side of takeGradient: `g` was a gradient input of a node that has now run and
 * returned `passed`; unless one of those is `g` or a view of its memory, nothing can read `g` again.
 */
export function releaseGradient(g: Arr | null, passed: readonly (Arr | null)[]): void {
  if (!g || !unclaimed(g, passed)) return;
  gradients.delete(g);
  recycle(g);
}

/**
 * Whether a leaf may keep `g` as its `.grad` instead of a copy: true when an op made it with
 * takeGradient and `passed` (the node's other returned gradients) holds no view of it; it is then
 * the leaf's for good and never recycled.
 */
export function claimGradient(g: Arr, passed: readonly (Arr | null)[]): boolean {
  if (!unclaimed(g, passed)) return false;
  gradients.delete(g);
  return true;
}

/** Drop every pooled array (tests; or to return memory at once). */
export function clearRecycled(): void {
  pool.clear();
}
