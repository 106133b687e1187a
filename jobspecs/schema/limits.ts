/**
 * Size limits checked before schema validation, so a hostile body cannot make ajv (or anything
 * after it) walk an unbounded structure: nesting depth, array length, string length, key count.
 */

/** JobJsonLimits bounds a submitted JSON job. */
export interface JobJsonLimits {
  maxDepth: number;
  maxArrayLength: number;
  maxStringLength: number;
  maxTotalNodes: number;
}

/** DEFAULT_JOB_JSON_LIMITS: generous for real jobs (templates up to 1 MiB), tight for abuse. */
export const DEFAULT_JOB_JSON_LIMITS: JobJsonLimits = {
  maxDepth: 32,
  maxArrayLength: 10000,
  maxStringLength: 1048576,
  maxTotalNodes: 200000,
};

/** LimitViolation names where a limit was exceeded. */
export interface LimitViolation {
  path: string;
  message: string;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
}

/** checkLimits returns the first limit violation of `value`, or undefined. Iterative (no recursion). */
export function checkLimits(value: unknown, limits: JobJsonLimits = DEFAULT_JOB_JSON_LIMITS): LimitViolation | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    nodes++;
    if (nodes > limits.maxTotalNodes) return { path: item.path || '(root)', message: `body has more than ${limits.maxTotalNodes} values` };
    if (item.depth > limits.maxDepth) return { path: item.path, message: `nesting deeper than ${limits.maxDepth} levels` };
    const v = item.value;
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return { path: item.path, message: `string longer than ${limits.maxStringLength} characters` };
    } else if (Array.isArray(v)) {
      if (v.length > limits.maxArrayLength) return { path: item.path, message: `list longer than ${limits.maxArrayLength} items` };
      v.forEach((child, i) => stack.push({ value: child, path: childPath(item.path, i), depth: item.depth + 1 }));
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      if (entries.length > limits.maxArrayLength) return { path: item.path, message: `object with more than ${limits.maxArrayLength} fields` };
      for (const [key, child] of entries) {
        if (key.length > 1024) return { path: item.path, message: 'field name longer than 1024 characters' };
        stack.push({ value: child, path: childPath(item.path, key), depth: item.depth + 1 });
      }
    }
  }
  return undefined;
}

/** jsonPath renders a path made of keys and indexes: `Job.TaskGroups[0].Name`. */
export function jsonPathOf(segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>((path, key) => childPath(path, key), '');
}
