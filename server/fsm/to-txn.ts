/**
 * toTxn turns a Command into one KV transaction. It is the single writer of cluster state:
 * pure and deterministic (the records in the command are written as they are).
 */
import { assertNever } from '../../api/errors.js';
import type { Allocation, Evaluation, Job } from '../../api/structs/index.js';
import type { KvOp, KvTxn } from '../kv/contract.js';
import { metricsRefsFor, withMetricsRef } from '../store/alloc-metrics.js';
import { encodeRecord, keyOf } from '../store/tables.js';
import type { Command } from './commands.js';

/** Fields derived from KV revisions are not stored (they come back from the revision). */
const INDEX_FIELDS: ReadonlySet<string> = new Set(['CreateIndex', 'ModifyIndex', 'AllocModifyIndex', 'JobModifyIndex']);

/** stripIndexes copies `record` without the index fields (a plain copy: `delete` would turn the
 * copy into a slow dictionary-mode object for the encoder). */
function stripIndexes<T extends object>(record: T): T {
  const copy: Record<string, unknown> = {};
  const src = record as Record<string, unknown>;
  for (const k in src) if (!INDEX_FIELDS.has(k)) copy[k] = src[k];
  return copy as T;
}

const putEval = (e: Evaluation): KvOp => ({ kind: 'put', key: keyOf.eval(e.ID), value: encodeRecord(stripIndexes(e)) });
/** putAllocs writes each distinct Metrics object of the transaction once (see alloc-metrics.ts). */
function putAllocs(allocs: readonly Allocation[]): KvOp[] {
  const refs = metricsRefsFor(allocs);
  return allocs.map((a, i) => ({ kind: 'put', key: keyOf.alloc(a), value: encodeRecord(withMetricsRef(stripIndexes(a), refs[i])) }));
}
const putJobVersion = (j: Job): KvOp => ({ kind: 'put', key: keyOf.jobVersion(j.Namespace, j.ID, j.Version), value: encodeRecord(stripIndexes(j)) });
const putJob = (j: Job): KvOp => ({ kind: 'put', key: keyOf.job(j.Namespace, j.ID), value: encodeRecord(stripIndexes(j)) });

/** toTxn returns the transaction that applies `cmd`. */
export function toTxn(cmd: Command): KvTxn {
  switch (cmd.type) {
    case 'node.upsert':
      return { ops: [{ kind: 'put', key: keyOf.node(cmd.node.ID), value: encodeRecord(stripIndexes(cmd.node)) }, ...cmd.evals.map(putEval)] };
    case 'job.register': {
      // The version record goes first so the job's JobModifyIndex can point at it.
      const ops: KvOp[] = cmd.newVersion ? [putJobVersion(cmd.job)] : [];
      ops.push(putJob(cmd.job), ...cmd.evals.map(putEval));
      return { ops };
    }
    case 'job.deregister': {
      const ops: KvOp[] = [];
      if (cmd.purge) {
        ops.push({ kind: 'delete', key: keyOf.job(cmd.namespace, cmd.jobId) });
        ops.push({ kind: 'deletePrefix', prefix: keyOf.jobVersionsPrefix(cmd.namespace, cmd.jobId) });
      } else if (cmd.stoppedJob) {
        ops.push(putJobVersion(cmd.stoppedJob), putJob(cmd.stoppedJob));
      }
      ops.push(...cmd.evals.map(putEval));
      return { ops };
    }
    case 'eval.upsert':
      return { ops: cmd.evals.map(putEval) };
    case 'plan.apply':
    case 'alloc.clientUpdate':
    case 'alloc.serverUpdate':
      return { ops: [...putAllocs(cmd.allocs), ...cmd.evals.map(putEval)] };
    default:
      return assertNever(cmd, 'command');
  }
}
