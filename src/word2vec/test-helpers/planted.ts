/**
 * A synthetic corpus with planted structure for tests: `groups` topics of `perGroup` words;
 * each sentence draws its words from one topic, so words of a topic share contexts and should
 * end up nearer to each other than to other topics' words.
 */
export function plantedCorpus(sentences = 3000, groups = 4, perGroup = 8, length = 10, seed = 7): string {
  let s = seed >>> 0 || 1;
  const next = (n: number): number => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return (s >>> 0) % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const g = next(groups);
    const words: string[] = [];
    for (let k = 0; k < length; k++) words.push(`g${g}w${next(perGroup)}`);
    lines.push(words.join(' '));
  }
  return lines.join('\n') + '\n';
}

/** Mean cosine within topics minus mean cosine across topics. */
export function topicMargin(sim: (a: string, b: string) => number, groups = 4, perGroup = 8): number {
  let inS = 0, inN = 0, outS = 0, outN = 0;
  for (let g = 0; g < groups; g++) for (let i = 0; i < perGroup; i++) {
    for (let h = 0; h < groups; h++) for (let j = 0; j < perGroup; j++) {
      if (g === h && i === j) continue;
      const v = sim(`g${g}w${i}`, `g${h}w${j}`);
      if (g === h) { inS += v; inN++; } else { outS += v; outN++; }
    }
  }
  return inS / inN - outS / outN;
}
