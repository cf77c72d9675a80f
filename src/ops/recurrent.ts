import { backend } from '../backend/current.js';
import { gatesOf, type CellKind, type RecurrentGradNorms, type RecurrentSaved } from '../backend/backend.js';
import { Tensor } from '../tensor/tensor.js';
import { record, needsGrad } from '../autograd/record.js';
import { recycle, takeGradient, takeRecycled } from '../autograd/recycle.js';
import { empty, sameDType } from './util.js';

/**
 * One direction of one recurrent layer over a whole sequence, as a single differentiable op.
 * x [T, B, I] (time-major), wIh [G·H, I], wHh [G·H, H], biases [G·H], h0/c0 [B, H].
 * Returns out [T, B, H], hN [B, H] and (LSTM) cN [B, H]. The backward is BPTT inside one kernel;
 * with `norms` it also fills the per-step gradient norms (RecurrentGradNorms; `input` only when x
 * requires grad, since only then is dx computed).
 */
export function recurrentLayer(
  kind: CellKind,
  x: Tensor,
  wIh: Tensor,
  wHh: Tensor,
  bIh: Tensor | null,
  bHh: Tensor | null,
  h0: Tensor,
  c0: Tensor | null,
  lengths: Int32Array | null,
  reverse: boolean,
  norms: RecurrentGradNorms | null = null,
): [Tensor, Tensor, Tensor | null] {
  sameDType('recurrent layer', x, wIh, wHh, bIh, bHh, h0, c0);
  const [T, B, I] = x.shape;
  const H = wHh.shape[1];
  const GH = gatesOf(kind) * H;
  const lstm = kind === 'lstm';
  const grad = needsGrad(x, wIh, wHh, bIh, bHh, h0, c0);
  // The saved arrays never leave this op: they come from, and go back to, the recycled pool. Every
  // backend's forward writes each element of them that its backward reads.
  const TBH = T * B * H;
  const saved: RecurrentSaved | null = grad
    ? {
        gates: takeRecycled(x.dtype, T * B * GH),
        hPrev: takeRecycled(x.dtype, TBH),
        aux: lstm || kind === 'gru' || kind === 'gru_reset_before' ? takeRecycled(x.dtype, TBH) : null,
        cNew: lstm ? takeRecycled(x.dtype, TBH) : null,
      }
    : null;
  const out = new Tensor(empty(x, [T, B, H]), [T, B, H]);
  const hN = new Tensor(empty(x, [B, H]), [B, H]);
  const cN = lstm ? new Tensor(empty(x, [B, H]), [B, H]) : null;
  const shape = { kind, T, B, I, H, lengths, reverse };
  backend().recurrentForward({
    ...shape, x: x.data, wIh: wIh.data, wHh: wHh.data, bIh: bIh?.data ?? null, bHh: bHh?.data ?? null,
    h0: h0.data, c0: c0?.data ?? null, out: out.data, hN: hN.data, cN: cN?.data ?? null, saved,
  });
  if (grad && saved) {
    const outputs = cN ? [out, hN, cN] : [out, hN];
    record(kind, [x, wIh, wHh, bIh, bHh, h0, c0], outputs, ([dOut, dhN, dcN]) => {
      // The kernel overwrites every outgoing gradient (RecurrentBackwardArgs), each handed to one input alone.
      const dx = x.requiresGrad ? takeGradient(x.dtype, x.size) : null;
      const dWIh = takeGradient(wIh.dtype, wIh.size);
      const dWHh = takeGradient(wHh.dtype, wHh.size);
      const dBIh = bIh ? takeGradient(bIh.dtype, bIh.size) : null;
      const dBHh = bHh ? takeGradient(bHh.dtype, bHh.size) : null;
      const dh0 = takeGradient(h0.dtype, h0.size);
      const dc0 = c0 ? takeGradient(c0.dtype, c0.size) : null;
      backend().recurrentBackward({
        ...shape, x: x.data, wIh: wIh.data, wHh: wHh.data, saved,
        dOut, dhN, dcN: dcN ?? null, dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0, norms,
      });
      return [dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0];
    }, () => recycle(saved.gates, saved.hPrev, saved.aux, saved.cNew));
  }
  return [out, hN, cN];
}
