/**
 * mockNode: a ready, eligible client shaped like Nomad's `mock.Node()`.
 *
 * 4 cores x 3500 MHz = 14000 MHz, 8192 MB memory, 100 GiB disk; reserved 100 MHz / 256 MB /
 * 4 GiB / port 22; dynamic ports 20000-32000; datacenter dc1, class linux-medium-pci,
 * attributes kernel.name=linux and driver.exec=1, the exec driver detected and healthy.
 */
import { newId } from '../../api/ids.js';
import type { Node } from '../../api/structs/index.js';

/** mockNode returns a fully valid canonical node; `overrides` replace top-level fields. */
export function mockNode(overrides: Partial<Node> = {}): Node {
  const id = overrides.ID ?? newId();
  return {
    ID: id,
    SecretID: newId(),
    Datacenter: 'dc1',
    Name: `node-${id.slice(0, 8)}`,
    HTTPAddr: '127.0.0.1:4646',
    TLSEnabled: false,
    Attributes: {
      'kernel.name': 'linux',
      'arch': 'x86',
      'nomad.version': '2.0.0',
      'driver.exec': '1',
      'cpu.arch': 'amd64',
      'cpu.numcores': '4',
      'cpu.frequency': '3500',
      'unique.network.ip-address': '192.168.0.100',
    },
    NodeResources: {
      CPU: { CpuShares: 14000, TotalCpuCores: 4 },
      Memory: { MemoryMB: 8192 },
      Disk: { DiskMB: 100 * 1024 },
      Networks: [{ Mode: 'host', Device: 'eth0', CIDR: '192.168.0.100/32', IP: '192.168.0.100', MBits: 1000 }],
      MinDynamicPort: 20000,
      MaxDynamicPort: 32000,
    },
    ReservedResources: {
      CPU: { CpuShares: 100 },
      Memory: { MemoryMB: 256 },
      Disk: { DiskMB: 4 * 1024 },
      Networks: { ReservedHostPorts: '22' },
    },
    Meta: { pci_dss: 'true', database: 'mysql', version: '5.6' },
    NodeClass: 'linux-medium-pci',
    NodePool: 'default',
    ComputedClass: 'computed',
    Drain: false,
    DrainStrategy: null,
    SchedulingEligibility: 'eligible',
    Status: 'ready',
    StatusDescription: '',
    StatusUpdatedAt: 0,
    Events: [],
    Drivers: {
      exec: { Attributes: { 'driver.exec': '1' }, Detected: true, Healthy: true, HealthDescription: 'healthy', UpdateTime: '1970-01-01T00:00:00Z' },
    },
    CreateIndex: 0,
    ModifyIndex: 0,
    ...overrides,
  };
}
