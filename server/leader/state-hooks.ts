/**
 * State hooks: what the leader does when a transaction is applied to its state (Nomad's FSM
 * side effects). Pending evals go to the broker; blocked evals to the blocked tracker; a job
 * whose eval completed without failures is untracked; freed capacity (an allocation stopped
 * or finished, a node ready) unblocks evaluations of that node's class.
 */
import type { Evaluation } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import type { BlockedEvals } from '../broker/blocked-evals.js';
import type { EvalBroker } from '../broker/eval-broker.js';
import type { StateStore } from '../store/state-store.js';
import type { ChangeBatch } from '../store/tables.js';

/** StateHookDeps are the leader components the hooks feed. */
export interface StateHookDeps {
  store: StateStore;
  broker: EvalBroker;
  blocked: BlockedEvals;
  /** Evals the leader already handed to the tracker itself (reblock with a token). */
  handledBlocked: Set<string>;
}

function onEval(deps: StateHookDeps, e: Evaluation): void {
  switch (e.Status) {
    case 'pending':
      deps.broker.enqueue(e);
      return;
    case 'blocked':
      if (deps.handledBlocked.delete(e.ID)) return;
      deps.blocked.block(e);
      return;
    case 'complete':
      if (!e.FailedTGAllocs || Object.keys(e.FailedTGAllocs).length === 0) deps.blocked.untrack(e.Namespace, e.JobID);
      return;
    case 'failed':
    case 'canceled':
      return;
  }
}

/** applyStateHooks runs the hooks for one applied batch. */
export function applyStateHooks(deps: StateHookDeps, batch: ChangeBatch): void {
  const unblockClasses = new Set<string>();
  for (const c of batch.changes) {
    if (c.record === null) continue;
    switch (c.table) {
      case 'evals':
        onEval(deps, c.record);
        break;
      case 'allocs':
        if (isTerminal(c.record)) {
          const node = deps.store.node(c.record.NodeID);
          if (node) unblockClasses.add(node.ComputedClass);
        }
        break;
      case 'nodes':
        if (c.record.Status === 'ready' && c.record.SchedulingEligibility === 'eligible') unblockClasses.add(c.record.ComputedClass);
        break;
      case 'jobs':
      case 'job_versions':
        break;
    }
  }
  for (const cls of unblockClasses) deps.blocked.unblock(cls, batch.index);
}
