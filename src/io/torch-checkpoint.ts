/**
 * Reading the tensors of a PyTorch checkpoint (`torch.save(model.state_dict(), 'model.pt')`)
 * without running Python or any code from the file. The format since PyTorch 1.6 is a zip
 * archive: `<name>/data.pkl` (a pickle of the saved object, whose tensors point by persistent
 * id at storages) and `<name>/data/<key>` (each storage's raw little-endian bytes). The pickle is
 * read by the restricted reader in torch-pickle.ts, which refuses every Python callable but the
 * containers and tensor constructors; the storages are read by offset, shape and stride.
 */
import type { Arr } from '../tensor/dtype.js';
import { alloc } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { FormatError } from '../errors.js';
import { halfToNumber } from './safetensors-dtypes.js';
import { setOwn } from './safetensors-header.js';
import { isPickleTuple, readPickle, type PickleValue, type TorchStorageRef, type TorchStorageType, type TorchTensorRef } from './torch-pickle.js';
import { readFileBytes } from './safetensors-file.js';
import { readStoredZip } from './zip-stored.js';

/** Options of reading a PyTorch checkpoint's bytes. */
export interface ReadTorchCheckpointOptions {
  /** Names the bytes in error messages, e.g. the file path (default 'PyTorch checkpoint'). */
  source?: string;
}

/** What a checkpoint holds, as far as tensors go. */
export interface TorchCheckpointContents {
  /**
   * Every floating-point tensor (and integer tensor whose values float32 holds exactly), by its
   * path in the saved object: a state dict's own keys (`weight_ih_l0`), and for nested dicts
   * and lists the keys joined by '.' (`model.rnn.weight_ih_l0`, `optimizer.state.0.exp_avg`).
   * float64 stays float64; every other type becomes float32.
   */
  tensors: Record<string, Tensor>;
  /** Paths of tensors left out: integer tensors with values past 2^24 (e.g. step counters). */
  skipped: string[];
}

const ELEMENT_BYTES: Record<TorchStorageType, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

/** 2^24: the integers float32 holds exactly are those of magnitude up to this. */
const F32_EXACT = 16777216;

/**
 * Read a PyTorch checkpoint's tensors. Throws a FormatError naming the problem for anything
 * that is not a zip checkpoint of tensors and plain containers: the legacy pre-1.6 format, a
 * TorchScript archive, a pickle that names any other Python callable (never executed), a
 * storage missing from the archive or too short for its tensors, big-endian data.
 *
 * @example
 * // python: torch.save(lstm.state_dict(), 'lstm.pt')
 * const { tensors } = readTorchCheckpoint(await readFile('lstm.pt'));
 * lstm.loadStateDict(tensors);
 */
export function readTorchCheckpoint(bytes: Uint8Array, options: ReadTorchCheckpointOptions = {}): TorchCheckpointContents {
  const what = options.source ?? 'PyTorch checkpoint';
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] <= 5) {
    throw new FormatError(what, 'this is the legacy (pre-1.6) torch.save format; save it again with a current PyTorch (torch.save(obj, path) writes the zip format)');
  }
  if (!(bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    throw new FormatError(what, 'not a PyTorch checkpoint: expected a zip archive (it starts with "PK")', { offset: 0 });
  }
  const zip = readStoredZip(bytes, what);
  const names = zip.names;
  if (names.some((n) => /^[^/]+\/(constants\.pkl|code\/)/.test(n))) {
    throw new FormatError(what, 'this is a TorchScript archive (torch.jit.save); save the weights with torch.save(model.state_dict(), path) instead');
  }
  const pkl = names.filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pkl.length !== 1) {
    throw new FormatError(what, `expected one <name>/data.pkl in the archive, found ${pkl.length} (entries: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})`);
  }
  const root = pkl[0].slice(0, -'data.pkl'.length);
  const order = zip.get(`${root}byteorder`);
  if (order && new TextDecoder().decode(order).trim() !== 'little') {
    throw new FormatError(what, `tensors stored ${new TextDecoder().decode(order).trim().slice(0, 20)}-endian; only little-endian checkpoints are read`);
  }
  const value = readPickle(zip.get(pkl[0])!, `${what} (${pkl[0]})`);
  const out: TorchCheckpointContents = { tensors: {}, skipped: [] };
  // Views share storages: each is read and CRC-checked once.
  const storages = new Map<string, Uint8Array>();
  walk(value, '', (path, ref) => {
    const raw = storages.get(ref.storage.key) ?? zip.get(`${root}data/${ref.storage.key}`);
    if (!raw) throw new FormatError(what, `tensor ${path}: its storage ${root}data/${ref.storage.key} is not in the archive`);
    storages.set(ref.storage.key, raw);
    const data = materialize(ref, raw, `${what}: tensor ${path}`);
    if (data === null) out.skipped.push(path);
    else setOwn(out.tensors, path, new Tensor(data, [...ref.shape]));
  }, what);
  return out;
}

