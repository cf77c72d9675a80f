import type { Arr } from '../../tensor/dtype.js';
import type { AdagradHyper, AdamGroupHyper, AdamHyper, AdamParam, RmspropHyper, SgdGroupHyper, SgdHyper, SgdParam } from '../backend.js';

/** SGD with momentum, dampening, Nesterov and L2 weight decay, as torch.optim.SGD. */
export function sgdUpdate(p: Arr, g: Arr, buf: Arr | null, o: SgdHyper): void {
  for (let i = 0; i < p.length; i++) {
    let d = g[i] + o.weightDecay * p[i];
    if (buf && o.momentum !== 0) {
      buf[i] = o.firstStep ? d : o.momentum * buf[i] + (1 - o.dampening) * d;
      d = o.nesterov ? d + o.momentum * buf[i] : buf[i];
    }
    p[i] -= o.lr * d;
  }
}

/** Adam / AdamW (decoupled) with optional AMSGrad (`vMax`), as torch.optim.Adam / AdamW. */
export function adamUpdate(p: Arr, g: Arr, m: Arr, v: Arr, vMax: Arr | null, o: AdamHyper): void {
  const bc1 = 1 - Math.pow(o.beta1, o.step);
  const bc2 = 1 - Math.pow(o.beta2, o.step);
  const stepSize = o.lr / bc1;
  const sqrtBc2 = Math.sqrt(bc2);
  for (let i = 0; i < p.length; i++) {
    let gi = g[i];
    if (o.weightDecay !== 0) {
      if (o.decoupled) p[i] *= 1 - o.lr * o.weightDecay;
      else gi += o.weightDecay * p[i];
    }
    m[i] = o.beta1 * m[i] + (1 - o.beta1) * gi;
    v[i] = o.beta2 * v[i] + (1 - o.beta2) * gi * gi;
    let vi = v[i];
    if (vMax) {
      if (vi > vMax[i]) vMax[i] = vi;
      vi = vMax[i];
    }
    p[i] -= (stepSize * m[i]) / (Math.sqrt(vi) / sqrtBc2 + o.eps);
  }
}

/** `sgdUpdate` of each parameter in turn. */
export function sgdUpdateMany(params: readonly SgdParam[], o: SgdGroupHyper): void {
  for (const q of params) sgdUpdate(q.p, q.g, q.buf, { ...o, firstStep: q.firstStep });
}

/** `adamUpdate` of each parameter in turn, at its own step. */
export function adamUpdateMany(params: readonly AdamParam[], o: AdamGroupHyper): void {
  for (const q of params) adamUpdate(q.p, q.g, q.m, q.v, q.vMax, { ...o, step: q.step });
}

/** RMSprop with optional momentum and centring, as torch.optim.RMSprop. */
export function rmspropUpdate(p: Arr, g: Arr, sq: Arr, buf: Arr | null, gAvg: Arr | null, o: RmspropHyper): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + o.weightDecay * p[i];
    sq[i] = o.alpha * sq[i] + (1 - o.alpha) * gi * gi;
    let avg: number;
    if (o.centered && gAvg) {
      gAvg[i] = o.alpha * gAvg[i] + (1 - o.alpha) * gi;
      avg = Math.sqrt(sq[i] - gAvg[i] * gAvg[i]) + o.eps;
    } else {
      avg = Math.sqrt(sq[i]) + o.eps;
    }
    if (buf && o.momentum > 0) {
      buf[i] = o.momentum * buf[i] + gi / avg;
      p[i] -= o.lr * buf[i];
    } else {
      p[i] -= (o.lr * gi) / avg;
    }
  }
}

/** Adagrad with learning-rate decay, as torch.optim.Adagrad. */
export function adagradUpdate(p: Arr, g: Arr, sum: Arr, o: AdagradHyper): void {
  const clr = o.lr / (1 + (o.step - 1) * o.lrDecay);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + o.weightDecay * p[i];
    sum[i] += gi * gi;
    p[i] -= (clr * gi) / (Math.sqrt(sum[i]) + o.eps);
  }
}
