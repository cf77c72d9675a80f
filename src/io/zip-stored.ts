import { FormatError } from '../errors.js';

/** A zip archive's entry names, and the bytes of a stored entry, read on request. */
export interface StoredZip {
  readonly names: readonly string[];
  /** The entry's bytes (a view into the archive), checked against its CRC-32; undefined when there is no such entry. */
  get(name: string): Uint8Array | undefined;
}

/**
 * The entries of a zip archive whose members are stored uncompressed, as `torch.save` writes
 * them (with zip64 records, which PyTorch always adds): each read as a view into `bytes`,
 * checked against its CRC-32 (a compressed entry is an error when read). Every offset and length is checked against the buffer, so a
 * damaged archive is a FormatError naming the byte offset, never a hang or a read past the end.
 * (A general zip library was tried first; on a damaged zip64 end record it looped forever, and
 * it does not check CRCs, so a flipped bit in a weight would load silently.)
 */
export function readStoredZip(bytes: Uint8Array, what: string): StoredZip {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string, offset: number): never => {
    throw new FormatError(what, `damaged zip archive: ${why}`, { offset });
  };
  const u16 = (at: number) => (at + 2 <= bytes.length ? v.getUint16(at, true) : fail('truncated', at));
  const u32 = (at: number) => (at + 4 <= bytes.length ? v.getUint32(at, true) : fail('truncated', at));
  const u64 = (at: number) => {
    if (at + 8 > bytes.length) fail('truncated', at);
    const x = v.getBigUint64(at, true);
    return x > BigInt(bytes.length) ? fail(`an offset or size of ${x}, past the end of the ${bytes.length} bytes`, at) : Number(x);
  };

  // End of central directory: the last signature within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65557); at--) {
    if (v.getUint32(at, true) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail('no end-of-central-directory record', bytes.length);
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdStart = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff || (eocd >= 20 && u32(eocd - 20) === 0x07064b50)) {
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== 0x07064b50) fail('zip64 sizes without a zip64 locator', eocd);
    const rec = u64(locator + 8);
    if (u32(rec) !== 0x06064b50) fail('the zip64 locator points at no zip64 record', locator + 8);
    count = u64(rec + 32);
    cdSize = u64(rec + 40);
    cdStart = u64(rec + 48);
  }
  if (cdStart + cdSize > bytes.length) fail(`a central directory of ${cdSize} bytes at ${cdStart}, past the end`, eocd);
  if (count > cdSize / 46) fail(`${count} entries in a central directory of ${cdSize} bytes`, eocd);

  interface Entry { name: string; at: number; flags: number; method: number; crc: number; size: number; usize: number; local: number }
  const entries = new Map<string, Entry>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let at = cdStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdStart + cdSize || u32(at) !== 0x02014b50) fail(`central directory entry ${i} is missing`, at);
    const flags = u16(at + 8), method = u16(at + 10), crc = u32(at + 16);
    let size = u32(at + 20), usize = u32(at + 24);
    const nameLen = u16(at + 28), extraLen = u16(at + 30), commentLen = u16(at + 32);
    let local = u32(at + 42);
    const nameAt = at + 46, extraAt = nameAt + nameLen, next = extraAt + extraLen + commentLen;
    if (next > cdStart + cdSize) fail(`central directory entry ${i} runs past the directory`, at);
    let name: string;
    try {
      name = decoder.decode(bytes.subarray(nameAt, extraAt));
    } catch {
      return fail(`entry ${i}'s name is not UTF-8`, nameAt);
    }
    // The zip64 extra field holds, in this order, whichever of the three was 0xffffffff.
    for (let e = extraAt; e + 4 <= extraAt + extraLen;) {
      const id = u16(e), len = u16(e + 2);
      if (e + 4 + len > extraAt + extraLen) fail(`entry ${name}'s extra field runs past it`, e);
      if (id === 0x0001) {
        let p = e + 4;
        const take = () => (p + 8 <= e + 4 + len ? ((p += 8), u64(p - 8)) : fail(`entry ${name}'s zip64 field is short`, p));
        if (usize === 0xffffffff) usize = take();
        if (size === 0xffffffff) size = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    if (entries.has(name)) fail(`entry ${name} appears twice`, at);
    entries.set(name, { name, at, flags, method, crc, size, usize, local });
    at = next;
  }
  return {
    names: [...entries.keys()],
    get(name: string): Uint8Array | undefined {
      const e = entries.get(name);
      if (!e) return undefined;
      const { flags, method, crc, size, usize, local } = e;
      if (flags & 1) fail(`entry ${name} is encrypted`, e.at);
      if (method !== 0) fail(`entry ${name} is compressed (method ${method}); torch.save stores entries uncompressed`, e.at);
      if (size !== usize) fail(`entry ${name} is stored with ${size} bytes for ${usize}`, e.at);
      if (u32(local) !== 0x04034b50) fail(`entry ${name}'s local header is missing`, local);
      const dataAt = local + 30 + u16(local + 26) + u16(local + 28);
      if (dataAt + size > bytes.length) fail(`entry ${name}'s ${size} bytes run past the end`, local);
      const data = bytes.subarray(dataAt, dataAt + size);
      if (crc32(data) !== crc) fail(`entry ${name} fails its CRC-32 check (its bytes were changed)`, dataAt);
      return data;
    },
  };
}

let table: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, as zip uses it). */
export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
