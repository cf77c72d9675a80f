/**
 * Reading a corpus: bytes are split on ASCII whitespace like the C tool (space, tab, CR, LF, VT,
 * FF) and a newline ends a sentence. A file is streamed in 4 MiB chunks, so a 100 MB corpus
 * costs one Int32 per token plus its distinct words, never a string per token. One pass counts
 * the words and records provisional ids; the rare words are then dropped in place.
 */
import type { FileHandle } from 'node:fs/promises';
import { ByteVocab, finalizeVocab, type Vocabulary } from './vocab.js';
import { ioError } from '../errors.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFsp = lazyBuiltin('fs/promises');

/** Where the training text comes from. */
export type CorpusInput =
  | { file: string }
  | { text: string | Uint8Array }
  | { sentences: Iterable<readonly string[]> };

/**
 * A tokenised corpus. `ids[i]` is a word id (index into `vocab.words`) or -1 for a sentence
 * end; words below minCount are already gone. Training copies it into the model's shared
 * memory, so one Corpus can train several models.
 */
export interface Corpus {
  vocab: Vocabulary;
  ids: Int32Array;
}

const SENTENCE_END = -1;
const CHUNK = 4 << 20;

/** Incremental byte tokeniser feeding a {@link ByteVocab}. */
class Tokenizer {
  readonly bv = new ByteVocab();
  ids = new Int32Array(1 << 16);
  n = 0;
  private word = new Uint8Array(256);
  private len = 0;
  private h = 0x811c9dc5 | 0;
  constructor(private readonly lowercase: boolean) {}

  /** Feeds bytes; a word may continue into the next chunk. */
  push(bytes: Uint8Array): void {
    const lower = this.lowercase;
    let word = this.word;
    let len = this.len;
    let h = this.h;
    for (let i = 0; i < bytes.length; i++) {
      let b = bytes[i];
      if (b === 32 || (b >= 9 && b <= 13)) {
        if (len > 0) {
          this.emit(this.bv.add(word, len, h));
          len = 0;
          h = 0x811c9dc5 | 0;
        }
        if (b === 10) this.endSentence();
        continue;
      }
      if (lower && b >= 65 && b <= 90) b += 32;
      if (len === word.length) {
        const w = new Uint8Array(len * 2);
        w.set(word);
        word = this.word = w;
      }
      word[len++] = b;
      h = Math.imul(h ^ b, 16777619);
    }
    this.len = len;
    this.h = h;
  }

  /** Adds one already-split token. */
  token(bytes: Uint8Array): void {
    const len = bytes.length;
    if (len === 0) return;
    let buf = bytes;
    if (this.lowercase) {
      buf = bytes.slice();
      for (let i = 0; i < len; i++) if (buf[i] >= 65 && buf[i] <= 90) buf[i] += 32;
    }
    this.emit(this.bv.add(buf, len, ByteVocab.hash(buf, len)));
  }

  endSentence(): void {
    if (this.len > 0) this.push(new Uint8Array([32]));
    if (this.n > 0 && this.ids[this.n - 1] !== SENTENCE_END) this.emit(SENTENCE_END);
  }

  private emit(id: number): void {
    if (this.n === this.ids.length) {
      const b = new Int32Array(this.ids.length * 2);
      b.set(this.ids);
      this.ids = b;
    }
    this.ids[this.n++] = id;
  }

  /** Drops rare words and renumbers by frequency, in place. */
  finish(minCount: number): Corpus {
    this.endSentence();
    const { vocab, remap } = finalizeVocab(this.bv, minCount);
    const ids = this.ids;
    let m = 0;
    for (let i = 0; i < this.n; i++) {
      const id = ids[i];
      if (id === SENTENCE_END) {
        if (m > 0 && ids[m - 1] !== SENTENCE_END) ids[m++] = SENTENCE_END;
      } else {
        const f = remap[id];
        if (f >= 0) ids[m++] = f;
      }
    }
    return { vocab, ids: ids.slice(0, m) };
  }
}

/** Feeds the file at `path` to `sink` in chunks; a file-system failure is an IOError naming the path. */
async function streamFile(path: string, sink: (bytes: Uint8Array) => void): Promise<void> {
  let fh: FileHandle;
  try {
    fh = await nodeFsp.open(path, 'r');
  } catch (e) {
    throw ioError(e, path, 'read', 'word2vec corpus');
  }
  try {
    const buf = new Uint8Array(CHUNK);
    for (;;) {
      const bytesRead = await fh.read(buf, 0, CHUNK, null).then((r) => r.bytesRead, (e: unknown) => {
        throw ioError(e, path, 'read', 'word2vec corpus');
      });
      if (bytesRead === 0) break;
      sink(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * Tokenises a corpus and builds its vocabulary in one streaming pass.
 * @throws IOError naming the file when a `{ file }` corpus cannot be read.
 *
 * @example
 * const corpus = await readCorpus({ file: 'text8' }, { minCount: 5, lowercase: false });
 * corpus.vocab.words.length; // vocabulary size
 */
export async function readCorpus(
  input: CorpusInput,
  opts: { minCount: number; lowercase: boolean },
): Promise<Corpus> {
  const t = new Tokenizer(opts.lowercase);
  if ('file' in input) {
    await streamFile(input.file, (bytes) => t.push(bytes));
  } else if ('text' in input) {
    t.push(typeof input.text === 'string' ? new TextEncoder().encode(input.text) : input.text);
  } else {
    const enc = new TextEncoder();
    for (const sentence of input.sentences) {
      for (const w of sentence) t.token(enc.encode(w));
      t.endSentence();
    }
  }
  return t.finish(opts.minCount);
}
