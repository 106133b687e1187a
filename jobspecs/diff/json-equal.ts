/**
 * Structural equality of JSON-like values where a missing key, `undefined`, `null`, `[]` and
 * `{}` are the same (unset), and key order does not matter. Used to skip identical subtrees when diffing.
 */

function isUnset(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** jsonEqual compares two JSON-like values structurally. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isUnset(a) || isUnset(b)) return isUnset(a) && isUnset(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of Object.keys(left)) if (!jsonEqual(left[key], right[key])) return false;
  for (const key of Object.keys(right)) if (!(key in left) && !isUnset(right[key])) return false;
  return true;
}
