/** The reconciler: a pure diff of a job's desired state against its allocations. */
export { reconcile } from './reconcile.js';
export type {
  ReconcileInput, ReconcileResult, PlaceResult, PlacementKind, StopResult, DestructiveUpdate,
  AttributeUpdate, NodeTaint, DiffResult,
} from './types.js';
export { StopDescriptions, emptyDesiredUpdates } from './types.js';
export { nextDelay, rescheduleEligibility, nextRescheduleTracker, lastEventTime } from './reschedule.js';
export { FOLLOWUP_BATCH_WINDOW_NS } from './followups.js';
