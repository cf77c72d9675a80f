// Quickstart: a many-to-one LSTM that learns to forecast the next value of a noisy sine wave.
// Run: node --import tsx examples/quickstart.ts
import { ManyToOne, Generator, fit, tensorData, mseLoss, tensor, noGrad, manualSeed } from 'recurrent';

manualSeed(0); // same seed → same initial weights → same run
const g = new Generator(1); // the data's own seeded draws

// Data: windows of 20 steps of a sine wave; the target is the value after each window.
const B = 64, T = 20;
const xs = new Float32Array(B * T), ys = new Float32Array(B);
for (let b = 0; b < B; b++) {
  const phase = g.uniform() * 2 * Math.PI;
  for (let t = 0; t <= T; t++) {
    const v = Math.sin(phase + t * 0.3) + 0.05 * (g.uniform() - 0.5);
    if (t < T) xs[b * T + t] = v;
    else ys[b] = v;
  }
}
const x = tensor(xs, [B, T, 1]); // [B, T, I]
const y = tensor(ys, [B, 1]);

// Model: LSTM → last hidden state → Linear.
const model = new ManyToOne({ cell: 'lstm', inputSize: 1, hiddenSize: 32, outputSize: 1 });

// Training: batches of 16, Adam, gradients clipped to norm 1 (fit's default), 50 epochs.
await fit(model, tensorData(x, y), {
  loss: (m, batch) => mseLoss(m.forward(batch.x), batch.y),
  epochs: 50,
  batchSize: 16,
  lr: 0.01,
  callbacks: [{ onEpochEnd: (e) => { if (e.epoch % 10 === 0) console.log(`epoch ${e.epoch}: MSE ${e.loss.toFixed(5)}`); } }],
});

const final = noGrad(() => mseLoss(model.forward(x), y)).item();
console.log(`final MSE ${final.toFixed(5)} (the variance of the targets is about 0.5)`);
