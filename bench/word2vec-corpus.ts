/**
 * The benchmark corpus: the 13 Gutenberg selections and WikiText-2 valid + test from
 * ../shared/data, concatenated and lower-cased (ASCII), one file that both this library and
 * gensim read. Returns undefined when the data is absent.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DATA = resolve(process.env.RECURRENT_DATA ?? join(process.cwd(), '..', 'shared', 'data'));
export const OUT = resolve('bench', 'out');

export function prepareCorpus(): string | undefined {
  const gut = join(DATA, 'gutenberg-selections');
  const wiki = join(DATA, 'wikitext-2-valid-test');
  if (!existsSync(gut) || !existsSync(wiki)) return undefined;
  const files = [
    ...readdirSync(gut).filter((f) => f.endsWith('.txt')).sort().map((f) => join(gut, f)),
    join(wiki, 'valid.txt'),
    join(wiki, 'test.txt'),
  ];
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, 'word2vec-corpus.txt');
  if (existsSync(path)) return path;
  const parts = files.map((f) => {
    const b = readFileSync(f);
    for (let i = 0; i < b.length; i++) if (b[i] >= 65 && b[i] <= 90) b[i] += 32;
    return b;
  });
  writeFileSync(path, Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
  return path;
}

export const EVAL = {
  wordsim: join(DATA, 'word-similarity', 'wordsim353.tsv'),
  simlex: join(DATA, 'word-similarity', 'simlex999.txt'),
  analogies: join(DATA, 'word2vec-analogies', 'questions-words.txt'),
};
