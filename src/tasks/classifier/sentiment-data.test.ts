import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TextClassifier } from './classifier.js';
import { stratifiedSplit } from './folds.js';

test('sentiment sentences: two epochs of a small network beat chance clearly on held-out texts', async (t) => {
  const dir = resolve(process.cwd(), '../shared/data/sentiment-labelled-sentences');
  if (!existsSync(dir)) {
    t.skip(`shared data not found at ${dir}`);
    return;
  }
  const texts: string[] = [], labels: string[] = [];
  for (const f of ['amazon_cells_labelled.txt', 'yelp_labelled.txt']) {
    for (const line of readFileSync(resolve(dir, f), 'utf8').split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab > 0) {
        texts.push(line.slice(0, tab));
        labels.push(line.slice(tab + 1).trim());
      }
    }
  }
  assert.equal(texts.length, 2000);
  const { train, heldOut } = stratifiedSplit(labels, 0.2, 0);
  const clf = new TextClassifier({ hiddenSize: 32, embeddingDim: 32, epochs: 3, patience: 3, lr: 5e-3, baselineC: 1, ensemble: 1 });
  await clf.fit(Array.from(train, (i) => texts[i]), Array.from(train, (i) => labels[i]));
  const e = clf.evaluate(Array.from(heldOut, (i) => texts[i]), Array.from(heldOut, (i) => labels[i]));
  assert.ok(e.model.accuracy > 0.65, `held-out accuracy ${e.model.accuracy} (chance 0.5)`);
  assert.ok(e.baseline!.accuracy > 0.75, `baseline accuracy ${e.baseline!.accuracy}`);
});
