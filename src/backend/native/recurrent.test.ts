// The addon's fused recurrent kernels (native/src/recurrent.cc, gru_reset_before.cc) called directly, for every build
// this processor runs, against the JavaScript reference at the conformance tolerance (1e-4):
// every cell kind, odd and even shapes, biases, lengths (a 0 and a full length among them),
// reverse, given or absent initial states and incoming gradients, dx and the gradient norms.
// Two threads must give the bits of one where the call splits (H a multiple of splitUnits), and
// batch 1 runs the unpacked (streaming) path. Skips, saying why, when the addon is not built.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CellKind, RecurrentSaved } from '../backend.js';
import { gatesOf } from '../backend.js';
import { jsBackend } from '../js/index.js';
import type { NativeAddon, NativeHandle, RecurrentSplitId } from './addon-types.js';
import { assertClose as close, rng } from '../test-helpers/close.js';

const ADDON = fileURLToPath(new URL('../../../native/build/Release/recurrent_native.node', import.meta.url));
const addon: NativeAddon | null = existsSync(ADDON) ? (createRequire(import.meta.url)(ADDON) as NativeAddon) : null;
const skip = addon ? false : `the native addon is not built (${ADDON} is missing)`;

const TOL = 1e-4;
const assertClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) => close(actual, expected, TOL, what);
const KINDS: CellKind[] = ['rnn_tanh', 'rnn_relu', 'lstm', 'gru', 'gru_reset_before'];
const KIND_ID: Record<CellKind, number> = { rnn_tanh: 0, rnn_relu: 1, lstm: 2, gru: 3, gru_reset_before: 4 };

function assertSameBits(a: Float32Array | Float64Array | null, b: Float32Array | Float64Array | null, what: string): void {
  if (!a || !b) return assert.equal(a, b, `${what}: one array missing`);
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < ua.length; i++) {
    if (ua[i] !== ub[i]) assert.fail(`${what}: two threads differ from one at element ${Math.floor(i / a.BYTES_PER_ELEMENT)}: ${a[Math.floor(i / a.BYTES_PER_ELEMENT)]} vs ${b[Math.floor(i / b.BYTES_PER_ELEMENT)]}`);
  }
}

/** One test case: shapes and which optional inputs and outputs it has. */
interface Case {
  kind: CellKind;
  T: number;
  B: number;
  I: number;
  H: number;
  bias: boolean;
  lengths: boolean;
  reverse: boolean;
  states: boolean; // h0 (and c0) random instead of zero
  dOut: boolean; // dOut given (else null)
  dhN: boolean; // dhN (and dcN) given (else null); never both null, so every case has a gradient
  dx: boolean;
  norms: boolean;
}

/** Every kind and shape of the grid; the options cycle over the cases so each is covered in many combinations. */
function cases(): Case[] {
  const out: Case[] = [];
  let n = 0;
  for (const kind of KINDS) for (const T of [1, 7]) for (const B of [1, 3, 32]) for (const I of [1, 5, 64]) for (const H of [3, 16, 17, 64]) {
    const v = n++ * 37;
    out.push({ kind, T, B, I, H, bias: (v & 1) === 0, lengths: (v & 2) !== 0 && B > 1, reverse: (v & 4) !== 0, states: (v & 8) !== 0,
      dOut: (v & 16) === 0, dhN: (v & 16) !== 0 || (v & 128) === 0, dx: (v & 32) === 0, norms: (v & 64) === 0 || (v & 3) === 3 });
  }
  return out;
}

