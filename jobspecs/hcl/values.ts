/**
 * Helpers over HclValue (JSON-compatible values): type names, safe object construction
 * (no prototype pollution through `__proto__` keys), deep equality, key ordering and the
 * string rendering used by template interpolation.
 */
import type { HclValue } from './body.js';

/** HclObject is an object value. */
export type HclObject = { [key: string]: HclValue };

/** isObject narrows a value to an object value. */
export function isObject(value: HclValue | undefined): value is HclObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** typeName is the HCL-ish type name of a value, for error messages. */
export function typeName(value: HclValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return 'tuple';
  switch (typeof value) {
    case 'boolean': return 'bool';
    case 'number': return 'number';
    case 'string': return 'string';
    default: return 'object';
  }
}

/** newObject creates an empty object value. */
export function newObject(): HclObject {
  return {};
}

/** setKey defines an own enumerable property, even for keys like `__proto__`. */
export function setKey(target: HclObject, key: string, value: HclValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** getKey reads an own property only. */
export function getKey(target: HclObject, key: string): HclValue | undefined {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}

/** objectFromEntries builds an object value from entries with setKey. */
export function objectFromEntries(entries: Iterable<[string, HclValue]>): HclObject {
  const out = newObject();
  for (const [key, value] of entries) setKey(out, key, value);
  return out;
}

/** sortedKeys returns an object's keys in lexical (code unit) order, as HCL iterates maps. */
export function sortedKeys(value: HclObject): string[] {
  return Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** valuesEqual is deep structural equality (no type conversion, like HCL `==`). */
export function valuesEqual(a: HclValue, b: HclValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => valuesEqual(item, b[i] ?? null));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keysA = Object.keys(a);
    if (keysA.length !== Object.keys(b).length) return false;
    return keysA.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key] ?? null, b[key] ?? null));
  }
  return false;
}

/** formatNumber renders a number the way HCL prints it in strings (no exponent for integers). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value);
}

/** stringify converts a primitive to its template string form, or returns undefined. */
export function primitiveToString(value: HclValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/** compareForSet orders set elements: numbers numerically, everything else by JSON text. */
export function compareForSet(a: HclValue, b: HclValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = typeof a === 'string' ? a : JSON.stringify(a);
  const right = typeof b === 'string' ? b : JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** toSet removes duplicates (deep equality) and orders elements as cty sets do. */
export function toSet(items: HclValue[]): HclValue[] {
  const out: HclValue[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out.sort(compareForSet);
}

/** valueDepth measures nesting depth iteratively (safe on hostile input). */
export function valueDepth(value: HclValue): number {
  let max = 0;
  const stack: Array<[HclValue, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() ?? [null, 0];
    if (depth > max) max = depth;
    if (Array.isArray(current)) for (const item of current) stack.push([item, depth + 1]);
    else if (isObject(current)) for (const item of Object.values(current)) stack.push([item, depth + 1]);
  }
  return max;
}
