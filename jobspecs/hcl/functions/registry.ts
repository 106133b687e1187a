/**
 * The function-library contract: each HCL function declares typed parameters (arguments are
 * converted with HCL's rules before the call) and an implementation over plain values.
 */
import type { HclValue } from '../body.js';
import type { HclLimits } from '../limits.js';
import type { TypeConstraint } from '../types.js';

/** FunctionContext gives functions controlled access to the outside world. */
export interface FunctionContext {
  /** Reads a UTF-8 file (paths are resolved by the caller's policy). */
  readFile(path: string): string;
  /** Tells whether a file exists. */
  fileExists(path: string): boolean;
  /** Lists files (not directories) below `dir`, recursively, as paths relative to `dir`. */
  listFiles(dir: string): string[];
  /** Environment used by pathexpand (HOME). */
  env: Record<string, string | undefined>;
  /** Directory that relative paths are resolved against. */
  baseDir: string;
  limits: HclLimits;
}

/** FunctionParam is one declared parameter. */
export interface FunctionParam {
  name: string;
  type: TypeConstraint;
  /** When false (default), a null argument is an error. */
  allowNull?: boolean;
}

/** HclFunction is one callable function. */
export interface HclFunction {
  params: FunctionParam[];
  /** Type of extra arguments; when absent the function takes exactly `params`. */
  variadic?: FunctionParam;
  impl(args: HclValue[], ctx: FunctionContext): HclValue;
}

/** FunctionTable maps function names to implementations. */
export type FunctionTable = ReadonlyMap<string, HclFunction>;

/** FunctionEntries is what each library file exports: name -> function. */
export type FunctionEntries = Record<string, HclFunction>;

/** param is shorthand for a FunctionParam. */
export function param(name: string, type: TypeConstraint, allowNull = false): FunctionParam {
  return { name, type, allowNull };
}

/** T holds shorthand parameter types. */
export const T = {
  any: { kind: 'any' },
  string: { kind: 'string' },
  number: { kind: 'number' },
  bool: { kind: 'bool' },
  list: { kind: 'list', element: { kind: 'any' } },
  listOfString: { kind: 'list', element: { kind: 'string' } },
  map: { kind: 'map', element: { kind: 'any' } },
} as const satisfies Record<string, TypeConstraint>;

/** fn builds an HclFunction from positional parameters and an implementation. */
export function fn(params: FunctionParam[], impl: HclFunction['impl'], variadic?: FunctionParam): HclFunction {
  return variadic === undefined ? { params, impl } : { params, variadic, impl };
}
