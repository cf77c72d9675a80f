// Port a PyTorch LSTM: load its state_dict from a safetensors file and run it.
// In Python:   from safetensors.torch import save_file; save_file(lstm.state_dict(), "lstm.safetensors")
// Run: node --import tsx examples/pytorch-port.ts [lstm.safetensors]
import { readFileSync } from 'node:fs';
import { LSTM, readSafetensors, writeSafetensors, tensor } from 'recurrent';

const inputSize = 3, hiddenSize = 4, numLayers = 2;
const m = new LSTM({ inputSize, hiddenSize, numLayers, bidirectional: true, batchFirst: true });

// Weights: a file from PyTorch if given, else our own weights round-tripped through the format.
const bytes = process.argv[2] ? readFileSync(process.argv[2]) : writeSafetensors(m.stateDict());
m.loadStateDict(readSafetensors(bytes)); // strict: missing, unexpected or mis-shaped keys are errors

const B = 2, T = 5;
const x = tensor(Float32Array.from({ length: B * T * inputSize }, (_, i) => Math.sin(i)), [B, T, inputSize], { requiresGrad: true });
const [out, [hN, cN]] = m.forward(x, null, { lengths: [5, 3] }); // as pack_padded_sequence → pad_packed_sequence
out.sum().backward();

console.log('out', out.shape, 'hN', hN.shape, 'cN', cN.shape); // [2, 5, 8] [4, 2, 4] [4, 2, 4]
for (const [key, p] of m.namedParameters()) console.log(key, p.shape, 'grad norm', Math.hypot(...p.grad!.data).toFixed(4));
