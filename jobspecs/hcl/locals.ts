/**
 * `locals { name = expr }` values: collected from every locals block, resolved lazily in
 * dependency order (any declaration order works), memoized, with cycle detection and a bound
 * on reference-chain depth.
 */
import type { AttributeNode, BlockNode } from './ast.js';
import type { HclValue, SourcePos } from './body.js';
import { evalError } from './errors.js';
import { evaluateValue } from './evaluate-value.js';
import type { EvalEnvironment, LocalResolver } from './scope.js';
import { Scope } from './scope.js';
import { valueDepth } from './values.js';

/** LocalsResolver implements LocalResolver over a file's locals blocks. */
export class LocalsResolver implements LocalResolver {
  private readonly definitions = new Map<string, AttributeNode>();
  private readonly values = new Map<string, HclValue>();
  private readonly resolving: string[] = [];
  private env: EvalEnvironment | undefined;

  constructor(blocks: BlockNode[]) {
    for (const block of blocks) {
      if (block.labels.length > 0) throw evalError(block.range.start, 'a locals block takes no labels');
      for (const item of block.body.items) {
        if (item.kind === 'block') throw evalError(item.range.start, `a locals block holds only name = value attributes, found block "${item.type}"`);
        const previous = this.definitions.get(item.name);
        if (previous !== undefined) {
          const at = previous.range.start;
          throw evalError(item.range.start, `local value "${item.name}" is already defined at ${at.file}:${at.line}:${at.column}`);
        }
        this.definitions.set(item.name, item);
      }
    }
  }

  /** bind attaches the environment locals are evaluated in (it refers back to this resolver). */
  bind(env: EvalEnvironment): void {
    this.env = env;
  }

  names(): string[] {
    return [...this.definitions.keys()];
  }

  resolve(name: string, at: SourcePos): HclValue {
    const known = this.values.get(name);
    if (known !== undefined) return known;
    const definition = this.definitions.get(name);
    if (definition === undefined || this.env === undefined) throw evalError(at, `unknown local value "local.${name}"`);
    if (this.resolving.includes(name)) {
      const cycle = [...this.resolving.slice(this.resolving.indexOf(name)), name].map((n) => `local.${n}`).join(' -> ');
      throw evalError(definition.range.start, `local value "${name}" depends on itself: ${cycle}`);
    }
    if (this.resolving.length >= this.env.limits.maxReferenceDepth) {
      throw evalError(at, `local values reference each other more than ${this.env.limits.maxReferenceDepth} levels deep`);
    }
    this.resolving.push(name);
    try {
      const value = evaluateValue(definition.expr, new Scope(), this.env);
      if (valueDepth(value) > this.env.limits.maxValueDepth) {
        throw evalError(definition.range.start, `local value "${name}" is nested deeper than the limit of ${this.env.limits.maxValueDepth}`);
      }
      this.values.set(name, value);
      return value;
    } finally {
      this.resolving.pop();
    }
  }

  /** resolveAll evaluates every local (so errors in unused locals are reported too). */
  resolveAll(): void {
    for (const definition of this.definitions.values()) this.resolve(definition.name, definition.range.start);
  }
}