/**
 * Read a checkpoint file; errors name the path (IOError to read it, FormatError for its contents).
 *
 * @example
 * // Python: torch.save(lstm.state_dict(), 'lstm.pt')
 * const { tensors } = await loadTorchCheckpoint('lstm.pt');
 * const lstm = new LSTM({ inputSize: 3, hiddenSize: 16 });
 * lstm.loadStateDict(tensors); // the same keys as PyTorch's
 */
export async function loadTorchCheckpoint(path: string): Promise<TorchCheckpointContents> {
  return readTorchCheckpoint(await readFileBytes(path, 'loadTorchCheckpoint'), { source: path });
}

/** Call `visit` for every tensor in `v`, with its path of keys joined by '.'. */
function walk(v: PickleValue, path: string, visit: (path: string, t: TorchTensorRef) => void, what: string, depth = 0): void {
  if (depth > 64) throw new FormatError(what, `containers nested deeper than 64 at ${path}`);
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (v instanceof Map) {
    for (const [k, x] of v) {
      if (typeof k === 'string' || typeof k === 'number' || typeof k === 'bigint') walk(x, join(String(k)), visit, what, depth + 1);
    }
  } else if (Array.isArray(v) || isPickleTuple(v)) {
    (v as readonly PickleValue[]).forEach((x, i) => walk(x, join(String(i)), visit, what, depth + 1));
  } else if ((v as TorchTensorRef | null)?.kind === 'tensor') {
    visit(path || 'tensor', v as TorchTensorRef);
  }
}

/** The tensor's elements in row-major order, or null for an integer tensor float32 cannot hold. */
function materialize(t: TorchTensorRef, raw: Uint8Array, what: string): Arr | null {
  const s: TorchStorageRef = t.storage;
  const size = ELEMENT_BYTES[s.dtype];
  if (raw.length < s.numel * size) throw new FormatError(what, `its storage holds ${raw.length} bytes, ${s.numel * size} declared`);
  const count = t.shape.reduce((a, b) => a * b, 1);
  // The largest element index the view reaches must lie inside the storage.
  let last = t.offset;
  for (let d = 0; d < t.shape.length; d++) if (t.shape[d] > 0) last += (t.shape[d] - 1) * t.stride[d];
  if (count > 0 && last >= s.numel) throw new FormatError(what, `shape [${t.shape.join(', ')}] with strides [${t.stride.join(', ')}] at offset ${t.offset} reaches element ${last} of a storage of ${s.numel}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read = reader(s.dtype, view);
  const out = alloc(s.dtype === 'float64' ? 'float64' : 'float32', count);
  const integer = !s.dtype.startsWith('float') && s.dtype !== 'bfloat16';
  // Walk the view's indices in row-major order (an odometer over the dimensions).
  const idx = new Array<number>(t.shape.length).fill(0);
  let at = t.offset;
  for (let i = 0; i < count; i++) {
    const x = read(at);
    if (integer && Math.abs(x) > F32_EXACT) return null;
    out[i] = x;
    for (let d = t.shape.length - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) {
        at += t.stride[d];
        break;
      }
      at -= (t.shape[d] - 1) * t.stride[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Element `i` of a storage of `dtype` as a number. */
function reader(dtype: TorchStorageType, v: DataView): (i: number) => number {
  switch (dtype) {
    case 'float32': return (i) => v.getFloat32(4 * i, true);
    case 'float64': return (i) => v.getFloat64(8 * i, true);
    case 'float16': return (i) => halfToNumber(v.getUint16(2 * i, true));
    case 'bfloat16': {
      const f = new DataView(new ArrayBuffer(4));
      return (i) => (f.setUint32(0, v.getUint16(2 * i, true) << 16, true), f.getFloat32(0, true));
    }
    case 'int64': return (i) => Number(v.getBigInt64(8 * i, true));
    case 'int32': return (i) => v.getInt32(4 * i, true);
    case 'int16': return (i) => v.getInt16(2 * i, true);
    case 'int8': return (i) => v.getInt8(i);
    case 'uint8': return (i) => v.getUint8(i);
    case 'bool': return (i) => (v.getUint8(i) ? 1 : 0);
  }
}
