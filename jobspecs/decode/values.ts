/**
 * Conversion of evaluated HCL attribute values to the JSON value a field expects. HCL2 (cty)
 * converts between primitives (number 80 -> "80" for a string field, "5" -> 5 for a number),
 * so the decoder does the same; anything else is a located type error.
 */
import { assertNever } from '../../api/errors.js';
import type { HclValue } from '../hcl/body.js';
import { isJsonObject, type FieldType, type JsonObject, type JsonValue } from '../schema/spec.js';
import { didYouMean } from '../schema/suggest.js';
import { parseDuration } from './duration.js';

/** ConvertResult is a converted value or the reason it does not fit. */
export type ConvertResult = { ok: true; value: JsonValue } | { ok: false; reason: string };

const fail = (reason: string): ConvertResult => ({ ok: false, reason });

/** describe names the HCL type of a value for error messages. */
export function describeValue(v: HclValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** toText converts a primitive to a string the way cty does; undefined for lists/objects. */
function toText(v: HclValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function toNumber(v: HclValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function convertString(v: HclValue, type: Extract<FieldType, { kind: 'string' }>): ConvertResult {
  const text = toText(v);
  if (text === undefined) return fail(`expected a string, got ${describeValue(v)}`);
  if (type.enum !== undefined && !type.enum.includes(text)) {
    return fail(`"${text}" is not one of ${type.enum.map((e) => `"${e}"`).join(', ')}${didYouMean(text, type.enum)}`);
  }
  return { ok: true, value: text };
}

function convertInteger(v: HclValue, type: Extract<FieldType, { kind: 'integer' }>): ConvertResult {
  const n = toNumber(v);
  if (n === undefined || !Number.isSafeInteger(n)) return fail(`expected a whole number, got ${describeValue(v)} ${JSON.stringify(v)}`);
  if (type.minimum !== undefined && n < type.minimum) return fail(`must be at least ${type.minimum}, got ${n}`);
  if (type.maximum !== undefined && n > type.maximum) return fail(`must be at most ${type.maximum}, got ${n}`);
  return { ok: true, value: n };
}

function convertStringList(v: HclValue): ConvertResult {
  if (!Array.isArray(v)) return fail(`expected a list of strings, got ${describeValue(v)}`);
  const out: string[] = [];
  for (const item of v) {
    const text = toText(item);
    if (text === undefined) return fail(`expected a list of strings, found a ${describeValue(item)} element`);
    out.push(text);
  }
  return { ok: true, value: out };
}

function convertStringMap(v: HclValue): ConvertResult {
  if (!isJsonObject(v)) return fail(`expected a map of strings, got ${describeValue(v)}`);
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(v)) {
    const text = toText(item);
    if (text === undefined) return fail(`expected a map of strings, key "${key}" holds a ${describeValue(item)}`);
    out[key] = text;
  }
  return { ok: true, value: out };
}

function convertStringListMap(v: HclValue): ConvertResult {
  if (!isJsonObject(v)) return fail(`expected a map of string lists, got ${describeValue(v)}`);
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(v)) {
    const list = convertStringList(Array.isArray(item) ? item : [item]);
    if (!list.ok) return fail(`key "${key}": ${list.reason}`);
    out[key] = list.value;
  }
  return { ok: true, value: out };
}

/** convertValue converts an evaluated attribute value to what `type` expects. */
export function convertValue(v: HclValue, type: FieldType): ConvertResult {
  switch (type.kind) {
    case 'string':
      return convertString(v, type);
    case 'integer':
      return convertInteger(v, type);
    case 'number': {
      const n = toNumber(v);
      return n === undefined ? fail(`expected a number, got ${describeValue(v)}`) : { ok: true, value: n };
    }
    case 'boolean':
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
      return fail(`expected a bool, got ${describeValue(v)}`);
    case 'duration': {
      if (typeof v === 'number' && Number.isSafeInteger(v)) return { ok: true, value: v };
      if (typeof v !== 'string') return fail(`expected a duration such as "30s", got ${describeValue(v)}`);
      const nanos = parseDuration(v);
      return nanos === undefined ? fail(`invalid duration "${v}" (use e.g. "30s", "5m", "1h30m")`) : { ok: true, value: nanos };
    }
    case 'stringList':
      return convertStringList(v);
    case 'stringMap':
      return convertStringMap(v);
    case 'stringListMap':
      return convertStringListMap(v);
    case 'freeform':
      return isJsonObject(v) ? { ok: true, value: v } : fail(`expected an object, got ${describeValue(v)}`);
    case 'block':
      return fail(`"${type.block.name}" is a block; write ${type.block.name} { ... } instead of an attribute`);
    default:
      return assertNever(type, 'field type');
  }
}
