/**
 * Evaluation scope and environment: local bindings (for-expression and dynamic-block
 * iterators, splat items), the `var` and `local` roots, the function table, limits and the
 * shared step budget. Also the rule for which unknown roots are Nomad runtime references.
 */
import type { HclValue, SourcePos } from './body.js';
import type { FunctionContext, FunctionTable } from './functions/registry.js';
import type { HclLimits } from './limits.js';
import type { HclObject } from './values.js';

/** SPLAT_BINDING is the internal binding name of the current splat element. */
export const SPLAT_BINDING = '\u0000splat';

/** Scope is a chain of name -> value bindings. */
export class Scope {
  constructor(private readonly bindings: ReadonlyMap<string, HclValue> = new Map(), private readonly parent?: Scope) {}

  /** lookup finds the nearest binding of `name`. */
  lookup(name: string): HclValue | undefined {
    if (this.bindings.has(name)) return this.bindings.get(name);
    return this.parent?.lookup(name);
  }

  /** has tells whether `name` is bound in this chain. */
  has(name: string): boolean {
    return this.bindings.has(name) || (this.parent?.has(name) ?? false);
  }

  /** names lists every visible binding name (for suggestions). */
  names(): string[] {
    const own = [...this.bindings.keys()].filter((name) => name !== SPLAT_BINDING);
    return [...own, ...(this.parent?.names() ?? [])];
  }

  /** child creates a nested scope with extra bindings. */
  child(bindings: ReadonlyMap<string, HclValue>): Scope {
    return new Scope(bindings, this);
  }
}

/** LocalResolver resolves `local.<name>` lazily (with cycle detection). */
export interface LocalResolver {
  names(): string[];
  resolve(name: string, at: SourcePos): HclValue;
}

/** EvalEnvironment is everything an expression evaluation may consult. */
export interface EvalEnvironment {
  functions: FunctionTable;
  functionContext: FunctionContext;
  limits: HclLimits;
  /** Values of `var.*`; undefined where variables are not available (defaults, var-files). */
  variables: HclObject | undefined;
  /** Resolver of `local.*`; undefined where locals are not available. */
  locals: LocalResolver | undefined;
  /** Shared step counter and current expression nesting across the whole evaluation. */
  budget: { steps: number; depth: number };
}

/**
 * RuntimeReference is thrown (internally) when an expression reaches a root that Nomad
 * resolves at runtime on the client (`attr`, `node`, `NOMAD_*`, ...). Templates catch it and
 * keep the `${...}` text. It never leaves evaluateHcl.
 */
export class RuntimeReference {
  constructor(readonly root: string) {}
}

const RUNTIME_ROOTS = new Set(['attr', 'node', 'meta', 'env', 'unique', 'device', 'driver', 'secrets', 'vault', 'consul', 'nomad']);

/** isRuntimeRoot tells whether an undeclared root is left for Nomad's runtime interpolation. */
export function isRuntimeRoot(name: string): boolean {
  return RUNTIME_ROOTS.has(name) || name.startsWith('NOMAD_') || /^[A-Z][A-Z0-9_]*$/.test(name);
}
