/**
 * monitorEval: follow an evaluation to completion, printing what happens (Nomad's eval
 * monitor): allocations created, status changes, and — when placement failed — why, with
 * filtered nodes by constraint and class and exhausted dimensions. Line events with
 * timestamps; on a TTY a status line is redrawn in place below them.
 *
 * Returns the final evaluation and whether some allocations could not be placed.
 */
import type { AllocMetric, Evaluation } from '../api/structs/index.js';
import type { Connection } from './env.js';
import { paint, short, useColor } from './output/format.js';

/** MonitorResult: the finished eval and whether placement failed for some group. */
export interface MonitorResult {
  evaluation: Evaluation;
  placementFailed: boolean;
}

function line(msg: string): void {
  const ts = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  if (useColor()) process.stdout.write('\r\u001b[2K');
  process.stdout.write(`    ${ts}: ${msg}\n`);
}

function status(msg: string): void {
  if (useColor()) process.stdout.write(`\r\u001b[2K    ${paint(msg, 'bold')}`);
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

/** monitorEval follows `evalId` until it is terminal (or blocked). */
export async function monitorEval(conn: Connection, evalId: string, verbose = false): Promise<MonitorResult> {
  process.stdout.write(`==> ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}: Monitoring evaluation "${short(evalId, verbose)}"\n`);
  let index = 0;
  let lastStatus = '';
  const seenAllocs = new Set<string>();
  let announced = false;
  for (;;) {
    const { value: ev, index: idx } = await conn.client.get<Evaluation>(`/v1/evaluation/${evalId}`, { index, waitMs: 5_000 });
    index = idx;
    if (!announced) {
      line(`Evaluation triggered by job "${ev.JobID}"`);
      announced = true;
    }
    if (ev.Status !== lastStatus) {
      if (lastStatus) line(`Evaluation status changed: "${lastStatus}" -> "${ev.Status}"`);
      lastStatus = ev.Status;
    }
    const { value: allocs } = await conn.client.get<Array<{ ID: string; NodeID: string; TaskGroup: string; CreateIndex: number }>>(`/v1/evaluation/${evalId}/allocations`);
    for (const a of allocs ?? []) {
      if (seenAllocs.has(a.ID)) continue;
      seenAllocs.add(a.ID);
      line(`Allocation "${short(a.ID, verbose)}" created: node "${short(a.NodeID, verbose)}", group "${a.TaskGroup}"`);
    }
    status(`evaluation ${ev.Status}, ${seenAllocs.size} allocation(s) created`);
    if (ev.Status === 'complete' || ev.Status === 'failed' || ev.Status === 'canceled') {
      const failures = Object.entries(ev.FailedTGAllocs ?? {});
      if (useColor()) process.stdout.write('\r\u001b[2K');
      if (failures.length === 0) {
        process.stdout.write(`==> ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}: Evaluation "${short(evalId, verbose)}" finished with status "${ev.Status}"\n`);
        return { evaluation: ev, placementFailed: false };
      }
      process.stdout.write(`==> ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}: Evaluation "${short(evalId, verbose)}" finished with status "${ev.Status}" but failed to place all allocations:\n`);
      for (const [group, metric] of failures) process.stdout.write(`${formatPlacementFailure(group, metric)}\n`);
      if (ev.BlockedEval) process.stdout.write(`    Evaluation "${short(ev.BlockedEval, verbose)}" waiting for additional capacity to place remainder\n`);
      return { evaluation: ev, placementFailed: true };
    }
  }
}
