import { ShapeError, ValueError } from '../errors.js';

/**
 * Levenshtein distance: the fewest insertions, deletions and substitutions (each costing 1)
 * that turn `a` into `b`; elements compare with ===. O(|a|·|b|) time, O(|b|) memory.
 *
 * @example
 * editDistance([...'kitten'], [...'sitting']); // 3
 * editDistance('four one'.split(' '), 'for one seven'.split(' ')); // 2
 */
export function editDistance(a: readonly unknown[], b: readonly unknown[]): number {
  // row[j] = distance between a[0 … i) and b[0 … j)
  let row = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let nextRow = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    nextRow[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitute = row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      nextRow[j] = Math.min(substitute, row[j] + 1, nextRow[j - 1] + 1);
    }
    [row, nextRow] = [nextRow, row];
  }
  return row[b.length];
}

/**
 * Error rate of hypotheses against references: Σ editDistance(ref, hyp) / Σ |ref|, pooled over
 * the corpus (not a mean of per-utterance rates). On characters it is the character error rate
 * (CER), on words the word error rate (WER); it exceeds 1 when hypotheses insert a lot.
 *
 * @example
 * const cer = errorRate(refs.map((r) => [...r]), hyps.map((h) => [...h]));
 * const wer = errorRate(refs.map((r) => r.split(' ')), hyps.map((h) => h.split(' ')));
 */
export function errorRate(refs: readonly (readonly string[])[], hyps: readonly (readonly string[])[]): number {
  if (refs.length !== hyps.length) throw new ShapeError('errorRate: hypotheses', [refs.length], [hyps.length], 'one hypothesis per reference');
  let edits = 0, length = 0;
  for (let i = 0; i < refs.length; i++) {
    edits += editDistance(refs[i], hyps[i]);
    length += refs[i].length;
  }
  if (length === 0) throw new ValueError(`errorRate: the references hold no tokens (${refs.length} references), so the rate is undefined`);
  return edits / length;
}
