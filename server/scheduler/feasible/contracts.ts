/**
 * The feasibility stage contract: a FeasibilityCheck rejects nodes that can never run a task
 * group (or, for the availability checks, cannot run it right now).
 *
 * A check is prepared once per task group (`prepare` returns typed state only its own `check`
 * sees, or undefined when the group does not need the check) and then asked about nodes.
 * Every rejection names a reason: the key recorded in AllocMetric.ConstraintFiltered.
 */
import type { Job, Node, TaskGroup } from '../../../api/structs/index.js';
import type { SchedulerState } from '../contracts.js';
import type { NodeUsageTracker } from '../node-usage.js';
import type { PlanView } from '../placement.js';

/** FilterResult is a check's verdict on one node. */
export type FilterResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

/** FEASIBLE is the shared "ok" verdict (no allocation per node on the hot path). */
export const FEASIBLE: FilterResult = Object.freeze({ ok: true });

/** filtered builds a rejection. */
export function filtered(reason: string): FilterResult {
  return { ok: false, reason };
}

/** Reason strings shared with Nomad's metric output. */
export const FilterReason = {
  missingDrivers: 'missing drivers',
  missingDevices: 'missing devices',
  missingHostVolumes: 'missing compatible host volumes',
  distinctHosts: 'distinct_hosts',
} as const;

/** CheckName identifies a check in docs, tests and the stack's composition. */
export type CheckName = 'driver' | 'constraint' | 'network' | 'device' | 'host-volume' | 'distinct-hosts' | 'distinct-property';

/**
 * Cacheability of a prepared check:
 *  - 'class': the verdict depends only on fields covered by the node's computed class, so one
 *    verdict per ComputedClass is reused for every node of that class;
 *  - 'node': depends on unique node fields (node ID, name, unique.* attributes);
 *  - 'proposed': depends on the allocations proposed so far (distinct_hosts/property, volumes).
 */
export type CheckScope = 'class' | 'node' | 'proposed';

/** CheckContext is what checks may consult besides the node. */
export interface CheckContext {
  readonly state: SchedulerState;
  readonly plan: PlanView;
  readonly job: Job;
  readonly usage: NodeUsageTracker;
  /** Increases on every `select`: state derived from the plan must be recomputed when it moves. */
  epoch(): number;
}

/** FeasibilityCheck is one feasibility stage; S is its per-task-group prepared state. */
export interface FeasibilityCheck<S> {
  readonly name: CheckName;
  /** Prepare for a task group; return undefined when the group does not need this check. */
  prepare(tg: TaskGroup, ctx: CheckContext): S | undefined;
  /** The scope of the prepared state (see CheckScope). */
  scope(state: S): CheckScope;
  check(node: Node, state: S): FilterResult;
}

/** PreparedCheck is a check bound to its prepared state, ready to run on nodes. */
export interface PreparedCheck {
  readonly name: CheckName;
  readonly scope: CheckScope;
  run(node: Node): FilterResult;
}

/** prepareChecks binds each check to its state for `tg`, dropping checks the group doesn't need. */
export function prepareChecks(checks: ReadonlyArray<FeasibilityCheck<unknown>>, tg: TaskGroup, ctx: CheckContext): PreparedCheck[] {
  return checks.flatMap((c) => bindCheck(c, tg, ctx) ?? []);
}

function bindCheck<S>(check: FeasibilityCheck<S>, tg: TaskGroup, ctx: CheckContext): PreparedCheck | undefined {
  const state = check.prepare(tg, ctx);
  if (state === undefined) return undefined;
  return { name: check.name, scope: check.scope(state), run: (node) => check.check(node, state) };
}
