/**
 * Filesystem functions: file, fileexists, abspath, basename, dirname, pathexpand. Reads go
 * through FunctionContext (injectable; size-limited).
 */
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { FunctionArgumentError } from '../errors.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

/** filesystemFunctions are the file and path functions. */
export const filesystemFunctions: FunctionEntries = {
  file: fn([param('path', T.string)], ([p], ctx) => {
    let text: string;
    try {
      text = ctx.readFile(p as string);
    } catch (error) {
      throw new FunctionArgumentError(`cannot read file "${String(p)}": ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    if (text.length > ctx.limits.maxStringLength) throw new FunctionArgumentError(`file "${String(p)}" is larger than ${ctx.limits.maxStringLength} characters`, 0);
    return text;
  }),
  fileexists: fn([param('path', T.string)], ([p], ctx) => {
    try {
      return ctx.fileExists(p as string);
    } catch (error) {
      throw new FunctionArgumentError(`cannot check file "${String(p)}": ${error instanceof Error ? error.message : String(error)}`, 0);
    }
  }),
  abspath: fn([param('path', T.string)], ([p], ctx) => (isAbsolute(p as string) ? resolve(p as string) : resolve(ctx.baseDir, p as string))),
  basename: fn([param('path', T.string)], ([p]) => {
    const text = p as string;
    if (text === '') return '.';
    const trimmed = text.replace(/\/+$/, '');
    return trimmed === '' ? '/' : basename(trimmed);
  }),
  dirname: fn([param('path', T.string)], ([p]) => dirname(p as string)),
  pathexpand: fn([param('path', T.string)], ([p], ctx) => {
    const text = p as string;
    if (text !== '~' && !text.startsWith('~/')) return text;
    const home = ctx.env.HOME ?? homedir();
    return home + text.slice(1);
  }),
};
