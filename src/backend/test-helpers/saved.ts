import type { CellKind, RecurrentSaved } from '../backend.js';
import { gatesOf } from '../backend.js';

/** Zeroed float32 buffers for what a recurrent forward keeps for BPTT (RecurrentSaved's shapes). */
export function newSaved(kind: CellKind, T: number, B: number, H: number): RecurrentSaved {
  const GH = gatesOf(kind) * H;
  return {
    gates: new Float32Array(T * B * GH), hPrev: new Float32Array(T * B * H),
    aux: kind === 'lstm' || kind === 'gru' || kind === 'gru_reset_before' ? new Float32Array(T * B * H) : null,
    cNew: kind === 'lstm' ? new Float32Array(T * B * H) : null,
  };
}
