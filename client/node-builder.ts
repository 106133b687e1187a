/**
 * buildNode: turns identity, config and fingerprints into the Node the client registers.
 * Capacity comes from fingerprints (cpu.totalcompute MHz, memory.totalbytes, storage bytes);
 * reserved resources come from the agent config.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { DriverInfo, Node } from '../api/structs/index.js';
import type { ResolvedClientConfig } from './config.js';
import type { NodeIdentity } from './identity.js';

/** NodeFingerprint is the merged output of host and driver probes. */
export interface NodeFingerprint {
  attributes: Record<string, string>;
  drivers: Record<string, DriverInfo>;
}

const MB = 1024 * 1024;

function num(attrs: Record<string, string>, key: string): number {
  const n = Number(attrs[key] ?? '0');
  return Number.isFinite(n) ? n : 0;
}

/** computedClass hashes the scheduling-relevant, non-unique fields ("v1:<hash>"). */
export function computedClass(n: Pick<Node, 'Datacenter' | 'NodeClass' | 'NodePool' | 'Attributes' | 'Meta' | 'Drivers'>): string {
  const attrs = Object.entries(n.Attributes).filter(([k]) => !k.startsWith('unique.')).sort(([a], [b]) => a.localeCompare(b));
  const meta = Object.entries(n.Meta).filter(([k]) => !k.startsWith('unique.')).sort(([a], [b]) => a.localeCompare(b));
  const drivers = Object.entries(n.Drivers).map(([k, d]) => [k, d.Detected, d.Healthy]).sort();
  const h = createHash('sha256').update(JSON.stringify([n.Datacenter, n.NodeClass, n.NodePool, attrs, meta, drivers])).digest('hex');
  return `v1:${BigInt(`0x${h.slice(0, 16)}`).toString()}`;
}

/** buildNode assembles the node registration. Status is `initializing`, as Nomad's client sends. */
export function buildNode(identity: NodeIdentity, cfg: ResolvedClientConfig, fp: NodeFingerprint, nowMs = Date.now()): Node {
  const attrs = fp.attributes;
  const node: Node = {
    ID: identity.nodeId,
    SecretID: identity.secretId,
    Datacenter: cfg.datacenter,
    Name: cfg.nodeName ?? attrs['unique.hostname'] ?? hostname(),
    HTTPAddr: cfg.httpAddr,
    TLSEnabled: false,
    Attributes: { ...attrs },
    NodeResources: {
      CPU: { CpuShares: Math.floor(num(attrs, 'cpu.totalcompute')), TotalCpuCores: num(attrs, 'cpu.numcores') },
      Memory: { MemoryMB: Math.floor(num(attrs, 'memory.totalbytes') / MB) },
      Disk: { DiskMB: Math.floor(num(attrs, 'unique.storage.bytesfree') / MB) },
      Networks: [{ Mode: 'host', Device: '', IP: attrs['unique.network.ip-address'] ?? '127.0.0.1', CIDR: `${attrs['unique.network.ip-address'] ?? '127.0.0.1'}/32`, MBits: 1000 }],
      MinDynamicPort: 20000,
      MaxDynamicPort: 32000,
    },
    ReservedResources: {
      CPU: { CpuShares: cfg.reserved.cpuMhz },
      Memory: { MemoryMB: cfg.reserved.memoryMB },
      Disk: { DiskMB: cfg.reserved.diskMB },
      Networks: { ReservedHostPorts: cfg.reserved.reservedPorts },
    },
    Meta: { ...cfg.meta },
    NodeClass: cfg.nodeClass,
    NodePool: cfg.nodePool,
    ComputedClass: '',
    Drain: false,
    DrainStrategy: null,
    SchedulingEligibility: 'eligible',
    Status: 'initializing',
    StatusDescription: '',
    StatusUpdatedAt: Math.floor(nowMs / 1000),
    Events: [],
    Drivers: fp.drivers,
    CreateIndex: 0,
    ModifyIndex: 0,
  };
  node.ComputedClass = computedClass(node);
  return node;
}
