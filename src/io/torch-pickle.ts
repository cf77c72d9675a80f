import { FormatError } from '../errors.js';

/**
 * A restricted reader of Python pickles (protocols 2–5), for the `data.pkl` of a PyTorch
 * checkpoint. It never executes anything: a pickle is a program for a stack machine whose
 * GLOBAL/REDUCE opcodes name Python callables, and this reader knows only the few a tensor or a
 * plain container needs (`collections.OrderedDict`, `torch._utils._rebuild_tensor_v2`,
 * `torch._utils._rebuild_parameter`, the storage types). Any other callable, and any opcode
 * outside the data subset, is a FormatError naming it and its byte offset.
 *
 * Values come back as JavaScript: dicts as Map (keys may be numbers or tuples), lists as arrays,
 * tuples as frozen arrays tagged by PickleTuple, strings, numbers (integers past 2^53 as bigint),
 * booleans, null, bytes as Uint8Array, and tensors as TorchTensorRef (resolved by the caller
 * against the archive's storages).
 */

/** Storage element types of the checkpoint (`torch.FloatStorage` …), by the name after `torch.`. */
export const TORCH_STORAGES = {
  FloatStorage: 'float32', DoubleStorage: 'float64', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8', BoolStorage: 'bool',
} as const;
export type TorchStorageType = (typeof TORCH_STORAGES)[keyof typeof TORCH_STORAGES];

/** A storage named by a persistent id: ('storage', torch.XStorage, key, location, numel). */
export interface TorchStorageRef {
  readonly kind: 'storage';
  readonly dtype: TorchStorageType;
  /** Name of its file under `<archive>/data/`. */
  readonly key: string;
  readonly location: string;
  /** Elements of the storage. */
  readonly numel: number;
}

/** A tensor as `_rebuild_tensor_v2(storage, offset, size, stride, …)` describes it. */
export interface TorchTensorRef {
  readonly kind: 'tensor';
  readonly storage: TorchStorageRef;
  /** Offset into the storage, in elements. */
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly requiresGrad: boolean;
}

/** A Python tuple: a frozen array, told apart from a list by this brand. */
export type PickleTuple = readonly PickleValue[] & { readonly __tuple: true };

export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | PickleTuple | Map<PickleValue, PickleValue>
  | TorchTensorRef | TorchStorageRef | PickleCallable;

/** One of the known callables, as GLOBAL pushes it; REDUCE applies it. */
interface PickleCallable {
  readonly kind: 'callable';
  readonly name: string;
}

function tuple(items: PickleValue[]): PickleTuple {
  return Object.freeze(Object.assign(items, { __tuple: true as const })) as PickleTuple;
}

export function isPickleTuple(v: unknown): v is PickleTuple {
  return Array.isArray(v) && (v as { __tuple?: boolean }).__tuple === true;
}

const KNOWN_CALLABLES = new Set(['collections.OrderedDict', 'torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_parameter', 'torch._utils._rebuild_tensor']);

