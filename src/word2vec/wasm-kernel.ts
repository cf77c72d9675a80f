/**
 * The model's memory and the WebAssembly SIMD kernel. Every array a training thread touches
 * is a view of one shared WebAssembly.Memory, so the JavaScript kernel (kernel.ts) reads the
 * views and the WebAssembly kernel (assembly/word2vec/kernel.ts) reads the same bytes by offset; threads share
 * the memory itself. The config block tells the WebAssembly side where each array starts.
 */
import { KERNEL_WASM_BASE64 } from './kernel-wasm.generated.js';
import { EXP_TABLE, seedState, type SharedModel } from './kernel.js';
import { ValueError, WorkerError } from '../errors.js';

type ArrayCtor = Float32Array | Float64Array | Int32Array | Uint8Array;
type Ctor<T extends ArrayCtor> = { new (b: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number };

const PAGE = 65536;
const MAX_BYTES = 65536 * PAGE - PAGE;

/** Lays out arrays of the given lengths (16-byte aligned) in one new shared memory. */
export function allocate<K extends string>(specs: Record<K, [Ctor<ArrayCtor>, number]>): { memory: WebAssembly.Memory; views: Record<K, ArrayCtor> } {
  let bytes = 16; // keep offset 0 unused
  const offsets = {} as Record<K, number>;
  for (const k of Object.keys(specs) as K[]) {
    const [C, n] = specs[k];
    offsets[k] = bytes;
    bytes += Math.ceil((n * C.BYTES_PER_ELEMENT) / 16) * 16;
  }
  if (bytes > MAX_BYTES) {
    throw new ValueError(`word2vec: the model and corpus need ${(bytes / 2 ** 30).toFixed(2)} GiB, more than WebAssembly's 4 GiB; use a smaller corpus, vocabulary or size`);
  }
  const pages = Math.ceil(bytes / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const views = {} as Record<K, ArrayCtor>;
  for (const k of Object.keys(specs) as K[]) {
    const [C, n] = specs[k];
    views[k] = new C(memory.buffer, offsets[k], n);
  }
  return { memory, views };
}

/** Number of i32 slots in the config block (i32 slots from 0, f64 slots from byte 128). */
export const CONFIG_BYTES = 160;

/** Writes the parameters and array offsets where the kernel (assembly/word2vec/kernel.ts) expects them (see its CFG layout). */
export function writeConfig(m: SharedModel): void {
  const c = new Int32Array(m.config.buffer, m.config.byteOffset, 32);
  const f = new Float64Array(m.config.buffer, m.config.byteOffset + 128, 4);
  const at = (a: ArrayCtor): number => a.byteOffset;
  c.set([
    m.cbow ? 1 : 0, m.size, m.window, m.negative, m.hs ? 1 : 0, m.maxSentenceLength, m.epochs, m.table.length >> 1,
    at(m.syn0), at(m.syn1), at(m.syn1neg), at(m.ids), at(m.keep), at(m.table), at(m.hStart), at(m.hCodes),
    at(m.hPoints), at(m.progress), at(m.effective), m.progress.length, at(m.expTable), at(m.scratch), m.scratch.length / m.progress.length,
  ]);
  f.set([m.alpha, m.minAlpha, m.totalWords]);
  m.expTable.set(EXP_TABLE);
}

/** Bytes of per-thread scratch: neu1 and neu1e (D floats each) and the sentence buffer. */
export const scratchBytes = (size: number, maxSentenceLength: number): number => Math.ceil((8 * size + 4 * maxSentenceLength) / 16) * 16;

let compiled: WebAssembly.Module | undefined;

/** trainRange (kernel.ts) on the WebAssembly SIMD kernel: same arguments, same random stream. */
export function trainRangeWasm(m: SharedModel, thread: number, begin: number, end: number, seed: number, onTick?: () => void): void {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
  const instance = new WebAssembly.Instance(compiled, { env: { memory: m.memory, tick: onTick ?? (() => undefined), abort: () => { throw new WorkerError('the word2vec WebAssembly kernel aborted (an internal bound check failed); the TypeScript kernel (kernel: \'js\') trains the same model'); } } });
  const train = instance.exports.trainRange as (cfg: number, thread: number, begin: number, end: number, rng: number, ticks: number) => void;
  train(m.config.byteOffset, thread, begin, end, seedState(seed, thread), onTick ? 1 : 0);
}
