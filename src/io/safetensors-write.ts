/**
 * Writing tensors as safetensors bytes, laid out exactly as the reference Python library
 * (`safetensors.torch.save`) lays them out, so the two produce the same bytes:
 *   - `__metadata__` first (when given), then the tensors sorted by dtype, widest first
 *     (F64 before F32), then by name compared as UTF-8 bytes;
 *   - compact JSON with each entry's fields in the order dtype, shape, data_offsets;
 *   - the header padded with spaces so the data buffer starts on an 8-byte boundary.
 * (Python keeps metadata in a hash map, so with several metadata keys its order varies from
 * run to run; we sort the keys, which is one of the orders Python may write.)
 */
import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';
import { HOST_IS_LITTLE_ENDIAN, writeDType } from './safetensors-dtypes.js';

/** A safetensors file split into the header (length prefix included) and each tensor's bytes. */
export interface EncodedSafetensors {
  header: Uint8Array;
  /** The tensors in file order; `bytesOf` gives their data. */
  tensors: Tensor[];
  /** Total size of the file in bytes. */
  byteLength: number;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function checkText(s: string, what: string): void {
  if (LONE_SURROGATE.test(s)) throw new ValueError(`writeSafetensors: ${what} ${JSON.stringify(s)} contains a lone UTF-16 surrogate, which UTF-8 cannot encode`);
}

/** The little-endian bytes of a tensor's data (a view when the machine is little-endian). */
export function bytesOf(t: Tensor): Uint8Array {
  const d = t.data;
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const out = new Uint8Array(d.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < d.length; i++) {
    if (d instanceof Float64Array) view.setFloat64(8 * i, d[i], true);
    else view.setFloat32(4 * i, d[i], true);
  }
  return out;
}

/**
 * Lays out the header of a safetensors file for `dict` and orders its tensors, without
 * copying any data. Throws a ValueError for a value that is not a Tensor, the reserved name
 * `__metadata__`, a non-string metadata value, or a lone surrogate in a name.
 */
export function encodeSafetensors(dict: Record<string, Tensor>, metadata?: Record<string, string>): EncodedSafetensors {
  const utf8 = new TextEncoder();
  const items = Object.keys(dict).map((name) => {
    const t = dict[name];
    if (!(t instanceof Tensor)) throw new ValueError(`writeSafetensors: value of ${JSON.stringify(name)} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
    if (name === '__metadata__') throw new ValueError('writeSafetensors: "__metadata__" is reserved for metadata and cannot name a tensor; pass metadata as the second argument');
    checkText(name, 'tensor name');
    return { name, key: utf8.encode(name), t, dtype: writeDType(t.dtype) };
  });
  // Widest dtype first (F64 before F32), then name as UTF-8 bytes, as the Python writer does.
  items.sort((a, b) => (a.dtype === b.dtype ? 0 : a.dtype === 'F64' ? -1 : 1) || compareBytes(a.key, b.key));

  const parts: string[] = [];
  if (metadata) {
    const keys = Object.keys(metadata).map((k) => ({ k, key: utf8.encode(k) })).sort((a, b) => compareBytes(a.key, b.key));
    const fields = keys.map(({ k }) => {
      const v = metadata[k];
      if (typeof v !== 'string') throw new ValueError(`writeSafetensors: metadata ${JSON.stringify(k)} must be a string, got ${typeof v}; JSON.stringify it first`);
      checkText(k, 'metadata key');
      checkText(v, 'metadata value');
      return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    });
    parts.push(`"__metadata__":{${fields.join(',')}}`);
  }
  let offset = 0;
  for (const { name, t, dtype } of items) {
    const end = offset + t.data.byteLength;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = utf8.encode(`{${parts.join(',')}}`);
  const n = Math.ceil(json.length / 8) * 8; // so the data starts 8-byte aligned
  const header = new Uint8Array(8 + n).fill(0x20, 8 + json.length);
  header.set(json, 8);
  const view = new DataView(header.buffer);
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  return { header, tensors: items.map((i) => i.t), byteLength: header.length + offset };
}

/**
 * Serialises tensors (float32 as F32, float64 as F64) and optional string metadata in the
 * safetensors format, readable by `safetensors.torch.load`, Hugging Face tools and
 * {@link readSafetensors}. Tensor data is written as is; shapes are kept.
 *
 * @example
 * const bytes = writeSafetensors(lstm.stateDict(), { format: 'pt' });
 * // python: safetensors.torch.load(bytes)['weight_ih_l0']
 */
export function writeSafetensors(dict: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const { header, tensors, byteLength } = encodeSafetensors(dict, metadata);
  const out = new Uint8Array(byteLength);
  out.set(header, 0);
  let at = header.length;
  for (const t of tensors) {
    out.set(bytesOf(t), at);
    at += t.data.byteLength;
  }
  return out;
}
