/**
 * The element types of the safetensors format and how each becomes one of our dtypes.
 *
 * | safetensors        | read as   | note                                                  |
 * |--------------------|-----------|-------------------------------------------------------|
 * | F64                | float64   | exact                                                 |
 * | F32                | float32   | exact                                                 |
 * | F16, BF16          | float32   | exact (every half/bfloat16 value is a float32)        |
 * | BOOL, U8, I8, U16, I16 | float32 | exact                                               |
 * | U32, I32, U64, I64 | float32   | exact, or a FormatError naming the first value that   |
 * |                    |           | float32 cannot hold (such as 2^24 + 1)                |
 * | F8_*, F6_*, F4, E8M0, C64 ... | — | known names, refused as unsupported               |
 *
 * Only F32 and F64 are written.
 */
import type { DType } from '../tensor/dtype.js';

/** Element types that `readSafetensors` accepts. */
export type SafetensorsDType =
  | 'F64' | 'F32' | 'F16' | 'BF16'
  | 'BOOL' | 'U8' | 'I8' | 'U16' | 'I16' | 'U32' | 'I32' | 'U64' | 'I64';

/** Names the format defines that this library does not read (sub-byte floats, float8, complex). */
export const UNSUPPORTED_DTYPES: readonly string[] = [
  'F4', 'F6_E2M3', 'F6_E3M2', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'E8M0', 'C64',
];

/** Bytes per element of every readable dtype. */
export const DTYPE_SIZE: Readonly<Record<SafetensorsDType, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2,
  BOOL: 1, U8: 1, I8: 1, U16: 2, I16: 2, U32: 4, I32: 4, U64: 8, I64: 8,
};

export function isSafetensorsDType(name: string): name is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(DTYPE_SIZE, name);
}

/** The tensor dtype a safetensors dtype is read into. */
export function readDType(dtype: SafetensorsDType): DType {
  return dtype === 'F64' ? 'float64' : 'float32';
}

/** The safetensors dtype a tensor dtype is written as. */
export function writeDType(dtype: DType): 'F32' | 'F64' {
  return dtype === 'float64' ? 'F64' : 'F32';
}

/** Whether this machine stores numbers little-endian, as safetensors does (true on x86 and ARM). */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE 754 half precision bits → number (exact). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero and subnormals
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}
