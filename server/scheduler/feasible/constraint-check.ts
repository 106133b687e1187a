/**
 * ConstraintCheck: job, group and task `constraint` blocks. Constraints that read unique node
 * values (`${node.unique.id}`, `${attr.unique.*}`, ...) are "escaped": their verdict is per node.
 * All others depend only on computed-class fields and are cached per class by the stack.
 */
import type { Constraint, Node, TaskGroup } from '../../../api/structs/index.js';
import type { CheckScope, FeasibilityCheck, FilterResult } from './contracts.js';
import { FEASIBLE, filtered } from './contracts.js';
import { checkOperator } from './operators.js';
import { isEscapedTarget, resolveTarget } from './target.js';

/** constraintString is Nomad's rendering of a constraint, the ConstraintFiltered key. */
export function constraintString(c: Constraint): string {
  return `${c.LTarget} ${c.Operand} ${c.RTarget}`.trim();
}

/** isPlacementOperand: distinct_hosts/distinct_property are checked against proposed
 * allocations by their own checks, not here. */
export function isPlacementOperand(operand: string): boolean {
  return operand === 'distinct_hosts' || operand === 'distinct_property';
}

/** constraintHolds evaluates one (non-placement) constraint on a node. */
export function constraintHolds(c: Constraint, node: Node): boolean {
  return checkOperator(c.Operand, resolveTarget(c.LTarget, node), resolveTarget(c.RTarget, node));
}

/** ConstraintSet is the prepared state: constraints plus their rendered reasons. */
export interface ConstraintSet {
  readonly constraints: readonly Constraint[];
  readonly reasons: readonly string[];
  readonly escaped: boolean;
}

/** buildConstraintSet keeps the value constraints of `list`; undefined when none remain. */
export function buildConstraintSet(list: readonly Constraint[]): ConstraintSet | undefined {
  const constraints = list.filter((c) => !isPlacementOperand(c.Operand));
  if (constraints.length === 0) return undefined;
  return {
    constraints,
    reasons: constraints.map(constraintString),
    escaped: constraints.some((c) => isEscapedTarget(c.LTarget) || isEscapedTarget(c.RTarget)),
  };
}

/** checkConstraintSet returns the first constraint the node violates. */
export function checkConstraintSet(set: ConstraintSet, node: Node): FilterResult {
  for (let i = 0; i < set.constraints.length; i++) {
    if (!constraintHolds(set.constraints[i] as Constraint, node)) return filtered(set.reasons[i] as string);
  }
  return FEASIBLE;
}

/** groupConstraints collects a task group's own and its tasks' constraints. */
export function groupConstraints(tg: TaskGroup): Constraint[] {
  const all = [...(tg.Constraints ?? [])];
  for (const task of tg.Tasks) all.push(...(task.Constraints ?? []));
  return all;
}

function scopeOf(set: ConstraintSet): CheckScope {
  return set.escaped ? 'node' : 'class';
}

/** jobConstraintCheck checks the job-level constraints (prepared per group for uniformity;
 * the stack caches its class verdicts once per job). */
export const jobConstraintCheck: FeasibilityCheck<ConstraintSet> = {
  name: 'constraint',
  prepare: (_tg, ctx) => buildConstraintSet(ctx.job.Constraints ?? []),
  scope: scopeOf,
  check: (node, set) => checkConstraintSet(set, node),
};

/** groupConstraintCheck checks group and task constraints. */
export const groupConstraintCheck: FeasibilityCheck<ConstraintSet> = {
  name: 'constraint',
  prepare: (tg) => buildConstraintSet(groupConstraints(tg)),
  scope: scopeOf,
  check: (node, set) => checkConstraintSet(set, node),
};
