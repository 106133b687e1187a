/**
 * Collection functions: alltrue, anytrue, chunklist, coalesce, coalescelist, compact, concat,
 * contains, distinct, element, flatten, index, keys, length, lookup, merge, one, range,
 * reverse, setintersection, setproduct, setsubtract, setunion, slice, sort, transpose,
 * values, zipmap. Sets are lists without duplicates; maps iterate in sorted key order.
 */
import type { HclValue } from '../body.js';
import { FunctionArgumentError } from '../errors.js';
import type { HclObject } from '../values.js';
import { getKey, isObject, newObject, objectFromEntries, primitiveToString, setKey, sortedKeys, toSet, typeName, valuesEqual } from '../values.js';
import type { FunctionContext, FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

const list = (v: HclValue | undefined): HclValue[] => v as HclValue[];
const obj = (v: HclValue | undefined): HclObject => v as HclObject;
const num = (v: HclValue | undefined): number => v as number;

function wholeNumber(value: number, what: string, argIndex: number): number {
  if (!Number.isInteger(value)) throw new FunctionArgumentError(`${what} must be a whole number`, argIndex);
  return value;
}

function flattenInto(items: HclValue[], out: HclValue[], depth: number): void {
  if (depth > 64) throw new FunctionArgumentError('list is nested too deeply');
  for (const item of items) {
    if (Array.isArray(item)) flattenInto(item, out, depth + 1);
    else out.push(item);
  }
}

function rangeOf(args: HclValue[], ctx: FunctionContext): number[] {
  const [a, b, c] = args.map((v) => num(v));
  let start = 0;
  let end: number;
  let step = 1;
  if (args.length === 1) end = a ?? 0;
  else {
    start = a ?? 0;
    end = b ?? 0;
    if (args.length === 3) step = c ?? 1;
    else step = end < start ? -1 : 1;
  }
  if (args.length === 0 || args.length > 3) throw new FunctionArgumentError('range() takes 1 to 3 numbers');
  if (step === 0) throw new FunctionArgumentError('step must not be zero');
  if ((step > 0 && end < start) || (step < 0 && end > start)) throw new FunctionArgumentError('step has the wrong sign for the given start and end');
  const count = Math.ceil((end - start) / step);
  if (count > ctx.limits.maxCollectionLength) throw new FunctionArgumentError(`range() would produce ${count} elements, more than the limit of ${ctx.limits.maxCollectionLength}`);
  return Array.from({ length: Math.max(0, count) }, (_, i) => start + i * step);
}

function setProduct(sets: HclValue[][], ctx: FunctionContext): HclValue[] {
  let total = 1;
  for (const set of sets) total *= set.length;
  if (total > ctx.limits.maxCollectionLength) throw new FunctionArgumentError(`setproduct() would produce ${total} elements, more than the limit of ${ctx.limits.maxCollectionLength}`);
  let rows: HclValue[][] = [[]];
  for (const set of sets) rows = rows.flatMap((row) => set.map((item) => [...row, item]));
  return sets.length === 0 ? [] : rows;
}

/** collectionFunctions are the list/map/set functions. */
export const collectionFunctions: FunctionEntries = {
  alltrue: fn([param('list', { kind: 'list', element: T.bool })], ([l]) => list(l).every((v) => v === true)),
  anytrue: fn([param('list', { kind: 'list', element: T.bool })], ([l]) => list(l).some((v) => v === true)),
  chunklist: fn([param('list', T.list), param('size', T.number)], ([l, s]) => {
    const size = wholeNumber(num(s), 'size', 1);
    if (size < 0) throw new FunctionArgumentError('size must not be negative', 1);
    if (size === 0) return [list(l)];
    const out: HclValue[] = [];
    for (let i = 0; i < list(l).length; i += size) out.push(list(l).slice(i, i + size));
    return out;
  }),
  coalesce: fn([], (args) => {
    const found = args.find((v) => v !== null && v !== '');
    if (found === undefined) throw new FunctionArgumentError('no non-null, non-empty-string arguments');
    return found;
  }, param('vals', T.any, true)),
  coalescelist: fn([], (args) => {
    for (const [i, arg] of args.entries()) if (!Array.isArray(arg)) throw new FunctionArgumentError(`argument ${i + 1} must be a list, got ${typeName(arg)}`, i);
    return args.find((v) => Array.isArray(v) && v.length > 0) ?? [];
  }, param('vals', T.any)),
  compact: fn([param('list', { kind: 'list', element: T.string })], ([l]) => list(l).filter((v) => v !== null && v !== '')),
  concat: fn([], (args) => args.flatMap((l) => list(l)), param('seqs', T.list)),
  contains: fn([param('list', T.list), param('value', T.any, true)], ([l, v]) => list(l).some((item) => valuesEqual(item, v ?? null))),
  distinct: fn([param('list', T.list)], ([l]) => {
    const out: HclValue[] = [];
    for (const item of list(l)) if (!out.some((seen) => valuesEqual(seen, item))) out.push(item);
    return out;
  }),
  element: fn([param('list', T.list), param('index', T.number)], ([l, i]) => {
    const items = list(l);
    const index = wholeNumber(num(i), 'index', 1);
    if (items.length === 0) throw new FunctionArgumentError('cannot use element() with an empty list', 0);
    if (index < 0) throw new FunctionArgumentError('index must not be negative', 1);
    return items[index % items.length] ?? null;
  }),
  flatten: fn([param('list', T.list)], ([l]) => {
    const out: HclValue[] = [];
    flattenInto(list(l), out, 0);
    return out;
  }),
  index: fn([param('list', T.list), param('value', T.any)], ([l, v]) => {
    const found = list(l).findIndex((item) => valuesEqual(item, v ?? null));
    if (found < 0) throw new FunctionArgumentError('item not found', 1);
    return found;
  }),
  keys: fn([param('inputMap', T.any)], ([m]) => {
    if (!isObject(m ?? null)) throw new FunctionArgumentError(`keys() needs a map or object, got ${typeName(m)}`, 0);
    return sortedKeys(obj(m));
  }),
  values: fn([param('mapping', T.any)], ([m]) => {
    if (!isObject(m ?? null)) throw new FunctionArgumentError(`values() needs a map or object, got ${typeName(m)}`, 0);
    return sortedKeys(obj(m)).map((key) => obj(m)[key] ?? null);
  }),
  length: fn([param('value', T.any)], ([v]) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isObject(v ?? null)) return Object.keys(obj(v)).length;
    throw new FunctionArgumentError(`length() needs a string, list or map, got ${typeName(v)}`, 0);
  }),
  lookup: fn([param('inputMap', T.any), param('key', T.string)], ([m, k, ...rest]) => {
    if (rest.length > 1) throw new FunctionArgumentError('lookup() takes at most 3 arguments');
    if (!isObject(m ?? null)) throw new FunctionArgumentError(`lookup() needs a map or object, got ${typeName(m)}`, 0);
    const found = getKey(obj(m), k as string);
    if (found !== undefined) return found;
    if (rest.length === 1) return rest[0] ?? null;
    throw new FunctionArgumentError(`lookup failed to find key "${String(k)}"`, 1);
  }, param('default', T.any, true)),
  merge: fn([], (args) => {
    const out = newObject();
    args.forEach((arg, i) => {
      if (arg === null) return;
      if (!isObject(arg)) throw new FunctionArgumentError(`argument ${i + 1} must be a map or object, got ${typeName(arg)}`, i);
      for (const key of Object.keys(arg)) setKey(out, key, arg[key] ?? null);
    });
    return out;
  }, param('maps', T.any, true)),
  one: fn([param('list', T.list)], ([l]) => {
    const items = list(l);
    if (items.length > 1) throw new FunctionArgumentError('must be a list with no more than one element', 0);
    return items[0] ?? null;
  }),
  range: fn([], (args, ctx) => rangeOf(args, ctx), param('params', T.number)),
  reverse: fn([param('list', T.list)], ([l]) => [...list(l)].reverse()),
  setintersection: fn([param('first_set', T.list)], (args) => toSet(list(args[0]).filter((item) => args.slice(1).every((other) => list(other).some((x) => valuesEqual(x, item))))), param('other_sets', T.list)),
  setsubtract: fn([param('a', T.list), param('b', T.list)], ([a, b]) => toSet(list(a).filter((item) => !list(b).some((x) => valuesEqual(x, item))))),
  setunion: fn([param('first_set', T.list)], (args) => toSet(args.flatMap((l) => list(l))), param('other_sets', T.list)),
  setproduct: fn([], (args, ctx) => setProduct(args.map((l) => list(l)), ctx), param('sets', T.list)),
  slice: fn([param('list', T.list), param('start_index', T.number), param('end_index', T.number)], ([l, s, e]) => {
    const items = list(l);
    const start = wholeNumber(num(s), 'start_index', 1);
    const end = wholeNumber(num(e), 'end_index', 2);
    if (start < 0 || end > items.length || start > end) throw new FunctionArgumentError(`invalid slice [${start}:${end}] of a list of ${items.length} elements`);
    return items.slice(start, end);
  }),
  sort: fn([param('list', { kind: 'list', element: T.string })], ([l]) => [...list(l)].sort((a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0))),
  transpose: fn([param('values', { kind: 'map', element: { kind: 'list', element: T.string } })], ([m]) => {
    const out = new Map<string, string[]>();
    for (const key of sortedKeys(obj(m))) {
      for (const value of list(obj(m)[key])) {
        const name = value as string;
        out.set(name, [...(out.get(name) ?? []), key]);
      }
    }
    return objectFromEntries([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }),
  zipmap: fn([param('keys', { kind: 'list', element: T.string }), param('values', T.list)], ([k, v]) => {
    const keys = list(k);
    const values = list(v);
    if (keys.length !== values.length) throw new FunctionArgumentError(`${keys.length} keys but ${values.length} values`);
    return objectFromEntries(keys.map((key, i) => [primitiveToString(key) ?? '', values[i] ?? null]));
  }),
};
