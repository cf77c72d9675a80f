/**
 * Reading safetensors bytes (the format of PyTorch's and Hugging Face's weight files) into
 * tensors. See `safetensors-dtypes.ts` for which element types are read and how.
 */
import type { Arr } from '../tensor/dtype.js';
import { alloc } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { FormatError } from '../errors.js';
import { DTYPE_SIZE, HOST_IS_LITTLE_ENDIAN, halfToNumber, readDType } from './safetensors-dtypes.js';
import { parseSafetensorsHeader, setOwn, type TensorEntry } from './safetensors-header.js';
import { previewJson } from './json-preview.js';

/** Options of reading safetensors bytes. */
export interface ReadSafetensorsOptions {
  /** Names the bytes in error messages, e.g. the file path (default 'safetensors'). */
  source?: string;
}

/** The tensors of a safetensors file and its `__metadata__` strings. */
export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  /** `__metadata__` ({} when the file has none). */
  metadata: Record<string, string>;
}

/**
 * Reads safetensors bytes into tensors and metadata. The tensors own fresh copies of their
 * data. Throws a FormatError naming the byte offset of the problem when the bytes are not a
 * complete, well-formed safetensors file (truncated, bad header, overlapping or missing byte
 * ranges, unknown dtype, duplicate names, integers that float32 cannot hold exactly).
 *
 * @example
 * const { tensors, metadata } = readSafetensorsWithMetadata(await readFile('model.safetensors'));
 * metadata.format; // 'pt'
 */
export function readSafetensorsWithMetadata(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsContents {
  const what = options.source ?? 'safetensors';
  const { entries, metadata, dataStart } = parseSafetensorsHeader(bytes, what);
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) {
    const data = decode(e, bytes.subarray(dataStart + e.begin, dataStart + e.end), dataStart + e.begin, what);
    setOwn(tensors, e.name, new Tensor(data, e.shape));
  }
  return { tensors, metadata };
}

/**
 * Reads safetensors bytes into a dictionary of tensors (F64 as float64, every other readable
 * dtype as float32). Use {@link readSafetensorsWithMetadata} to also get `__metadata__`.
 *
 * @example
 * const dict = readSafetensors(bytes);
 * lstm.loadStateDict(dict);
 */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): Record<string, Tensor> {
  return readSafetensorsWithMetadata(bytes, options).tensors;
}

/** Decodes one tensor's little-endian bytes; `fileOffset` is where they start in the file. */
function decode(e: TensorEntry, raw: Uint8Array, fileOffset: number, what: string): Arr {
  const count = raw.length / DTYPE_SIZE[e.dtype];
  if (HOST_IS_LITTLE_ENDIAN && (e.dtype === 'F32' || e.dtype === 'F64')) {
    // A copy, so the values are aligned and do not keep the whole file alive. (Not
    // raw.slice(): on a Node Buffer that is a view, not a copy.)
    const copy = new Uint8Array(raw).buffer;
    return e.dtype === 'F64' ? new Float64Array(copy) : new Float32Array(copy);
  }
  const out = alloc(readDType(e.dtype), count);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (e.dtype) {
    case 'F64':
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = e.dtype === 'F64' ? view.getFloat64(8 * i, true) : view.getFloat32(4 * i, true);
      return out;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, true));
      return out;
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return out;
    }
    case 'BOOL':
    case 'U8': for (let i = 0; i < count; i++) out[i] = view.getUint8(i); return out;
    case 'I8': for (let i = 0; i < count; i++) out[i] = view.getInt8(i); return out;
    case 'U16': for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, true); return out;
    case 'I16': for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true); return out;
    case 'U32':
    case 'I32':
    case 'U64':
    case 'I64': {
      const size = DTYPE_SIZE[e.dtype];
      for (let i = 0; i < count; i++) {
        const o = size * i;
        const v = e.dtype === 'U32' ? view.getUint32(o, true)
          : e.dtype === 'I32' ? view.getInt32(o, true)
          : e.dtype === 'U64' ? view.getBigUint64(o, true) : view.getBigInt64(o, true);
        const x = Number(v);
        if (Math.fround(x) !== x || (typeof v === 'bigint' && BigInt(x) !== v)) {
          throw new FormatError(what, `tensor ${previewJson(e.name, 120)} (${e.dtype}) holds ${v} at flat index ${i}, which float32 cannot represent exactly; convert it to a float dtype before saving`, { offset: fileOffset + o });
        }
        out[i] = x;
      }
      return out;
    }
  }
}
