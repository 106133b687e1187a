/** deepEqual compares JSON-shaped values (objects, arrays, primitives) structurally. */

/** JsonLike is any value found in a canonical job record. */
type JsonLike = unknown;

/** deepEqual is true when `a` and `b` have the same JSON structure; `undefined` object fields
 * and missing ones are treated alike, so optional fields that are absent compare equal. */
export function deepEqual(a: JsonLike, b: JsonLike): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!deepEqual(left[key], right[key])) return false;
  }
  return true;
}

/** emptyAsUndefined maps empty objects/arrays to undefined so "absent" and "empty" compare equal. */
export function emptyAsUndefined<T>(value: T | undefined): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return undefined;
  return value;
}