/** Inputs of one case: weights, data, lengths with a 0 and a full length, incoming gradients. */
function inputs(c: Case, seed: number) {
  const r = rng(seed);
  const G = gatesOf(c.kind), GH = G * c.H, TB = c.T * c.B;
  const rand = (n: number, s = 1) => Float32Array.from({ length: n }, () => r() * s);
  const ws = 1 / Math.sqrt(c.H);
  let lengths: Int32Array | null = null;
  if (c.lengths) {
    lengths = Int32Array.from({ length: c.B }, (_, b) => (b === 0 ? c.T : b === 1 ? 0 : 1 + ((b * 5) % c.T)));
  }
  return {
    x: rand(TB * c.I), wIh: rand(GH * c.I, ws), wHh: rand(GH * c.H, ws),
    bIh: c.bias ? rand(GH, ws) : null, bHh: c.bias ? rand(GH, ws) : null, lengths,
    h0: c.states ? rand(c.B * c.H, 0.5) : new Float32Array(c.B * c.H),
    c0: c.states && c.kind === 'lstm' ? rand(c.B * c.H, 0.5) : null,
    dOut: c.dOut ? rand(TB * c.H) : null, dhN: c.dhN ? rand(c.B * c.H) : null, dcN: c.dhN && c.kind === 'lstm' ? rand(c.B * c.H) : null,
  };
}

type Inputs = ReturnType<typeof inputs>;

function newSaved(c: Case): RecurrentSaved {
  const TB = c.T * c.B, GH = gatesOf(c.kind) * c.H;
  return {
    gates: new Float32Array(TB * GH), hPrev: new Float32Array(TB * c.H),
    aux: c.kind === 'lstm' || c.kind === 'gru' || c.kind === 'gru_reset_before' ? new Float32Array(TB * c.H) : null, cNew: c.kind === 'lstm' ? new Float32Array(TB * c.H) : null,
  };
}

/** The forward of the addon on nt threads, split by units (0) or rows (1): outputs and saved arrays. */
function nativeForward(h: NativeHandle, nt: number, c: Case, inp: Inputs, save: boolean, split: RecurrentSplitId = 0) {
  const out = new Float32Array(c.T * c.B * c.H), hN = new Float32Array(c.B * c.H);
  const cN = c.kind === 'lstm' ? new Float32Array(c.B * c.H) : null;
  const s = save ? newSaved(c) : null;
  (addon as NativeAddon).recurrentForward(h, nt, KIND_ID[c.kind], c.T, c.B, c.I, c.H, c.reverse, inp.x, inp.wIh, inp.wHh, inp.bIh, inp.bHh,
    inp.lengths, inp.h0, inp.c0, out, hN, cN, s ? s.gates as Float32Array : null, s ? s.hPrev as Float32Array : null,
    (s?.aux ?? null) as Float32Array | null, (s?.cNew ?? null) as Float32Array | null, split);
  return { out, hN, cN, saved: s };
}

/** The backward of the addon on nt threads (split as nativeForward), on the given saved arrays; norms as squared sums. */
function nativeBackward(h: NativeHandle, nt: number, c: Case, inp: Inputs, saved: RecurrentSaved, split: RecurrentSplitId = 0) {
  const G = gatesOf(c.kind), GH = G * c.H, TB = c.T * c.B;
  const g = {
    dx: c.dx ? new Float32Array(TB * c.I) : null, dWIh: new Float32Array(GH * c.I), dWHh: new Float32Array(GH * c.H),
    dBIh: c.bias ? new Float32Array(GH) : null, dBHh: c.bias ? new Float32Array(GH) : null, dh0: new Float32Array(c.B * c.H),
    dc0: c.kind === 'lstm' ? new Float32Array(c.B * c.H) : null,
    hSq: c.norms ? new Float64Array(c.T) : null, xSq: c.norms && c.dx ? new Float64Array(c.T) : null,
  };
  (addon as NativeAddon).recurrentBackward(h, nt, KIND_ID[c.kind], c.T, c.B, c.I, c.H, c.reverse, inp.x, inp.wIh, inp.wHh, inp.lengths,
    saved.gates as Float32Array, saved.hPrev as Float32Array, saved.aux as Float32Array | null, saved.cNew as Float32Array | null,
    inp.dOut, inp.dhN, inp.dcN, g.dx, g.dWIh, g.dWHh, g.dBIh, g.dBHh, g.dh0, g.dc0, g.hSq, g.xSq, split);
  return g;
}

