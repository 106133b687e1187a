/**
 * Regular expressions for regex(), regexall() and replace(): RE2 syntax translated to
 * JavaScript (named groups `(?P<n>...)`, inline flags), with a guard that rejects patterns
 * prone to catastrophic backtracking (a quantified group containing a quantifier), since
 * JavaScript regexes cannot be interrupted.
 */
import type { HclValue } from '../body.js';
import { FunctionArgumentError } from '../errors.js';
import { objectFromEntries } from '../values.js';

const MAX_PATTERN_LENGTH = 1000;

function hasNestedQuantifier(pattern: string): boolean {
  const quantifiedInside: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      if (quantifiedInside.length > 0 && '+*?{'.includes(pattern[i + 1] ?? '')) quantifiedInside[quantifiedInside.length - 1] = true;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      quantifiedInside.push(false);
      continue;
    }
    if (c === ')') {
      const inner = quantifiedInside.pop() ?? false;
      const after = pattern.slice(i + 1, i + 12);
      if (inner && (/^[+*]/.test(after) || /^\{\d+,\}/.test(after))) return true;
      if (inner && quantifiedInside.length > 0) quantifiedInside[quantifiedInside.length - 1] = true;
      continue;
    }
    if ('+*{'.includes(c ?? '') && quantifiedInside.length > 0) quantifiedInside[quantifiedInside.length - 1] = true;
  }
  return false;
}

/** compileRegex translates and compiles an RE2 pattern (throws FunctionArgumentError). */
export function compileRegex(pattern: string, global: boolean, argIndex = 1): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new FunctionArgumentError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`, argIndex);
  if (hasNestedQuantifier(pattern)) throw new FunctionArgumentError('pattern has a repeated group that itself repeats (e.g. "(a+)+"); such patterns can take exponential time and are not allowed', argIndex);
  let source = pattern.replace(/\(\?P</g, '(?<');
  let flags = global ? 'gu' : 'u';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline !== null) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1] ?? '') if (flag !== 'U' && !flags.includes(flag)) flags += flag;
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new FunctionArgumentError(`invalid regular expression: ${error instanceof Error ? error.message : String(error)}`, argIndex);
  }
}

function matchValue(match: RegExpExecArray): HclValue {
  if (match.groups !== undefined && Object.keys(match.groups).length > 0) {
    return objectFromEntries(Object.entries(match.groups).map(([name, value]) => [name, value ?? null]));
  }
  if (match.length > 1) return match.slice(1).map((group) => group ?? null);
  return match[0];
}

/** regexMatch implements regex(pattern, string). */
export function regexMatch(pattern: string, text: string): HclValue {
  const match = compileRegex(pattern, false, 0).exec(text);
  if (match === null) throw new FunctionArgumentError('pattern did not match any part of the given string');
  return matchValue(match);
}

/** regexAll implements regexall(pattern, string). */
export function regexAll(pattern: string, text: string): HclValue[] {
  const re = compileRegex(pattern, true, 0);
  const out: HclValue[] = [];
  for (const match of text.matchAll(re)) out.push(matchValue(match));
  return out;
}

/** replaceText implements replace(string, substr, replacement) incl. the /regex/ form. */
export function replaceText(text: string, search: string, replacement: string): string {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    const re = compileRegex(search.slice(1, -1), true, 1);
    const jsReplacement = replacement.replace(/\$\{(\w+)\}|\$(\d+)|\$\$/g, (all, named: string | undefined, numbered: string | undefined) => {
      if (all === '$$') return '$$';
      if (named !== undefined) return /^\d+$/.test(named) ? `$${named}` : `$<${named}>`;
      return `$${numbered ?? ''}`;
    });
    return text.replace(re, jsReplacement);
  }
  if (search === '') return text;
  return text.split(search).join(replacement);
}
