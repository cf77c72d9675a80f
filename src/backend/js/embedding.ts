import type { Arr } from '../../tensor/dtype.js';

export function gatherRows(table: Arr, dim: number, ids: Int32Array, out: Arr): void {
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i] * dim;
    const d = i * dim;
    for (let j = 0; j < dim; j++) out[d + j] = table[s + j];
  }
}

export function scatterAddRows(g: Arr, dim: number, ids: Int32Array, gTable: Arr, skip: number): void {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === skip) continue;
    const d = ids[i] * dim;
    const s = i * dim;
    for (let j = 0; j < dim; j++) gTable[d + j] += g[s + j];
  }
}
