/** deepEqual compares JSON-shaped values (objects, arrays, primitives) structurally. */

/** JsonLike is any value found in a canonical job record. */
type JsonLike = unknown;

/** deepEqual is true when `a` and `b` have the same JSON structure; `undefined` object fields
 * and missing ones are treated alike, so optional fields that are absent compare equal. */
export function deepEqual(a: JsonLike, b: JsonLike): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray || Array.isArray(b)) {
    if (!aIsArray || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  // Hot path (the store interns allocation resources with it): no key arrays or sets.
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let defined = 0;
  for (const key in left) {
    const v = left[key];
    if (v === undefined) continue;
    defined++;
    if (!deepEqual(v, right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) defined--;
  return defined === 0;
}

/** emptyAsUndefined maps empty objects/arrays to undefined so "absent" and "empty" compare equal. */
export function emptyAsUndefined<T>(value: T | undefined): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return undefined;
  return value;
}
