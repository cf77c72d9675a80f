// Quickstart: a many-to-one LSTM that learns to forecast the next value of a noisy sine wave.
// Run: node --import tsx examples/quickstart.ts
import { LSTM, Linear, Adam, mseLoss, tensor, noGrad, manualSeed, clipGradNorm } from 'recurrent';

manualSeed(0); // same seed → same initial weights → same run

// Data: windows of 20 steps of a sine wave; the target is the value after each window.
const B = 64, T = 20;
const xs = new Float32Array(B * T), ys = new Float32Array(B);
for (let b = 0; b < B; b++) {
  const phase = Math.random() * 2 * Math.PI;
  for (let t = 0; t <= T; t++) {
    const v = Math.sin(phase + t * 0.3) + 0.05 * (Math.random() - 0.5);
    if (t < T) xs[b * T + t] = v;
    else ys[b] = v;
  }
}
const x = tensor(xs, [B, T, 1]); // [B, T, I]
const y = tensor(ys, [B, 1]);

// Model: LSTM → last hidden state → Linear.
const lstm = new LSTM({ inputSize: 1, hiddenSize: 32, batchFirst: true });
const head = new Linear(32, 1);
const params = [...lstm.parameters(), ...head.parameters()];
const opt = new Adam(params, { lr: 0.01 });

const predict = () => {
  const [, [hN]] = lstm.forward(x); // hN [numLayers, B, H]
  return head.forward(hN.squeeze(0)); // [B, 1]
};

// Training: forward, loss, backward (BPTT), clip, step.
for (let step = 1; step <= 200; step++) {
  const loss = mseLoss(predict(), y);
  opt.zeroGrad();
  loss.backward();
  clipGradNorm(params, 1.0);
  opt.step();
  if (step % 50 === 0) console.log(`step ${step}: MSE ${loss.item().toFixed(5)}`);
}

const final = noGrad(() => mseLoss(predict(), y)).item();
console.log(`final MSE ${final.toFixed(5)} (the variance of the targets is about 0.5)`);
