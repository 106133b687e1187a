/**
 * Shared allocation metrics. A plan's new allocations of one task group carry ONE AllocMetric
 * object (the worker shares it before submitting, see server/worker/share-metrics.ts), so a
 * million allocations do not hold a million copies of the placement explanation.
 *
 * In the KV, a transaction writes each distinct Metrics object once: the first allocation that
 * carries it stores it in full, the others store `$metricsOf: <that allocation's ID>` instead.
 * Readers resolve the reference back to the same object, so `Allocation.Metrics` still answers
 * "why" for every allocation (by reference). A reference always names an allocation of the
 * same transaction; after a restart it is resolved through the owner's current record.
 */
import type { AllocMetric, Allocation } from '../../api/structs/index.js';

/** METRICS_REF is the record key that replaces `Metrics` in an encoded allocation. */
export const METRICS_REF = '$metricsOf';

/** EncodedAlloc is an allocation as written: Metrics either inline or by reference. */
export type EncodedAlloc = Omit<Allocation, 'Metrics'> & { Metrics?: AllocMetric; [METRICS_REF]?: string };

/**
 * metricsRefsFor returns, for the allocations of one transaction, the ID each allocation's
 * Metrics must reference (undefined: write it inline).
 */
export function metricsRefsFor(allocs: readonly Allocation[]): (string | undefined)[] {
  const owners = new Map<AllocMetric, string>();
  return allocs.map((a) => {
    const m = a.Metrics;
    if (m === undefined) return undefined;
    const owner = owners.get(m);
    if (owner !== undefined && owner !== a.ID) return owner;
    owners.set(m, a.ID);
    return undefined;
  });
}

/** withMetricsRef returns the record to encode for `alloc` (`alloc` itself, changed in place,
 * when it references: pass a copy the caller owns). */
export function withMetricsRef(alloc: Allocation, ref: string | undefined): EncodedAlloc {
  if (ref === undefined) return alloc;
  const rec: EncodedAlloc = alloc;
  rec.Metrics = undefined;
  rec[METRICS_REF] = ref;
  return rec;
}

/** metricsRefOf reads (and removes) the reference of a decoded allocation record. */
export function takeMetricsRef(record: EncodedAlloc): string | undefined {
  const ref = record[METRICS_REF];
  if (ref === undefined) return undefined;
  delete record[METRICS_REF];
  return ref;
}

/**
 * resolveMetricsRefs points every referencing allocation of `decoded` at its owner's Metrics,
 * looking in `decoded` first, then in `lookup` (records already in the store). Chains (an owner
 * that itself references) are followed; an owner that no longer exists leaves Metrics unset.
 */
export function resolveMetricsRefs(decoded: ReadonlyMap<string, EncodedAlloc>, refs: ReadonlyMap<string, string>, lookup: (id: string) => Allocation | undefined): void {
  const resolve = (id: string, depth: number): AllocMetric | undefined => {
    const own = decoded.get(id) ?? lookup(id);
    if (own === undefined) return undefined;
    if (own.Metrics !== undefined) return own.Metrics;
    const next = refs.get(id);
    return next === undefined || depth > 16 ? undefined : resolve(next, depth + 1);
  };
  for (const [id, owner] of refs) {
    const rec = decoded.get(id);
    if (rec === undefined) continue;
    const m = resolve(owner, 0);
    if (m !== undefined) rec.Metrics = m;
  }
}
