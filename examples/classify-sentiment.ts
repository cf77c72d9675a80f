// Sentiment of review sentences: bidirectional LSTMs with attention pooling, their embeddings started
// from Word2Vec vectors the library trains on a plain-text corpus, against TF-IDF + logistic
// regression on the same held-out sentences. The same from the shell:
// `recurrent classify train yelp_labelled.txt --word2vec-corpus corpus.txt --out sentiment`.
//
//   node --import tsx examples/classify-sentiment.ts [sentiment-labelled-sentences/] [corpus.txt ...]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TextClassifier, stratifiedSplit, trainWordVectors } from 'recurrent';

const dir = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/sentiment-labelled-sentences');
const corpus = process.argv.slice(3);

// Data: "text<TAB>label" lines from the three sources; 20% held out, stratified by label.
const texts: string[] = [], labels: string[] = [];
for (const f of ['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'yelp_labelled.txt']) {
  for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) {
      texts.push(line.slice(0, tab).trim());
      labels.push(line.slice(tab + 1).trim());
    }
  }
}
const { train, heldOut } = stratifiedSplit(labels, 0.2, 0);
const pick = (ids: Int32Array, from: string[]) => Array.from(ids, (i) => from[i]);

// Word vectors (optional): Word2Vec on the corpus files and the training sentences, cached.
const vectors = corpus.length ? (await trainWordVectors({ files: corpus, texts: pick(train, texts), cacheDir: '.cache/recurrent' })).vectors : undefined;

// Model and training: the defaults (three bidirectional LSTMs with attention pooling, early stopping).
const clf = new TextClassifier({ minutes: 3 });
await clf.fit(pick(train, texts), pick(train, labels), vectors ? { vectors } : {});

// Result: the network and the baseline on the same held-out sentences.
const { model, baseline } = clf.evaluate(pick(heldOut, texts), pick(heldOut, labels));
console.log(`held-out accuracy ${model.accuracy.toFixed(3)} (macro-F1 ${model.macroF1.toFixed(3)}); TF-IDF + logistic regression ${baseline!.accuracy.toFixed(3)}`);
for (const p of clf.predict(['The battery died after a day.', 'Best pizza in town!'])) console.log(p.label, p.probabilities);