/** Marks on the stack (MARK opcode). */
const MARK = Symbol('mark');
type Slot = PickleValue | typeof MARK;

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Read the pickle in `bytes` (`what` names it in errors). */
export function readPickle(bytes: Uint8Array, what: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Slot[] = [];
  const memo = new Map<number, PickleValue>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pos = 0;
  let op = 0;
  let opAt = 0;

  const fail = (why: string): never => {
    throw new FormatError(what, `${why} at opcode 0x${op.toString(16).padStart(2, '0')}; only tensors and plain containers are read, nothing is executed`, { offset: opAt });
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail(`truncated: ${n} more bytes needed, ${bytes.length - pos} left`);
  };
  const u8 = () => (need(1), bytes[pos++]);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length)) fail(`a length of ${v} bytes, past the end`);
    return Number(v);
  };
  const take = (n: number) => (need(n), (pos += n), bytes.subarray(pos - n, pos));
  const text = (n: number) => {
    try {
      return decoder.decode(take(n));
    } catch {
      return fail('a string that is not UTF-8');
    }
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('an unterminated line');
    const s = new TextDecoder('latin1').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined) fail('the stack is empty');
    if (v === MARK) fail('a mark where a value was expected');
    return v as PickleValue;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) fail('no value on the stack');
    return v as PickleValue;
  };
  /** The values above the topmost mark, which is removed with them. */
  const popMark = (): PickleValue[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail('no mark on the stack');
    const items = stack.slice(i + 1) as PickleValue[];
    stack.length = i;
    return items;
  };
  const memoGet = (k: number) => {
    if (!memo.has(k)) fail(`memo slot ${k} is empty`);
    return memo.get(k)!;
  };
  const global = (module: string, name: string): PickleValue => {
    const full = `${module}.${name}`;
    if (module === 'torch' && name in TORCH_STORAGES) return { kind: 'callable', name: full };
    if (!KNOWN_CALLABLES.has(full)) fail(`refusing the Python global ${JSON.stringify(full.slice(0, 120))}: it is not a tensor or a plain container`);
    return { kind: 'callable', name: full };
  };
  const asDict = (v: PickleValue): Map<PickleValue, PickleValue> => {
    if (!(v instanceof Map)) fail('setting items on something that is not a dict');
    return v as Map<PickleValue, PickleValue>;
  };
  const setItems = (d: Map<PickleValue, PickleValue>, items: PickleValue[]) => {
    if (items.length % 2) fail('an odd number of dict items');
    for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
  };
  const persistent = (pid: PickleValue): PickleValue => {
    // ('storage', torch.FloatStorage, key, location, numel)
    if (!isPickleTuple(pid) || pid.length !== 5 || pid[0] !== 'storage') fail('a persistent id that is not a storage');
    const [, type, key, location, numel] = pid as PickleTuple;
    const storage = (type as PickleCallable | null)?.kind === 'callable' ? (type as PickleCallable).name.replace(/^torch\./, '') : '';
    if (!(storage in TORCH_STORAGES)) fail(`a storage of unknown type ${JSON.stringify(String((type as PickleCallable | null)?.name ?? type).slice(0, 60))}`);
    if (typeof key !== 'string' || !/^[A-Za-z0-9_]+$/.test(key)) fail(`a storage key ${JSON.stringify(String(key).slice(0, 60))} that is not a plain name`);
    if (!isInt(numel) || numel < 0) fail(`a storage size ${String(numel)} that is not a count`);
    return { kind: 'storage', dtype: TORCH_STORAGES[storage as keyof typeof TORCH_STORAGES], key: key as string, location: String(location), numel: numel as number };
  };
  const ints = (v: PickleValue, field: string): number[] => {
    if (!isPickleTuple(v) && !Array.isArray(v)) fail(`a tensor's ${field} that is not a tuple`);
    const a = [...(v as PickleValue[])];
    if (!a.every((x) => isInt(x) && x >= 0)) fail(`a tensor's ${field} (${a.slice(0, 8).join(', ')}) that holds something other than counts`);
    return a as number[];
  };
  const reduce = (f: PickleValue, args: PickleValue): PickleValue => {
    if ((f as PickleCallable | null)?.kind !== 'callable') fail('calling something that is not a known callable');
    if (!isPickleTuple(args)) fail('arguments that are not a tuple');
    const a = args as PickleTuple;
    switch ((f as PickleCallable).name) {
      case 'collections.OrderedDict':
        if (a.length !== 0) fail('an OrderedDict built from arguments');
        return new Map();
      case 'torch._utils._rebuild_tensor_v2':
      case 'torch._utils._rebuild_tensor': {
        const [storage, offset, size, stride, requiresGrad] = a;
        if ((storage as TorchStorageRef | null)?.kind !== 'storage') fail('a tensor whose storage is not a storage');
        if (!isInt(offset) || offset < 0) fail(`a tensor offset ${String(offset)} that is not a count`);
        const shape = ints(size, 'size'), strides = ints(stride, 'stride');
        if (shape.length !== strides.length) fail(`a tensor of ${shape.length} dimensions with ${strides.length} strides`);
        return { kind: 'tensor', storage: storage as TorchStorageRef, offset: offset as number, shape, stride: strides, requiresGrad: requiresGrad === true };
      }
      case 'torch._utils._rebuild_parameter': {
        const [data, requiresGrad] = a;
        if ((data as TorchTensorRef | null)?.kind !== 'tensor') fail('a parameter whose data is not a tensor');
        return { ...(data as TorchTensorRef), requiresGrad: requiresGrad === true };
      }
      default:
        return fail(`calling ${(f as PickleCallable).name}`);
    }
  };

  for (;;) {
    opAt = pos;
    op = u8();
    switch (op) {
      case 0x80: { // PROTO
        const v = u8();
        if (v < 2 || v > 5) fail(`pickle protocol ${v}; 2 … 5 are read`);
        break;
      }
      case 0x95: u64(); break; // FRAME: a hint for buffered readers
      case 0x2e: { // STOP
        const v = pop();
        return v;
      }
      case 0x28: stack.push(MARK); break; // MARK
      case 0x29: stack.push(tuple([])); break; // EMPTY_TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x74: stack.push(tuple(popMark())); break; // TUPLE
      case 0x85: stack.push(tuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(), a = pop(); stack.push(tuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(), a = pop(); stack.push(tuple([a, b, c])); break; } // TUPLE3
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x64: { const d = new Map<PickleValue, PickleValue>(); setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x8a: { // LONG1: little-endian two's complement of n bytes
        const n = u8();
        const b = take(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (n > 0 && b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: { need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; } // BINFLOAT (big-endian)
      case 0x58: stack.push(text(u32())); break; // BINUNICODE
      case 0x8c: stack.push(text(u8())); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(text(u64())); break; // BINUNICODE8
      case 0x55: stack.push(new TextDecoder('latin1').decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x54: stack.push(new TextDecoder('latin1').decode(take(u32()))); break; // BINSTRING
      case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
      case 0x8e: stack.push(take(u64()).slice()); break; // BINBYTES8
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: stack.push(memoGet(u8())); break; // BINGET
      case 0x6a: stack.push(memoGet(u32())); break; // LONG_BINGET
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('a global named by something other than strings');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x51: stack.push(persistent(pop())); break; // BINPERSID
      case 0x52: { const args = pop(); stack.push(reduce(pop(), args)); break; } // REDUCE
      case 0x81: { const args = pop(); stack.push(reduce(pop(), args)); break; } // NEWOBJ (cls(*args))
      case 0x62: { // BUILD: object state; for the containers read here (an OrderedDict's _metadata) it is dropped
        pop();
        const obj = top();
        if (!(obj instanceof Map) && (obj as TorchTensorRef | null)?.kind !== 'tensor') fail('setting the state of an object that is not a dict or tensor');
        break;
      }
      case 0x73: { const v = pop(), k = pop(); asDict(top()).set(k, v); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(asDict(top()), items); break; } // SETITEMS
      case 0x61: { const v = pop(); const l = top(); if (!Array.isArray(l) || isPickleTuple(l)) fail('appending to something that is not a list'); (l as PickleValue[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); const l = top(); if (!Array.isArray(l) || isPickleTuple(l)) fail('appending to something that is not a list'); (l as PickleValue[]).push(...items); break; } // APPENDS
      default:
        fail('an opcode outside the data subset of pickle');
    }
  }
}
