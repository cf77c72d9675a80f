/**
 * A short rendering of a value for an error message. Parsed JSON can be 100 000 levels deep or
 * megabytes long; `JSON.stringify` of such a value overflows the stack or puts the whole value
 * in the message. This walk stops at a depth and a length, and never throws.
 */

/** Levels of arrays and objects shown; deeper ones read `[…]` / `{…}`. */
const MAX_DEPTH = 8;

/**
 * `value` written as `JSON.stringify` writes short JSON values, but at most `max` characters
 * (then `…`) and nesting shown to 8 levels. Works on any value: cycles, BigInt, functions,
 * throwing getters.
 *
 * @example
 * previewJson({ dtype: 'F32', shape: [2, 3] }); // '{"dtype":"F32","shape":[2,3]}'
 * previewJson(JSON.parse('['.repeat(1e5) + ']'.repeat(1e5))); // '[[[[[[[[[…]]]]]]]]'
 */
export function previewJson(value: unknown, max = 200): string {
  let out = '';
  /** Appends `s`; false once `max` characters are out, which stops the walk. */
  const emit = (s: string): boolean => {
    out += s.length > max ? s.slice(0, max + 1) : s;
    return out.length <= max;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return emit(JSON.stringify(v.slice(0, max + 1)));
    if (typeof v === 'bigint') return emit(`${v}n`);
    if (v === null || typeof v !== 'object') return emit(typeof v === 'function' ? '<function>' : String(v));
    const array = Array.isArray(v);
    if (depth >= MAX_DEPTH) return emit(array ? '[…]' : '{…}');
    if (!emit(array ? '[' : '{')) return false;
    let first = true;
    if (array) {
      for (let i = 0; i < v.length; i++) {
        if ((!first && !emit(',')) || !walk(v[i], depth + 1)) return false;
        first = false;
      }
    } else {
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        if ((!first && !emit(',')) || !emit(`${JSON.stringify(key.slice(0, max + 1))}:`)) return false;
        if (!walk((v as Record<string, unknown>)[key], depth + 1)) return false;
        first = false;
      }
    }
    return emit(array ? ']' : '}');
  };
  try {
    walk(value, 0);
  } catch {
    out += '…'; // a getter or proxy that throws: show what was read
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
