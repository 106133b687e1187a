/**
 * Iteration order shared by for expressions, template `%{for}` and dynamic blocks: lists by
 * index, maps and objects by lexically sorted key.
 */
import type { HclValue, SourcePos } from './body.js';
import { evalError } from './errors.js';
import { isObject, sortedKeys, typeName } from './values.js';

/** iterateCollection yields (key, value) pairs: list index/element, or sorted map key/value. */
export function iterateCollection(collection: HclValue, pos: SourcePos, what: string): Array<[HclValue, HclValue]> {
  if (Array.isArray(collection)) return collection.map((item, i) => [i, item]);
  if (isObject(collection)) return sortedKeys(collection).map((key) => [key, collection[key] ?? null]);
  throw evalError(pos, `${what} must be a list, set, map or object, got ${typeName(collection)}`);
}
