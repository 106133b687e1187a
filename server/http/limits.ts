/**
 * Request limits: body size and JSON nesting depth (reliability-and-security.md §5).
 */
import { DroverError } from '../../api/errors.js';

/** MAX_BODY_BYTES bounds a request body (jobspecs are small; 8 MiB leaves room for dispatch payloads). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** MAX_JSON_DEPTH bounds nesting of a JSON body. */
export const MAX_JSON_DEPTH = 64;

/** checkJsonDepth throws a 400 when `value` nests deeper than `max` (iterative, no recursion). */
export function checkJsonDepth(value: unknown, max: number): void {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 1 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) throw new DroverError('DROVER_ERR_BODY_TOO_DEEP', `request body nests deeper than ${max} levels`, { statusCode: 400, location: 'body' });
    for (const child of Object.values(v as Record<string, unknown>)) stack.push({ v: child, d: d + 1 });
  }
}
