// The page's training worker (a module worker): imports the library from dist/, switches to the
// WebAssembly backend (on a page that is not cross-origin isolated, its one-thread build on
// unshared memory) and trains one of two models live, posting what the page draws:
// - the adding problem with a tanh RNN, an LSTM or a GRU: the loss of every step, and every
//   ADDING.normsEvery steps the per-step gradient norms ‖∂L/∂h_t‖ of that step's batch, which
//   the fused BPTT kernel records as it trains (GradientNormRecorder);
// - a character LSTM on the built-in text (text.js): the loss of every step and a sample.
//
// Messages in:  { type: 'start', task: 'adding', cell: 'rnn' | 'lstm' | 'lstm-chrono' | 'gru', length }
//               { type: 'start', task: 'chars' }   { type: 'stop' }
// Messages out: { type: 'backend', name, threads, isolated, sharedMemory, error? }
//               { type: 'loss', task, run, step, loss, ms }   ms: time of that step
//               { type: 'norms', run, step, norms: number[] } ‖∂L/∂h_t‖ for t = 1 … T
//               { type: 'sample', run, step, text }            { type: 'error', message }
import * as R from '../dist/index.js';
import { TEXT } from './text.js';

/** The adding problem's model and training; each default with its reason. */
const ADDING = {
  /** Hidden units: small enough for ~10 steps a second at T = 100 on one thread. */
  hidden: 64,
  /** Sequences per step. */
  batch: 32,
  /** Adam's learning rate: 1e-3 is the literature's (Le et al. 2015 use it with clipping). */
  lr: 1e-3,
  /** Gradient norm clipping, as the long-dependency papers train. */
  clip: 1,
  /** Steps between two gradient-norm curves (recorded by the BPTT kernel; each costs little, but is a message and a redraw). */
  normsEvery: 10,
  /**
   * Forget-gate bias of the LSTM: 1 (Gers et al. 2000; Jozefowicz et al. 2015). With PyTorch's
   * 0 the LSTM sat on the baseline for 3,000 steps at T = 100 (issue 9).
   */
  forgetBias: 1,
};

/** The character model. */
const CHARS = { embed: 24, hidden: 128, seq: 48, batch: 16, lr: 3e-3, clip: 1, sampleEvery: 25, sampleLength: 200, temperature: 0.7 };

/** The run in progress; a start or stop message makes a new one, and older loops end. */
let run = 0;

/** Yield to the event loop so that a stop message is seen (setTimeout clamps to 4 ms; a message does not). */
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldNow = () => new Promise((r) => { waiting.push(r); channel.port2.postMessage(0); });

const backendReady = (async () => {
  const info = { isolated: self.crossOriginIsolated === true, sharedMemory: typeof SharedArrayBuffer !== 'undefined' && self.crossOriginIsolated !== false };
  try {
    const b = await R.setBackend('wasm');
    return { ...info, name: b.name, threads: b.threads ?? 1 };
  } catch (e) {
    // Shown on the page, never silent.
    const b = await R.setBackend('js');
    return { ...info, name: b.name, threads: 1, error: String(e?.message ?? e) };
  }
})();

backendReady.then((info) => postMessage({ type: 'backend', ...info }));

self.onmessage = async (ev) => {
  const m = ev.data;
  const mine = ++run;
  if (m.type !== 'start') return;
  await backendReady;
  try {
    if (m.task === 'adding') await trainAdding(mine, m.cell, m.length);
    else if (m.task === 'chars') await trainChars(mine);
  } catch (e) {
    postMessage({ type: 'error', message: String(e?.stack ?? e) });
  }
};

// ---- the adding problem ---------------------------------------------------------------------

/**
 * The recurrent layer of `cell`: 'rnn' (tanh), 'gru', 'lstm' (forget-gate bias ADDING.forgetBias)
 * or 'lstm-chrono', the chrono initialisation of Tallec & Ollivier (2018) for dependencies up to
 * T steps: b_f = log u, b_i = −log u, u ~ U(1, T − 1) per unit, so forget gates start at
 * 1 − 1/u and the gradient reaches back about u steps from the first update on.
 */
function makeLayer(cell, T, g) {
  const o = { inputSize: 2, hiddenSize: ADDING.hidden, batchFirst: true, generator: g };
  if (cell === 'lstm' || cell === 'lstm-chrono') {
    const lstm = new R.LSTM(o);
    const H = ADDING.hidden;
    // Gates i, f, g, o: quarters of bias_ih and bias_hh, whose sum is the gate's bias.
    const p = Object.fromEntries(lstm.namedParameters());
    if (cell === 'lstm') {
      p.bias_ih_l0.data.fill(ADDING.forgetBias, H, 2 * H);
      p.bias_hh_l0.data.fill(0, H, 2 * H);
    } else {
      for (let j = 0; j < H; j++) {
        const bf = Math.log(1 + g.uniform() * Math.max(0, T - 2));
        p.bias_ih_l0.data[H + j] = bf;
        p.bias_ih_l0.data[j] = -bf;
      }
      p.bias_hh_l0.data.fill(0, 0, 2 * H);
    }
    return lstm;
  }
  return cell === 'gru' ? new R.GRU(o) : new R.RNN({ ...o, nonlinearity: 'tanh' });
}

