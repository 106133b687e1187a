import t from 'tap';
import { fingerprintNode } from '../../client/agent.js';
import { resolveClientConfig } from '../../client/config.js';
import { parseCpuinfo } from '../../client/fingerprint/cpu.js';
import { parseOsRelease } from '../../client/fingerprint/host.js';
import { MockDriver } from '../../drivers/mock/driver.js';
import type { DriverPlugin } from '../../plugins/driver.js';
import { tempDir } from './helpers.js';

t.test('the node carries every host attribute and derived resources', async (t) => {
  const dataDir = await tempDir(t);
  const drivers = new Map<string, DriverPlugin>([['mock_driver', new MockDriver()]]);
  const cfg = resolveClientConfig({ dataDir, servers: ['http://127.0.0.1:1'], drivers, reserved: { cpuMhz: 100, memoryMB: 256, reservedPorts: '22' }, meta: { rack: 'r1' } });
  const node = await fingerprintNode({ nodeId: '00000000-0000-4000-8000-000000000001', secretId: 's' }, cfg, drivers);
  for (const attr of ['cpu.numcores', 'cpu.frequency', 'cpu.totalcompute', 'cpu.arch', 'cpu.modelname', 'memory.totalbytes',
    'unique.storage.bytestotal', 'unique.storage.bytesfree', 'kernel.name', 'kernel.version', 'kernel.arch', 'os.name', 'os.version',
    'unique.hostname', 'unique.network.ip-address', 'nomad.version', 'drover.version']) {
    t.ok(node.Attributes[attr], `${attr} = ${node.Attributes[attr]}`);
  }
  const a = node.Attributes;
  t.equal(Number(a['cpu.totalcompute']), Number(a['cpu.numcores']) * Number(a['cpu.frequency']), 'total compute = cores x MHz');
  t.equal(node.NodeResources.CPU.CpuShares, Number(a['cpu.totalcompute']));
  t.equal(node.NodeResources.Memory.MemoryMB, Math.floor(Number(a['memory.totalbytes']) / 1048576));
  t.ok(node.NodeResources.Disk.DiskMB > 0);
  t.equal(node.NodeResources.MinDynamicPort, 20000);
  t.equal(node.NodeResources.MaxDynamicPort, 32000);
  t.same(node.ReservedResources, { CPU: { CpuShares: 100 }, Memory: { MemoryMB: 256 }, Disk: { DiskMB: 0 }, Networks: { ReservedHostPorts: '22' } });
  t.equal(a['kernel.name'], 'linux');
  t.equal(a['driver.mock_driver'], '1', 'detected driver advertised as an attribute');
  t.equal(node.Drivers['mock_driver']?.Detected, true);
  t.equal(node.Drivers['mock_driver']?.Healthy, true);
  t.equal(node.Meta['rack'], 'r1');
  t.match(node.ComputedClass, /^v1:\d+$/);
  t.equal(node.Status, 'initializing');
});

t.test('parsers', async (t) => {
  t.same(parseCpuinfo('model name\t: Xeon\ncpu MHz\t\t: 2299.998\nmodel name\t: Other\ncpu MHz\t: 3000.4\n'), { model: 'Xeon', mhz: 3000 });
  t.same(parseOsRelease('ID=debian\nVERSION_ID="12"\n# c\n'), { ID: 'debian', VERSION_ID: '12' });
});
