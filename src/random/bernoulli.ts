import type { Arr } from '../tensor/dtype.js';
import type { Generator } from './generator.js';

/** Fill `out` with `value` where a U(0,1) draw is below `keep`, else 0. */
export function bernoulliMask(out: Arr, keep: number, value: number, g: Generator): void {
  for (let i = 0; i < out.length; i++) out[i] = g.uniform() < keep ? value : 0;
}
