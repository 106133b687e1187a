/**
 * Name rules shared by jobs, groups and tasks.
 */
import type { IssueSink } from './issues.js';

/** MAX_NAME_LENGTH bounds IDs and names (Nomad allows 128 characters for job IDs). */
export const MAX_NAME_LENGTH = 128;

/** checkName reports an empty name, spaces, null characters and overlong names. */
export function checkName(sink: IssueSink, what: string, value: string, field: string, opts: { allowSpaces?: boolean; allowSlash?: boolean } = {}): void {
  if (value === '') {
    sink.error(`missing ${what}`, field);
    return;
  }
  if (value.includes('\u0000')) sink.error(`${what} contains a null character`, field);
  if (opts.allowSpaces !== true && /\s/.test(value)) sink.error(`${what} "${value}" contains a space`, field);
  if (opts.allowSlash !== true && value.includes('/')) sink.error(`${what} "${value}" contains "/"`, field);
  if (value.length > MAX_NAME_LENGTH) sink.error(`${what} is longer than ${MAX_NAME_LENGTH} characters`, field);
}

/** duplicates returns the values that occur more than once, in first-seen order. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dup.add(v);
    seen.add(v);
  }
  return [...dup];
}
