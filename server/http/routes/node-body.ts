/**
 * validateNodeBody checks a client's node registration and fills server-side defaults, naming
 * the first wrong field.
 */
import { DroverError } from '../../../api/errors.js';
import type { Node } from '../../../api/structs/index.js';

const bad = (field: string, msg: string): DroverError => new DroverError('DROVER_ERR_BAD_BODY', `Node.${field}: ${msg}`, { statusCode: 400, location: `Node.${field}` });

/** validateNodeBody returns the node to register or throws a located 400. */
export function validateNodeBody(raw: unknown): Node {
  if (typeof raw !== 'object' || raw === null) throw new DroverError('DROVER_ERR_BAD_BODY', 'Node is required', { statusCode: 400, location: 'Node' });
  const n = raw as Partial<Node>;
  for (const f of ['ID', 'SecretID', 'Name', 'Datacenter'] as const) {
    if (typeof n[f] !== 'string' || n[f] === '') throw bad(f, 'must be a non-empty string');
  }
  if (!/^[0-9a-f-]{36}$/.test(n.ID!)) throw bad('ID', 'must be a UUID');
  if (typeof n.Attributes !== 'object' || n.Attributes === null) throw bad('Attributes', 'must be an object');
  const r = n.NodeResources;
  if (!r || typeof r.CPU?.CpuShares !== 'number' || typeof r.Memory?.MemoryMB !== 'number' || typeof r.Disk?.DiskMB !== 'number') {
    throw bad('NodeResources', 'needs CPU.CpuShares, Memory.MemoryMB and Disk.DiskMB numbers');
  }
  return {
    HTTPAddr: '', TLSEnabled: false, Meta: {}, NodeClass: '', NodePool: 'default', ComputedClass: '', Drain: false,
    SchedulingEligibility: 'eligible', Status: 'initializing', StatusDescription: '', StatusUpdatedAt: 0, Events: [], Drivers: {},
    ReservedResources: { CPU: { CpuShares: 0 }, Memory: { MemoryMB: 0 }, Disk: { DiskMB: 0 }, Networks: { ReservedHostPorts: '' } },
    CreateIndex: 0, ModifyIndex: 0,
    ...n,
    NodeResources: { ...r, MinDynamicPort: r.MinDynamicPort || 20000, MaxDynamicPort: r.MaxDynamicPort || 32000 },
  } as Node;
}
