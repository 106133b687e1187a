/**
 * monitorEval: follow an evaluation to completion, printing what happens (Nomad's eval
 * monitor): allocations created, allocation and evaluation status changes, and — when
 * placement failed — why, with filtered nodes by constraint and class and exhausted dimensions.
 *
 * Off a terminal (or with CI set) every event is a timestamped line and no escape code is
 * written. On a terminal the same lines are printed above a live block (cli/output/live.ts)
 * that is redrawn in place: a spinner with the evaluation's status and a table of the job's
 * allocation states per task group, refreshed until the evaluation is done.
 */
import type { AllocMetric, Evaluation, Job } from '../api/structs/index.js';
import type { Connection } from './env.js';
import { short, table } from './output/format.js';
import { LiveBlock } from './output/live.js';

/** MonitorResult: the finished eval and whether placement failed for some group. */
export interface MonitorResult {
  evaluation: Evaluation;
  placementFailed: boolean;
}

/** GroupSummary is one group of `GET /v1/job/:id/summary`. */
export interface GroupSummary { Queued: number; Complete: number; Failed: number; Running: number; Starting: number; Lost: number }

/** now renders the current time like Nomad's monitor (RFC3339, UTC). */
export function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** groupTable renders the allocation states of each group of `job` from its summary. */
export function groupTable(job: Pick<Job, 'TaskGroups'>, summary: Record<string, GroupSummary>): string[] {
  const rows = job.TaskGroups.map((g) => {
    const s = summary[g.Name] ?? { Queued: 0, Complete: 0, Failed: 0, Running: 0, Starting: 0, Lost: 0 };
    return [g.Name, String(g.Count), String(s.Queued), String(s.Starting), String(s.Running), String(s.Complete), String(s.Failed), String(s.Lost)];
  });
  return table(['Task Group', 'Desired', 'Queued', 'Starting', 'Running', 'Complete', 'Failed', 'Lost'], rows).split('\n').map((l) => `    ${l}`);
}

/** fetchGroups reads a job and its summary; undefined when the job is gone (purged). */
export async function fetchGroups(conn: Connection, jobId: string): Promise<{ job: Job; summary: Record<string, GroupSummary> } | undefined> {
  const path = `/v1/job/${encodeURIComponent(jobId)}`;
  const q = { query: { namespace: conn.namespace } };
  try {
    const [{ value: job }, { value: sum }] = await Promise.all([conn.client.get<Job>(path, q), conn.client.get<{ Summary: Record<string, GroupSummary> }>(`${path}/summary`, q)]);
    return { job, summary: sum.Summary };
  } catch {
    return undefined;
  }
}

/** formatPlacementFailure renders one group's AllocMetric like Nomad's `formatAllocMetrics`. */
export function formatPlacementFailure(group: string, m: AllocMetric, indent = '    '): string {
  const n = 1 + (m.CoalescedFailures ?? 0);
  const out = [`${indent}Task Group "${group}" (failed to place ${n} allocation${n === 1 ? '' : 's'}):`];
  if (m.NodesEvaluated === 0) out.push(`${indent}  * No nodes were eligible for evaluation`);
  for (const [dc, count] of Object.entries(m.NodesAvailable ?? {})) if (count === 0) out.push(`${indent}  * No nodes are available in datacenter "${dc}"`);
  for (const [cls, count] of Object.entries(m.ClassFiltered ?? {})) out.push(`${indent}  * Class "${cls}": ${count} nodes excluded by filter`);
  for (const [c, count] of Object.entries(m.ConstraintFiltered ?? {})) out.push(`${indent}  * Constraint "${c}": ${count} nodes excluded by filter`);
  if (m.NodesExhausted > 0) out.push(`${indent}  * Resources exhausted on ${m.NodesExhausted} nodes`);
  for (const [cls, count] of Object.entries(m.ClassExhausted ?? {})) out.push(`${indent}  * Class "${cls}" exhausted on ${count} nodes`);
  for (const [dim, count] of Object.entries(m.DimensionExhausted ?? {})) out.push(`${indent}  * Dimension "${dim}" exhausted on ${count} nodes`);
  return out.join('\n');
}

type AllocBrief = { ID: string; NodeID: string; TaskGroup: string; ClientStatus: string };

const TERMINAL = new Set(['complete', 'failed', 'canceled']);

/**
 * monitorEval follows `evalId` until it is terminal. Pass `block` to keep drawing into a live
 * block the caller goes on using (`job run -wait`); otherwise the block is finished here.
 */
export async function monitorEval(conn: Connection, evalId: string, verbose = false, block?: LiveBlock): Promise<MonitorResult> {
  const ui = block ?? new LiveBlock();
  const line = (msg: string): void => ui.log(`    ${now()}: ${msg}`);
  ui.log(`==> ${now()}: Monitoring evaluation "${short(evalId, verbose)}"`);
  let index = 0;
  let lastStatus = '';
  const seen = new Map<string, string>();
  let jobId: string | undefined;
  try {
    for (;;) {
      const { value: ev, index: idx } = await conn.client.get<Evaluation>(`/v1/evaluation/${evalId}`, { index, waitMs: ui.live ? 1_000 : 5_000 });
      index = idx;
      if (jobId === undefined) {
        jobId = ev.JobID;
        line(`Evaluation triggered by job "${ev.JobID}"`);
      }
      if (ev.Status !== lastStatus) {
        if (lastStatus) line(`Evaluation status changed: "${lastStatus}" -> "${ev.Status}"`);
        lastStatus = ev.Status;
      }
      const { value: allocs } = await conn.client.get<AllocBrief[]>(`/v1/evaluation/${evalId}/allocations`);
      for (const a of allocs ?? []) {
        const before = seen.get(a.ID);
        if (before === undefined) line(`Allocation "${short(a.ID, verbose)}" created: node "${short(a.NodeID, verbose)}", group "${a.TaskGroup}"`);
        else if (before !== a.ClientStatus) line(`Allocation "${short(a.ID, verbose)}" status changed: "${before}" -> "${a.ClientStatus}"`);
        seen.set(a.ID, a.ClientStatus);
      }
      if (ui.live) {
        const groups = await fetchGroups(conn, ev.JobID);
        ui.update([`Evaluation "${short(evalId, verbose)}" ${ev.Status}: ${seen.size} allocation(s) placed`, ...(groups ? groupTable(groups.job, groups.summary) : [])]);
      }
      if (TERMINAL.has(ev.Status)) return finish(ui, ev, evalId, verbose, block === undefined);
    }
  } catch (err) {
    if (block === undefined) ui.finish([]);
    throw err;
  }
}

function finish(ui: LiveBlock, ev: Evaluation, evalId: string, verbose: boolean, own: boolean): MonitorResult {
  const failures = Object.entries(ev.FailedTGAllocs ?? {});
  if (own) ui.finish();
  if (failures.length === 0) {
    ui.log(`==> ${now()}: Evaluation "${short(evalId, verbose)}" finished with status "${ev.Status}"`);
    return { evaluation: ev, placementFailed: false };
  }
  ui.log(`==> ${now()}: Evaluation "${short(evalId, verbose)}" finished with status "${ev.Status}" but failed to place all allocations:`);
  for (const [group, metric] of failures) ui.log(formatPlacementFailure(group, metric));
  if (ev.BlockedEval) ui.log(`    Evaluation "${short(ev.BlockedEval, verbose)}" waiting for additional capacity to place remainder`);
  return { evaluation: ev, placementFailed: true };
}
