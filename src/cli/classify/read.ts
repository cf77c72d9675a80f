/**
 * Reading the labelled texts a classify command is given: a tab-separated file of
 * "text<TAB>label" lines (the label after the last tab), or a CSV with a header whose text and
 * label columns are named by `--text-column` / `--label-column` (a header name or a 0-based
 * index). Every problem is a one-line error naming the file and the line.
 */

import { parse } from 'csv-parse/sync';
import { FormatError, RecurrentError, ValueError } from '../../errors.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';

const fsp = lazyBuiltin('fs/promises');

/** How the file is read. */
export interface ReadTextsOptions {
  /** CSV text column: a header name or a 0-based index. With `labelColumn`, the file is read as CSV. */
  readonly textColumn?: string;
  readonly labelColumn?: string;
  /** CSV field delimiter. Default ','. */
  readonly delimiter?: string;
}

/** Labelled texts. */
export interface LabelledTexts {
  readonly texts: string[];
  readonly labels: string[];
}

async function readText(file: string): Promise<string> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new RecurrentError('IO', code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a folder, expected a text file` : `${file}: cannot read it (${code ?? String(e)})`);
  }
}

/** The index of `column` (a header name or a 0-based index) in `header`. */
function columnIndex(file: string, header: string[], column: string, flag: string): number {
  const byName = header.indexOf(column);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(column) && Number(column) < header.length) return Number(column);
  throw new ValueError(`${file}: ${flag} ${JSON.stringify(column)} is neither a column of the header (${header.slice(0, 8).map((h) => JSON.stringify(h)).join(', ')}${header.length > 8 ? ', …' : ''}) nor an index 0 … ${header.length - 1}`);
}

/** Reads labelled texts (see the file comment). */
export async function readLabelledTexts(file: string, o: ReadTextsOptions = {}): Promise<LabelledTexts> {
  const content = await readText(file);
  if ((o.textColumn === undefined) !== (o.labelColumn === undefined)) throw new ValueError('--text-column and --label-column go together (a CSV with a header); give both, or neither for "text<TAB>label" lines');
  const texts: string[] = [];
  const labels: string[] = [];
  if (o.textColumn !== undefined) {
    let rows: string[][];
    try {
      rows = parse(content, { delimiter: o.delimiter ?? ',', relax_column_count: true, skip_empty_lines: true, bom: true });
    } catch (e) {
      throw new FormatError(file, `not a valid CSV: ${(e as Error).message.split('\n')[0]}`);
    }
    if (rows.length < 2) throw new ValueError(`${file}: expected a header row and at least one row of data, got ${rows.length} row${rows.length === 1 ? '' : 's'}`);
    const header = rows[0];
    const t = columnIndex(file, header, o.textColumn, '--text-column');
    const l = columnIndex(file, header, o.labelColumn!, '--label-column');
    for (let r = 1; r < rows.length; r++) {
      const label = (rows[r][l] ?? '').trim();
      if (label === '') throw new ValueError(`${file}: row ${r + 1} has no label in column ${JSON.stringify(header[l])}`);
      texts.push(rows[r][t] ?? '');
      labels.push(label);
    }
  } else {
    const lines = content.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const tab = line.lastIndexOf('\t');
      const label = tab < 0 ? '' : line.slice(tab + 1).trim();
      if (tab < 0 || label === '') {
        const csvHint = tab < 0 && line.includes(',') ? '; for a CSV with a header pass --text-column and --label-column' : '';
        throw new ValueError(`${file}: line ${i + 1} is not "text<TAB>label"${csvHint}`);
      }
      texts.push(line.slice(0, tab).trim());
      labels.push(label);
    });
  }
  if (texts.length === 0) throw new ValueError(`${file}: no labelled texts`);
  return { texts, labels };
}

/** One text per non-empty line (for `classify predict --file`). */
export async function readTextLines(file: string): Promise<string[]> {
  const lines = (await readText(file)).split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ValueError(`${file}: no texts (one per line expected)`);
  return lines;
}
