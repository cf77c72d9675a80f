/**
 * The sentiment data of bench/sentiment.ts: the 3000 labelled sentences of
 * ../shared/data/sentiment-labelled-sentences (Amazon, IMDb, Yelp; 1000 each, "text<TAB>label").
 * Returns undefined when the data is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DATA = resolve(process.env.RECURRENT_DATA ?? join(process.cwd(), '..', 'shared', 'data'));
export const SOURCES = ['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'yelp_labelled.txt'] as const;

export interface SentimentData {
  readonly texts: string[];
  readonly labels: string[];
  /** Which file each sentence came from. */
  readonly sources: string[];
}

export function loadSentiment(): SentimentData | undefined {
  const dir = join(DATA, 'sentiment-labelled-sentences');
  if (!existsSync(dir)) return undefined;
  const texts: string[] = [], labels: string[] = [], sources: string[] = [];
  for (const f of SOURCES) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab < 0) continue;
      texts.push(line.slice(0, tab).trim());
      labels.push(line.slice(tab + 1).trim());
      sources.push(f.split('_')[0]);
    }
  }
  return { texts, labels, sources };
}
