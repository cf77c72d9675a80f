// Turning case records into what a person reads: counts per reader, and the distinct failures
// (same reader, mutation, failure kind and error shape) each with the one command that
// reproduces its first case.
import type { CaseRecord, SuperviseResult } from './supervise.js';

export const keyOf = (r: { reader: string; kind: string }) => `${r.reader}/${r.kind}`;

export function reproduce(r: CaseRecord, runSeed: number): string {
  return `npm run fuzz -- --reader ${r.reader} --seed ${runSeed} --case ${r.index}`;
}

/** The error with its numbers, quoted text and paths blurred, so failures of one cause group together. */
function shape(error: string): string {
  return error
    .replace(/"(?:[^"\\]|\\.){0,200}"/g, '"…"')
    .replace(/\/[\w./-]+/g, '<path>')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N')
    .slice(0, 120);
}

/** Failures of one cause: the same kind at the same place in src/ (or, with no place, the same reader, mutation and error shape). */
export interface Finding {
  failure: string;
  error: string;
  at?: string;
  count: number;
  /** reader/mutation keys it shows under, with counts. */
  keys: Map<string, number>;
  first: CaseRecord;
}

export function findings(records: CaseRecord[]): Finding[] {
  const by = new Map<string, Finding>();
  for (const r of records) {
    if (r.outcome !== 'fail' || !r.failure) continue;
    const f0 = r.failure;
    const sig = f0.at ? `${f0.kind}|${f0.at}|${/^\w*/.exec(f0.error)![0]}` : `${f0.kind}|${keyOf(r)}|${shape(f0.error.split(':')[0])}`;
    let f = by.get(sig);
    if (!f) by.set(sig, (f = { failure: f0.kind, error: f0.error, at: f0.at, count: 0, keys: new Map(), first: r }));
    f.count++;
    f.keys.set(keyOf(r), (f.keys.get(keyOf(r)) ?? 0) + 1);
  }
  return [...by.values()].sort((a, b) => a.first.reader.localeCompare(b.first.reader) || b.count - a.count);
}

/** The failing records of each reader/mutation key. */
export function failuresByKey(records: CaseRecord[]): Map<string, CaseRecord[]> {
  const out = new Map<string, CaseRecord[]>();
  for (const r of records) if (r.outcome === 'fail') out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r]);
  return out;
}

export interface ReaderCounts {
  reader: string;
  cases: number;
  parsed: number;
  rejected: number;
  failed: number;
  skipped: number;
  seconds: number;
}

export function counts(res: SuperviseResult, readers: string[]): ReaderCounts[] {
  return readers.map((reader) => {
    const rs = res.records.filter((r) => r.reader === reader);
    const n = (o: CaseRecord['outcome']) => rs.filter((r) => r.outcome === o).length;
    return { reader, cases: rs.length, parsed: n('parsed'), rejected: n('rejected'), failed: n('fail'), skipped: n('skipped'), seconds: res.seconds[reader] ?? 0 };
  });
}

export function countsTable(rows: ReaderCounts[]): string {
  const head = '| reader | cases | parsed | rejected | failed | skipped | seconds |\n|---|---:|---:|---:|---:|---:|---:|';
  return [head, ...rows.map((r) => `| ${r.reader} | ${r.cases} | ${r.parsed} | ${r.rejected} | ${r.failed} | ${r.skipped} | ${r.seconds.toFixed(1)} |`)].join('\n');
}

/** One finding as a few lines: kind and place, the error, where it shows, the first case and its command. */
export function describeFinding(f: Finding, runSeed: number): string {
  return [
    `${f.failure}${f.at ? ` at ${f.at}` : ''} ×${f.count}: ${f.error}`,
    `  under: ${[...f.keys].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
    `  e.g. ${keyOf(f.first)} case ${f.first.index}, seed file "${f.first.seed}": ${f.first.what}`,
    `  reproduce: ${reproduce(f.first, runSeed)}`,
  ].join('\n');
}

/** A failing record in one line with its command (for assertion messages). */
export function describeRecord(r: CaseRecord, runSeed: number): string {
  return `case ${r.index} (${r.seed}; ${r.what}): ${r.failure?.kind}: ${r.failure?.error}${r.failure?.at ? ` at ${r.failure.at}` : ''}\n    ${reproduce(r, runSeed)}`;
}
