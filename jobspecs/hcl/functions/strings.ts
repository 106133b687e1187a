/**
 * String functions: chomp, endswith, format, formatlist, indent, join, lower, regex,
 * regexall, replace, split, startswith, strcontains, strrev, substr, title, trim, trimprefix,
 * trimsuffix, trimspace, upper. Lengths and offsets count Unicode code points.
 */
import type { HclValue } from '../body.js';
import { FunctionArgumentError } from '../errors.js';
import { primitiveToString, typeName } from '../values.js';
import { formatGo } from './format.js';
import { regexAll, regexMatch, replaceText } from './regex.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

const str = (v: HclValue | undefined): string => v as string;

function formatList(spec: string, args: HclValue[]): string[] {
  let length: number | undefined;
  args.forEach((arg, i) => {
    if (!Array.isArray(arg)) return;
    if (length !== undefined && length !== arg.length) throw new FunctionArgumentError(`argument ${i + 2} has length ${arg.length}, which does not match the length ${length} of an earlier list`, i + 1);
    length = arg.length;
  });
  const rows = length ?? 1;
  const out: string[] = [];
  for (let row = 0; row < rows; row++) {
    out.push(formatGo(spec, args.map((arg) => (Array.isArray(arg) ? (arg[row] ?? null) : arg))));
  }
  return out;
}

/** stringFunctions are the string functions. */
export const stringFunctions: FunctionEntries = {
  chomp: fn([param('str', T.string)], ([s]) => str(s).replace(/(\r\n|\n|\r)+$/, '')),
  format: fn([param('format', T.string)], ([spec, ...rest]) => formatGo(str(spec), rest), param('args', T.any, true)),
  formatlist: fn([param('format', T.string)], ([spec, ...rest]) => formatList(str(spec), rest), param('args', T.any, true)),
  indent: fn([param('spaces', T.number), param('str', T.string)], ([n, s]) => {
    const spaces = n as number;
    if (!Number.isInteger(spaces) || spaces < 0 || spaces > 1000) throw new FunctionArgumentError('spaces must be a whole number between 0 and 1000', 0);
    return str(s).replace(/\n/g, `\n${' '.repeat(spaces)}`);
  }),
  join: fn([param('separator', T.string), param('list', T.list)], ([sep, ...lists]) => {
    const items: string[] = [];
    lists.forEach((list, i) => {
      for (const item of list as HclValue[]) {
        const text = item === null ? undefined : primitiveToString(item);
        if (text === undefined) throw new FunctionArgumentError(`element of list ${i + 1} is ${typeName(item)}; only strings, numbers and bools can be joined`, i + 1);
        items.push(text);
      }
    });
    return items.join(str(sep));
  }, param('lists', T.list)),
  lower: fn([param('str', T.string)], ([s]) => str(s).toLowerCase()),
  upper: fn([param('str', T.string)], ([s]) => str(s).toUpperCase()),
  regex: fn([param('pattern', T.string), param('string', T.string)], ([p, s]) => regexMatch(str(p), str(s))),
  regexall: fn([param('pattern', T.string), param('string', T.string)], ([p, s]) => regexAll(str(p), str(s))),
  replace: fn([param('str', T.string), param('substr', T.string), param('replace', T.string)], ([s, search, replacement]) => replaceText(str(s), str(search), str(replacement))),
  split: fn([param('separator', T.string), param('str', T.string)], ([sep, s]) => {
    if (str(s) === '') return [''];
    return str(s).split(str(sep));
  }),
  strrev: fn([param('str', T.string)], ([s]) => [...str(s)].reverse().join('')),
  substr: fn([param('str', T.string), param('offset', T.number), param('length', T.number)], ([s, o, l]) => {
    const chars = [...str(s)];
    let offset = o as number;
    let length = l as number;
    if (!Number.isInteger(offset) || !Number.isInteger(length)) throw new FunctionArgumentError('offset and length must be whole numbers');
    if (offset < 0) offset = Math.max(0, chars.length + offset);
    if (offset > chars.length) throw new FunctionArgumentError('offset is past the end of the string', 1);
    if (length < 0) length = chars.length - offset;
    return chars.slice(offset, offset + length).join('');
  }),
  title: fn([param('str', T.string)], ([s]) => str(s).replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_all, before: string, letter: string) => before + letter.toUpperCase())),
  trim: fn([param('str', T.string), param('cutset', T.string)], ([s, cutset]) => {
    const cut = new Set([...str(cutset)]);
    const chars = [...str(s)];
    let start = 0;
    let end = chars.length;
    while (start < end && cut.has(chars[start] ?? '')) start++;
    while (end > start && cut.has(chars[end - 1] ?? '')) end--;
    return chars.slice(start, end).join('');
  }),
  trimprefix: fn([param('str', T.string), param('prefix', T.string)], ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s))),
  trimsuffix: fn([param('str', T.string), param('suffix', T.string)], ([s, p]) => (str(p) !== '' && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s))),
  trimspace: fn([param('str', T.string)], ([s]) => str(s).trim()),
  startswith: fn([param('str', T.string), param('prefix', T.string)], ([s, p]) => str(s).startsWith(str(p))),
  endswith: fn([param('str', T.string), param('suffix', T.string)], ([s, p]) => str(s).endsWith(str(p))),
  strcontains: fn([param('str', T.string), param('substr', T.string)], ([s, p]) => str(s).includes(str(p))),
};
