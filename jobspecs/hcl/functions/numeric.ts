/**
 * Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum, sum.
 */
import { FunctionArgumentError } from '../errors.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new FunctionArgumentError(`${what} is out of range`);
  return value;
}

/** numericFunctions are the number functions. */
export const numericFunctions: FunctionEntries = {
  abs: fn([param('num', T.number)], ([n]) => Math.abs(n as number)),
  ceil: fn([param('num', T.number)], ([n]) => Math.ceil(n as number)),
  floor: fn([param('num', T.number)], ([n]) => Math.floor(n as number)),
  log: fn([param('num', T.number), param('base', T.number)], ([n, base]) => finite(Math.log(n as number) / Math.log(base as number), 'the logarithm')),
  pow: fn([param('num', T.number), param('power', T.number)], ([n, p]) => finite((n as number) ** (p as number), 'the power')),
  signum: fn([param('num', T.number)], ([n]) => Math.sign(n as number) + 0),
  max: fn([], (args) => {
    if (args.length === 0) throw new FunctionArgumentError('must have at least one number');
    return Math.max(...(args as number[]));
  }, param('numbers', T.number)),
  min: fn([], (args) => {
    if (args.length === 0) throw new FunctionArgumentError('must have at least one number');
    return Math.min(...(args as number[]));
  }, param('numbers', T.number)),
  sum: fn([param('list', { kind: 'list', element: T.number })], ([list]) => {
    const items = list as number[];
    if (items.length === 0) throw new FunctionArgumentError('cannot sum an empty list');
    return finite(items.reduce((a, b) => a + b, 0), 'the sum');
  }),
  parseint: fn([param('number', T.string), param('base', T.number)], ([text, baseValue]) => {
    const base = baseValue as number;
    if (!Number.isInteger(base) || base < 2 || base > 62) throw new FunctionArgumentError('base must be a whole number between 2 and 62', 1);
    const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const raw = text as string;
    const negative = raw.startsWith('-');
    const body = negative || raw.startsWith('+') ? raw.slice(1) : raw;
    if (body === '') throw new FunctionArgumentError(`cannot parse "${raw}" as a base ${base} integer`, 0);
    let value = 0n;
    for (const char of body) {
      const digit = base <= 36 ? digits.indexOf(char.toLowerCase()) : digits.indexOf(char);
      if (digit < 0 || digit >= base) throw new FunctionArgumentError(`cannot parse "${raw}" as a base ${base} integer`, 0);
      value = value * BigInt(base) + BigInt(digit);
    }
    const result = Number(negative ? -value : value);
    return finite(result, 'the parsed integer');
  }),
};
