/**
 * Filesystem functions: file, fileexists, fileset, abspath, basename, dirname, pathexpand.
 * Reads go through FunctionContext (injectable; size-limited; off unless allowed).
 */
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { FunctionArgumentError } from '../errors.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

/** globToRegExp translates fileset() patterns: `*`, `**`, `?`, `[...]`, `{a,b}`. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new FunctionArgumentError('unterminated [ in pattern', 1);
      const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\/\]}]/g, '\\$&');
  }
  if (braces > 0) throw new FunctionArgumentError('unterminated { in pattern', 1);
  try {
    return new RegExp(`^${out}$`, 'u');
  } catch {
    throw new FunctionArgumentError(`invalid pattern "${pattern}"`, 1);
  }
}

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
  fileset: fn([param('path', T.string), param('pattern', T.string)], ([p, pattern], ctx) => {
    const matcher = globToRegExp(pattern as string);
    let files: string[];
    try {
      files = ctx.listFiles(p as string);
    } catch (error) {
      throw new FunctionArgumentError(`cannot list files in "${String(p)}": ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    return files.filter((file) => matcher.test(file)).sort();
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
