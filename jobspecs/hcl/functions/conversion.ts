/**
 * Type conversion functions: tobool, tolist, tomap, tonumber, toset, tostring. (`convert`,
 * `try` and `can` take unevaluated arguments and live in the evaluator.)
 */
import { FunctionArgumentError } from '../errors.js';
import type { HclValue } from '../body.js';
import { convertValue } from '../types.js';
import { isObject, typeName } from '../values.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

/** conversionFunctions are the to* functions. */
export const conversionFunctions: FunctionEntries = {
  tobool: fn([param('v', T.any, true)], ([v]) => convertValue(v ?? null, T.bool)),
  tonumber: fn([param('v', T.any, true)], ([v]) => convertValue(v ?? null, T.number)),
  tostring: fn([param('v', T.any, true)], ([v]) => convertValue(v ?? null, T.string)),
  tolist: fn([param('v', T.any, true)], ([v]) => convertValue(v ?? null, T.list)),
  toset: fn([param('v', T.any, true)], ([v]) => convertValue(v ?? null, { kind: 'set', element: T.any })),
  tomap: fn([param('v', T.any, true)], ([v]) => {
    if (v !== null && !isObject(v ?? null)) throw new FunctionArgumentError(`cannot convert ${typeName(v as HclValue)} to map`, 0);
    return convertValue(v ?? null, T.map);
  }),
};
