/**
 * Scans over JSON text, one pass each, no recursion:
 * - {@link jsonDepthPast}: where nesting first goes past a limit, checked before `JSON.parse`
 *   so that a file of a million `[` is refused before a million arrays are built;
 * - {@link scanJsonKeys}: object keys of text `JSON.parse` has accepted. `JSON.parse` silently
 *   keeps the last of two equal keys; a weights file with two tensors of one name is corrupt,
 *   so the safetensors reader uses this scan to refuse duplicates and to locate each top-level
 *   key (for byte offsets in error messages).
 */

/** A key that appears twice in one object, and where its second occurrence starts. */
export interface DuplicateKey {
  key: string;
  /** UTF-16 index into the text of the second occurrence's opening quote. */
  index: number;
}

export interface JsonKeyScan {
  /** Each key of the outermost object → UTF-16 index of its opening quote. */
  topLevel: Map<string, number>;
  /** The first key repeated within one object, at any depth, if any. */
  duplicate?: DuplicateKey;
}

/**
 * Scans valid JSON text for object keys. The input must already parse (`JSON.parse`); on
 * anything else the result is meaningless but the scan still ends (one pass, no recursion).
 *
 * @example
 * scanJsonKeys('{"a":1,"b":{"c":2,"c":3}}').duplicate; // { key: 'c', index: 18 }
 */
export function scanJsonKeys(text: string): JsonKeyScan {
  const topLevel = new Map<string, number>();
  // One frame per open bracket: the keys seen so far (objects) and whether a key comes next.
  const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
  let duplicate: DuplicateKey | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push({ keys: null, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top?.keys) top.expectKey = true;
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) duplicate ??= { key, index: start };
        top.keys.add(key);
        if (stack.length === 1 && !topLevel.has(key)) topLevel.set(key, start);
        top.expectKey = false;
      }
    }
  }
  return { topLevel, duplicate };
}

/**
 * UTF-16 index of the first `[` or `{` that opens level `limit + 1`, or −1 when the text never
 * nests deeper than `limit`. Brackets inside strings do not count. Meant for any text, valid
 * JSON or not.
 *
 * @example
 * jsonDepthPast('{"a":[[1]]}', 2); // 6 (the second '[' opens level 3)
 * jsonDepthPast('{"a":"[[["}', 1); // -1
 */
export function jsonDepthPast(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote not escaped by a backslash.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}
