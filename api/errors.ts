/**
 * DroverError: the one coded error type. Every error a user can see carries a stable `code`
 * (documented in contributing/errors.md) and, where it maps to HTTP, a status.
 * Branch on `err.code`, never on `instanceof` (module copies break instanceof).
 */
export class DroverError extends Error {
  /** Stable machine-readable code, e.g. `DROVER_ERR_JOB_INVALID`. */
  readonly code: string;
  /** HTTP status for API responses. */
  readonly statusCode: number;
  /** Where the problem is: `file:line:col`, a JSON path, or a field name. */
  readonly location: string | undefined;

  constructor(code: string, message: string, opts: { statusCode?: number; location?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DroverError';
    this.code = code;
    this.statusCode = opts.statusCode ?? 500;
    this.location = opts.location;
  }
}

/** isDroverError narrows an unknown thrown value by its code marker. */
export function isDroverError(e: unknown): e is DroverError {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    && (e as { name?: unknown }).name === 'DroverError';
}

/** assertNever makes a switch exhaustive: a new union member fails to compile. */
export function assertNever(x: never, what = 'value'): never {
  throw new DroverError('DROVER_ERR_INTERNAL', `unexpected ${what}: ${JSON.stringify(x)}`);
}
