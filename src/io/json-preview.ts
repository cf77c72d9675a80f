/**
 * Short renderings of values and text for error messages, the one home of the library's
 * shortening helpers. Parsed JSON can be 100 000 levels deep or megabytes long, and an option
 * can be any value at all; `JSON.stringify` of such a value overflows the stack or puts the
 * whole value in the message. One walk serves both previews: it stops at a depth, an item count
 * and a length, and never throws.
 */

/** How a preview lays a value out: levels shown, items shown per level, separators. */
interface Layout {
  /** Levels of arrays and objects shown; deeper non-empty ones read `[…]` / `{…}`. */
  readonly depth: number;
  /** Items shown per array or object; past them `… (N in all)`. */
  readonly items: number;
  /** `', '` and `': '` between items (true) or `','` and `':'` as `JSON.stringify` writes (false). */
  readonly spaced: boolean;
}

/** Values read from files: as the file would have them, 8 levels, every item until `max`. */
const JSON_LAYOUT: Layout = { depth: 8, items: Infinity, spaced: false };
/** Option values passed in code: 3 levels, 8 items a level, spaced for reading. */
const VALUE_LAYOUT: Layout = { depth: 3, items: 8, spaced: true };

/**
 * `value` written as `JSON.stringify` writes short JSON values, but at most `max` characters
 * (then `…`) and nesting shown to 8 levels. Works on any value: cycles, BigInt, functions,
 * throwing getters; typed arrays read `Float32Array(n)`, `-0` as such.
 *
 * @example
 * previewJson({ dtype: 'F32', shape: [2, 3] }); // '{"dtype":"F32","shape":[2,3]}'
 * previewJson(JSON.parse('['.repeat(1e5) + ']'.repeat(1e5))); // '[[[[[[[[[…]]]]]]]]]'
 */
export function previewJson(value: unknown, max = 200): string {
  return render(value, max, JSON_LAYOUT);
}

/**
 * A short description of any value for an error message: JSON-like, at most `max` characters in
 * all, at most 3 levels and 8 items per level, so that neither a huge nor a deeply nested value
 * can blow up a message or the stack. Never throws.
 *
 * @example
 * preview({ a: [1, 2, 3] }); // '{"a": [1, 2, 3]}'
 * preview('x'.repeat(1e6)); // '"xxx…' (200 characters)
 */
export function preview(value: unknown, max = 200): string {
  return render(value, max - 1, VALUE_LAYOUT); // the ellipsis counts towards max
}

/**
 * `s` cut to at most `max` characters (an ellipsis marks the cut), for text such as names and
 * messages.
 *
 * @example
 * clip('x'.repeat(1000), 60); // 59 × 'x' then '…'
 */
export function clip(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The walk of both previews: at most `max` characters, then `…`. */
function render(value: unknown, max: number, layout: Layout): string {
  const comma = layout.spaced ? ', ' : ',';
  const colon = layout.spaced ? ': ' : ':';
  let out = '';
  /** Appends `s`; false once `max` characters are out, which stops the walk. */
  const emit = (s: string): boolean => {
    out += s.length > max ? s.slice(0, max + 1) : s;
    return out.length <= max;
  };
  /** `, … (N in all)` after the shown items when some were left out. */
  const rest = (n: number): boolean => n <= layout.items || emit(`${comma}… (${n} in all)`);
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return emit(JSON.stringify(v.slice(0, max + 1)));
    if (typeof v === 'number') return emit(Object.is(v, -0) ? '-0' : String(v)); // NaN, Infinity as such
    if (typeof v === 'bigint') return emit(`${v}n`);
    if (typeof v === 'function') return emit('<function>');
    if (v === null || typeof v !== 'object') return emit(String(v));
    if (ArrayBuffer.isView(v)) return emit(`${v.constructor.name}(${(v as unknown as { length?: number }).length ?? v.byteLength})`);
    if (Array.isArray(v)) {
      if (depth >= layout.depth) return emit(v.length ? '[…]' : '[]');
      if (!emit('[')) return false;
      const n = Math.min(v.length, layout.items);
      for (let i = 0; i < n; i++) if ((i > 0 && !emit(comma)) || !walk(v[i], depth + 1)) return false;
      return rest(v.length) && emit(']');
    }
    const own = (key: string) => Object.prototype.hasOwnProperty.call(v, key);
    if (depth >= layout.depth) {
      for (const key in v) if (own(key)) return emit('{…}');
      return emit('{}');
    }
    if (!emit('{')) return false;
    let shown = 0;
    for (const key in v) {
      if (!own(key)) continue;
      if (shown === layout.items) return rest(Object.keys(v).length) && emit('}');
      if ((shown > 0 && !emit(comma)) || !emit(`${JSON.stringify(key.slice(0, max + 1))}${colon}`)) return false;
      if (!walk((v as Record<string, unknown>)[key], depth + 1)) return false;
      shown++;
    }
    return emit('}');
  };
  try {
    walk(value, 0);
  } catch {
    out += '…'; // a getter or proxy that throws: show what was read
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
