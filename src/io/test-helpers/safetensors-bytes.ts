/**
 * Hand-built safetensors bytes for tests: any header text (valid or not) and any data buffer,
 * so each validation rule can be broken on its own.
 */

/** 8-byte little-endian length, then `header` (a string as is, an object as JSON), then `data`. */
export function rawSafetensors(header: string | object, data: Uint8Array | number[] = [], headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  const view = new DataView(out.buffer);
  const n = headerLength ?? json.length;
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Little-endian bytes of numbers stored as `type`. */
export function leBytes(type: 'f32' | 'f64' | 'u16' | 'i32' | 'u32' | 'i64', values: readonly (number | bigint)[]): Uint8Array {
  const size = { f32: 4, f64: 8, u16: 2, i32: 4, u32: 4, i64: 8 }[type];
  const out = new Uint8Array(size * values.length);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => {
    const o = size * i;
    if (type === 'f32') v.setFloat32(o, Number(x), true);
    else if (type === 'f64') v.setFloat64(o, Number(x), true);
    else if (type === 'u16') v.setUint16(o, Number(x), true);
    else if (type === 'i32') v.setInt32(o, Number(x), true);
    else if (type === 'u32') v.setUint32(o, Number(x), true);
    else v.setBigInt64(o, BigInt(x), true);
  });
  return out;
}
