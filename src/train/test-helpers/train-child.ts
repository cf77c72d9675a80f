// Child process of kill-resume.test.ts: trains the fixture run and prints `step N` after every
// step (the parent kills it with SIGKILL part-way), then `result <json>` when it finishes.
//   node --import tsx src/train/test-helpers/train-child.ts full|train|resume <checkpoint dir>
import { fit } from '../fit.js';
import { comparable, makeRun, weights } from './fixture.js';

const [mode, dir] = process.argv.slice(2);
const r = makeRun(0);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const history = await fit(r.model, r.data, {
  ...r.options,
  checkpoint: mode === 'full' ? null : { dir, everySteps: 2 },
  resume: mode === 'resume' ? dir : null,
  callbacks: [{
    onTrainBegin: (i) => void console.log(`begin ${i.startStep}`),
    // slow enough that the parent's SIGKILL lands mid-run; sleeping changes no number
    onStep: async (s) => { console.log(`step ${s.step}`); if (mode === 'train') await sleep(4); },
  }],
});
console.log(`result ${JSON.stringify({ history: comparable(history), weights: weights(r) })}`);