/**
 * The read-out: the last step's hidden state [B, H] through a linear layer → [B, 1]. With a
 * GradientNormRecorder the backward pass through this call records ‖∂L/∂h_t‖ per step, inside
 * the fused BPTT kernel (no second pass).
 */
function predict(layer, head, x, gradientNorms) {
  const [out] = layer.forward(x, null, gradientNorms ? { gradientNorms } : {});
  return head.forward(out.select(1, x.shape[1] - 1));
}

async function trainAdding(mine, cell, T) {
  const g = new R.Generator(1);
  const layer = makeLayer(cell, T, g);
  const head = new R.Linear(ADDING.hidden, 1, { generator: g });
  const params = [...layer.parameters(), ...head.parameters()];
  const opt = new R.Adam(params, { lr: ADDING.lr });
  const task = R.addingTask(T);
  const data = new R.Generator(2);
  const recorder = new R.GradientNormRecorder();
  for (let step = 0; mine === run; step++) {
    const t0 = performance.now();
    const { x, y } = task.batch(ADDING.batch, data);
    const record = step % ADDING.normsEvery === 0;
    opt.zeroGrad();
    const loss = R.mseLoss(predict(layer, head, x, record ? recorder : null), y);
    loss.backward();
    // Before clipping: the gradient the loss sends back, step by step.
    if (record) postMessage({ type: 'norms', run: mine, step, norms: Array.from(recorder.get(0).hidden) });
    R.clipGradNorm(params, ADDING.clip);
    opt.step();
    postMessage({ type: 'loss', task: 'adding', run: mine, step: step + 1, loss: loss.item(), ms: performance.now() - t0 });
    await yieldNow();
  }
}

// ---- the character model ---------------------------------------------------------------------

async function trainChars(mine) {
  const chars = [...new Set(TEXT)].sort();
  const V = chars.length;
  const index = new Map(chars.map((c, i) => [c, i]));
  const ids = Int32Array.from(TEXT, (c) => index.get(c));
  const g = new R.Generator(3);
  const emb = new R.Embedding(V, CHARS.embed, { generator: g });
  const lstm = new R.LSTM({ inputSize: CHARS.embed, hiddenSize: CHARS.hidden, generator: g });
  const head = new R.Linear(CHARS.hidden, V, { generator: g });
  const params = [...emb.parameters(), ...lstm.parameters(), ...head.parameters()];
  const opt = new R.Adam(params, { lr: CHARS.lr });
  const { seq: T, batch: B } = CHARS;
  const x = new Int32Array(T * B), y = new Int32Array(T * B); // [T, B]
  for (let step = 0; mine === run; step++) {
    const t0 = performance.now();
    for (let b = 0; b < B; b++) {
      const off = g.int(ids.length - T - 1);
      for (let t = 0; t < T; t++) {
        x[t * B + b] = ids[off + t];
        y[t * B + b] = ids[off + t + 1];
      }
    }
    opt.zeroGrad();
    const [out] = lstm.forward(emb.forward(x, [T, B])); // [T, B, H]
    const loss = R.crossEntropy(head.forward(out).reshape([T * B, V]), y);
    loss.backward();
    R.clipGradNorm(params, CHARS.clip);
    opt.step();
    postMessage({ type: 'loss', task: 'chars', run: mine, step: step + 1, loss: loss.item(), ms: performance.now() - t0 });
    if ((step + 1) % CHARS.sampleEvery === 0 || step === 0) {
      postMessage({ type: 'sample', run: mine, step: step + 1, text: sample(emb, lstm, head, chars, index, g) });
    }
    await yieldNow();
  }
}

/** CHARS.sampleLength characters after the prompt "Alice ", at CHARS.temperature. */
function sample(emb, lstm, head, chars, index, g) {
  const prompt = 'Alice ';
  lstm.eval();
  try {
    return R.noGrad(() => {
      const state = lstm.initState(1);
      let logits = null;
      for (const c of prompt) logits = head.forward(lstm.step(emb.forward([index.get(c)], [1]), state));
      let text = prompt;
      for (let i = 0; i < CHARS.sampleLength; i++) {
        const z = Array.from(logits.data, (v) => v / CHARS.temperature);
        const top = Math.max(...z);
        const w = z.map((v) => Math.exp(v - top));
        let u = g.uniform() * w.reduce((a, b) => a + b, 0);
        let k = 0;
        while (k < w.length - 1 && (u -= w[k]) > 0) k++;
        text += chars[k];
        logits = head.forward(lstm.step(emb.forward([k], [1]), state));
      }
      return text;
    });
  } finally {
    lstm.train();
  }
}
