/**
 * Interning of allocation strings. Every decoded allocation arrives with its own copies of
 * strings that thousands of allocations share (node ID and name, job ID, eval ID, namespace,
 * group, statuses). With a million allocations per replica that is ~300 bytes each of
 * duplicate strings; pointing them at one canonical copy keeps the mirror and every worker
 * replica smaller and their garbage collections shorter. Values are unchanged (same content);
 * records in the store are read-only, so sharing them is safe.
 */
import type { AllocatedResources, Allocation, Evaluation, Job, Node } from '../../api/structs/index.js';
import { deepEqual } from '../scheduler/util/deep-equal.js';

/** Canonical copies of low-cardinality strings (statuses, descriptions, groups, namespaces). */
const small = new Map<string, string>();
const SMALL_LIMIT = 4096;

function canonical(s: string): string {
  if (s.length === 0) return s;
  const c = small.get(s);
  if (c !== undefined) return c;
  if (small.size < SMALL_LIMIT) small.set(s, s);
  return s;
}

/** Canonical AllocatedResources by content: the allocations of one group usually have equal
 * resources, and each copy is six objects for the garbage collector to trace. */
const resources = new Map<string, AllocatedResources>();
const RESOURCES_LIMIT = 65_536;
/** The last resources interned and their canonical copy: consecutive allocations (a plan's
 * placements of one group) mostly carry the same object or an equal one, and comparing with
 * the last canonical copy is cheaper than building the content key. */
let lastSeen: AllocatedResources | undefined;
let lastCanonical: AllocatedResources | undefined;

function canonicalResources(r: AllocatedResources): AllocatedResources {
  if (r === lastSeen || r === lastCanonical) return lastCanonical as AllocatedResources;
  let c = lastCanonical !== undefined && deepEqual(r, lastCanonical) ? lastCanonical : undefined;
  if (c === undefined) {
    const key = JSON.stringify(r);
    c = resources.get(key);
    if (c === undefined) {
      if (resources.size >= RESOURCES_LIMIT) resources.clear();
      resources.set(key, r);
      c = r;
    }
  }
  lastSeen = r;
  lastCanonical = c;
  return c;
}

/** InternSources are the records whose strings allocations repeat. */
export interface InternSources {
  node(id: string): Node | undefined;
  evalById(id: string): Evaluation | undefined;
  job(namespace: string, id: string): Job | undefined;
}

/** internAlloc points `a`'s shared strings at canonical copies (in place; same values). */
export function internAlloc(a: Allocation, from: InternSources): void {
  a.Namespace = canonical(a.Namespace);
  a.TaskGroup = canonical(a.TaskGroup);
  a.DesiredStatus = canonical(a.DesiredStatus) as Allocation['DesiredStatus'];
  a.ClientStatus = canonical(a.ClientStatus) as Allocation['ClientStatus'];
  a.DesiredDescription = canonical(a.DesiredDescription);
  a.ClientDescription = canonical(a.ClientDescription);
  if (a.AllocatedResources !== undefined) a.AllocatedResources = canonicalResources(a.AllocatedResources);
  const node = from.node(a.NodeID);
  if (node !== undefined) {
    a.NodeID = node.ID;
    if (node.Name === a.NodeName) a.NodeName = node.Name;
  }
  const ev = from.evalById(a.EvalID);
  if (ev !== undefined) a.EvalID = ev.ID;
  const job = from.job(a.Namespace, a.JobID);
  if (job !== undefined) a.JobID = job.ID;
}
