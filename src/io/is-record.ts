/** Whether `v` is a plain JSON object: not null, not an array. Every reader of JSON files checks its values with it. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
