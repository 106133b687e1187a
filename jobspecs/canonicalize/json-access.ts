/**
 * Small typed readers over submitted JSON (where every field may be missing or null).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../schema/spec.js';

/** objectOr returns `v` when it is an object, else undefined. */
export function objectOr(v: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}

/** listOf returns the object elements of a list (missing/null -> []). */
export function objectsOf(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

/** stringOr returns `v` when it is a non-empty string, else `fallback` ("" means unset, as in
 * Nomad's JSON output). */
export function stringOr(v: JsonValue | undefined, fallback: string): string {
  return typeof v === 'string' && v !== '' ? v : fallback;
}

/** numberOr returns `v` when it is a number, else `fallback`. */
export function numberOr(v: JsonValue | undefined, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

/** boolOr returns `v` when it is a boolean, else `fallback`. */
export function boolOr(v: JsonValue | undefined, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

/** stringsOf returns the string elements of a list (missing/null -> []). */
export function stringsOf(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** stringMapOf returns a map of strings, or undefined when absent. */
export function stringMapOf(v: JsonValue | undefined): Record<string, string> | undefined {
  if (!isJsonObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** mergeOver copies every non-null field of each layer over `base` (later layers win). */
export function mergeOver<T extends object>(base: T, ...layers: Array<object | undefined>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [k, v] of Object.entries(layer)) if (v !== null && v !== undefined) out[k] = v;
  }
  return out as T;
}

/** policyLayer drops "" values of a policy block (Nomad prints unset enums as ""), so that
 * merging it over defaults keeps the default. */
export function policyLayer(v: JsonValue | undefined): JsonObject | undefined {
  const o = objectOr(v);
  if (o === undefined) return undefined;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(o)) if (x !== '') out[k] = x;
  return out;
}

/** FREEFORM_KEYS hold user maps whose nulls are meaningful and must be kept. */
const FREEFORM_KEYS = new Set(['Config', 'Policy', 'VersionTag']);

/** withoutNulls deep-copies a submitted value dropping null fields (null means "unset"). */
export function withoutNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(withoutNulls);
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    out[k] = FREEFORM_KEYS.has(k) ? structuredClone(x) : withoutNulls(x);
  }
  return out;
}