/** The reference forward (saved arrays filled) and, on the same saved arrays, its backward. */
function reference(c: Case, inp: Inputs, saved: RecurrentSaved) {
  const out = new Float32Array(c.T * c.B * c.H), hN = new Float32Array(c.B * c.H);
  const cN = c.kind === 'lstm' ? new Float32Array(c.B * c.H) : null;
  const refSaved = newSaved(c);
  jsBackend.recurrentForward({ ...c, lengths: inp.lengths, x: inp.x, wIh: inp.wIh, wHh: inp.wHh, bIh: inp.bIh, bHh: inp.bHh,
    h0: inp.h0, c0: inp.c0, out, hN, cN, saved: refSaved });
  const G = gatesOf(c.kind), GH = G * c.H, TB = c.T * c.B;
  const g = {
    dx: c.dx ? new Float32Array(TB * c.I) : null, dWIh: new Float32Array(GH * c.I), dWHh: new Float32Array(GH * c.H),
    dBIh: c.bias ? new Float32Array(GH) : null, dBHh: c.bias ? new Float32Array(GH) : null, dh0: new Float32Array(c.B * c.H),
    dc0: c.kind === 'lstm' ? new Float32Array(c.B * c.H) : null,
    hidden: new Float64Array(c.T), input: c.dx ? new Float64Array(c.T) : null,
  };
  // The backward of the native forward's own saved arrays, so the two backwards see the same inputs.
  jsBackend.recurrentBackward({ ...c, lengths: inp.lengths, x: inp.x, wIh: inp.wIh, wHh: inp.wHh, saved, dOut: inp.dOut, dhN: inp.dhN,
    dcN: inp.dcN, dx: g.dx, dWIh: g.dWIh, dWHh: g.dWHh, dBIh: g.dBIh, dBHh: g.dBHh, dh0: g.dh0, dc0: g.dc0,
    norms: c.norms ? { hidden: g.hidden, input: g.input } : null });
  return { out, hN, cN, saved: refSaved, grads: g };
}

function name(c: Case): string {
  const opts = [c.bias && 'bias', c.lengths && 'lengths', c.reverse && 'reverse', c.states && 'h0', c.dOut && 'dOut', c.dhN && 'dhN', c.dx && 'dx', c.norms && 'norms']
    .filter(Boolean).join(' ');
  return `${c.kind} T=${c.T} B=${c.B} I=${c.I} H=${c.H} ${opts}`;
}

describe('native recurrent kernels against the reference', { skip }, () => {
  const isas = addon ? addon.isas() : [];
  for (const isa of isas) {
    test(`${isa}: every kind and shape, forward and backward, 1 and 2 threads`, () => {
      const a = addon as NativeAddon;
      const h1 = a.open(isa, 1), h2 = a.open(isa, 2);
      try {
        const split = a.info(h1).splitUnits;
        assert.ok(split > 0, `splitUnits: expected a positive number, got ${split}`);
        let splitCases = 0, rowCases = 0, batch1 = 0;
        for (const [i, c] of cases().entries()) {
          const inp = inputs(c, 1000 + i);
          const what = `${isa} ${name(c)}`;
          const f = nativeForward(h1, 1, c, inp, true);
          const ref = reference(c, inp, f.saved as RecurrentSaved);
          assertClose(f.out, ref.out, `${what}: out`);
          assertClose(f.hN, ref.hN, `${what}: hN`);
          if (f.cN && ref.cN) assertClose(f.cN, ref.cN, `${what}: cN`);
          const fs = f.saved as RecurrentSaved;
          assertClose(fs.gates, ref.saved.gates, `${what}: gates`);
          assertClose(fs.hPrev, ref.saved.hPrev, `${what}: hPrev`);
          if (fs.aux && ref.saved.aux) assertClose(fs.aux, ref.saved.aux, `${what}: aux`);
          if (fs.cNew && ref.saved.cNew) assertClose(fs.cNew, ref.saved.cNew, `${what}: cNew`);
          // Inference (nothing saved) gives the same outputs, bit for bit.
          const inf = nativeForward(h1, 1, c, inp, false);
          assertSameBits(inf.out, f.out, `${what}: out without saving`);
          assertSameBits(inf.hN, f.hN, `${what}: hN without saving`);

          const g = nativeBackward(h1, 1, c, inp, fs);
          const rg = ref.grads;
          if (g.dx && rg.dx) assertClose(g.dx, rg.dx, `${what}: dx`);
          assertClose(g.dWIh, rg.dWIh, `${what}: dWIh`);
          assertClose(g.dWHh, rg.dWHh, `${what}: dWHh`);
          if (g.dBIh && rg.dBIh) assertClose(g.dBIh, rg.dBIh, `${what}: dBIh`);
          if (g.dBHh && rg.dBHh) assertClose(g.dBHh, rg.dBHh, `${what}: dBHh`);
          assertClose(g.dh0, rg.dh0, `${what}: dh0`);
          if (g.dc0 && rg.dc0) assertClose(g.dc0, rg.dc0, `${what}: dc0`);
          if (g.hSq) assertClose(Array.from(g.hSq, Math.sqrt), rg.hidden, `${what}: hidden norms`);
          if (g.xSq && rg.input) assertClose(Array.from(g.xSq, Math.sqrt), rg.input, `${what}: input norms`);
          if (c.B === 1) batch1++;

          // Split by batch rows (any H; norms make the backward split by units instead): the bits of one thread.
          if (c.B >= 2 * a.info(h1).splitRows) {
            rowCases++;
            const fr = nativeForward(h2, 2, c, inp, true, 1);
            for (const k of ['out', 'hN', 'cN'] as const) assertSameBits(fr[k], f[k], `${what}: ${k} split by rows`);
            const frs = fr.saved as RecurrentSaved;
            for (const k of ['gates', 'hPrev', 'aux', 'cNew'] as const) assertSameBits(frs[k] as Float32Array | null, fs[k] as Float32Array | null, `${what}: ${k} split by rows`);
            const gr = nativeBackward(h2, 2, c, inp, fs, 1);
            for (const k of ['dx', 'dWIh', 'dWHh', 'dBIh', 'dBHh', 'dh0', 'dc0', 'hSq', 'xSq'] as const) assertSameBits(gr[k], g[k], `${what}: ${k} split by rows`);
          }

          if (c.H % split !== 0) continue;
          splitCases++;
          const f2 = nativeForward(h2, 2, c, inp, true);
          assertSameBits(f2.out, f.out, `${what}: out`);
          assertSameBits(f2.hN, f.hN, `${what}: hN`);
          assertSameBits(f2.cN, f.cN, `${what}: cN`);
          const f2s = f2.saved as RecurrentSaved;
          assertSameBits(f2s.gates as Float32Array, fs.gates as Float32Array, `${what}: gates`);
          assertSameBits(f2s.aux as Float32Array | null, fs.aux as Float32Array | null, `${what}: aux`);
          const g2 = nativeBackward(h2, 2, c, inp, fs);
          for (const k of ['dx', 'dWIh', 'dWHh', 'dBIh', 'dBHh', 'dh0', 'dc0', 'hSq', 'xSq'] as const) assertSameBits(g2[k], g[k], `${what}: ${k}`);
        }
        assert.ok(splitCases > 0, `${isa}: no case splits (splitUnits ${split} divides none of the H)`);
        assert.ok(batch1 > 0);
        assert.ok(rowCases > 0, `${isa}: no case splits by rows`);
      } finally {
        a.close(h1);
        a.close(h2);
      }
    });

    test(`${isa}: split by batch rows on 2 and 3 threads, batches that are not whole tiles, the bits of one thread`, () => {
      const a = addon as NativeAddon;
      const h1 = a.open(isa, 1), h3 = a.open(isa, 3);
      try {
        const tile = a.info(h1).splitRows;
        assert.ok(tile > 0, `splitRows: expected a positive number, got ${tile}`);
        let n = 0;
        for (const kind of KINDS) for (const B of [tile, 2 * tile + 1, 3 * tile + 5]) for (const H of [5, 64]) for (const nt of [2, 3]) {
          const v = n++ * 11;
          const c: Case = { kind, T: 6, B, I: 7, H, bias: (v & 1) === 0, lengths: (v & 2) !== 0, reverse: (v & 4) !== 0, states: (v & 8) !== 0,
            dOut: (v & 16) === 0, dhN: true, dx: (v & 32) === 0, norms: false };
          const inp = inputs(c, 5000 + n);
          const what = `${isa} ${name(c)} on ${nt} threads`;
          const f = nativeForward(h1, 1, c, inp, true);
          const fr = nativeForward(h3, nt, c, inp, true, 1);
          for (const k of ['out', 'hN', 'cN'] as const) assertSameBits(fr[k], f[k], `${what}: ${k}`);
          const inf = nativeForward(h3, nt, c, inp, false, 1);
          assertSameBits(inf.out, f.out, `${what}: out without saving`);
          const fs = f.saved as RecurrentSaved;
          const g = nativeBackward(h1, 1, c, inp, fs);
          const gr = nativeBackward(h3, nt, c, inp, fs, 1);
          for (const k of ['dx', 'dWIh', 'dWHh', 'dBIh', 'dBHh', 'dh0', 'dc0'] as const) assertSameBits(gr[k], g[k], `${what}: ${k}`);
        }
      } finally {
        a.close(h1);
        a.close(h3);
      }
    });

    test(`${isa}: a split other than 0 (units) or 1 (rows) is a RangeError`, () => {
      const a = addon as NativeAddon;
      const h = a.open(isa, 2);
      try {
        const c: Case = { kind: 'lstm', T: 2, B: 16, I: 3, H: 8, bias: true, lengths: false, reverse: false, states: false, dOut: true, dhN: true, dx: true, norms: false };
        const inp = inputs(c, 9);
        for (const bad of [2, -1, 0.5]) {
          assert.throws(() => nativeForward(h, 2, c, inp, true, bad as RecurrentSplitId), (e: Error) => e instanceof RangeError && /^split:/.test(e.message));
        }
        const f = nativeForward(h, 2, c, inp, true, 1);
        assert.throws(() => nativeBackward(h, 2, c, inp, f.saved as RecurrentSaved, 3 as RecurrentSplitId), (e: Error) => e instanceof RangeError && /^split:/.test(e.message));
      } finally {
        a.close(h);
      }
    });

    test(`${isa}: non-finite inputs propagate as in the reference (relu of NaN is 0)`, () => {
      const a = addon as NativeAddon;
      const h = a.open(isa, 1);
      try {
        for (const kind of KINDS) {
          const c: Case = { kind, T: 2, B: 4, I: 3, H: 19, bias: true, lengths: false, reverse: false, states: true, dOut: true, dhN: true, dx: true, norms: true };
          const inp = inputs(c, 77);
          // One NaN, one +∞ and one −∞ pre-activation in the first step, in different sequences.
          inp.x[0] = NaN;
          inp.x[c.I] = Infinity;
          inp.x[2 * c.I] = -Infinity;
          const f = nativeForward(h, 1, c, inp, true);
          const ref = reference(c, inp, f.saved as RecurrentSaved);
          assertClose(f.out, ref.out, `${isa} ${kind}: out`);
          assertClose(f.hN, ref.hN, `${isa} ${kind}: hN`);
        }
      } finally {
        a.close(h);
      }
    });
  }
});
