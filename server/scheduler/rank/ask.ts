/**
 * GroupAsk: what one allocation of a task group asks for, flattened once per group.
 * CPU and memory are the sum over tasks (lifecycle-aware sizing is not modelled); disk is the
 * group's ephemeral disk.
 */
import type { NetworkResource, RequestedDevice, TaskGroup } from '../../../api/structs/index.js';

/** GroupAsk is a group's per-allocation resource ask. */
export interface GroupAsk {
  readonly cpu: number;
  readonly memoryMB: number;
  readonly diskMB: number;
  readonly tasks: ReadonlyArray<{ readonly name: string; readonly cpu: number; readonly memoryMB: number; readonly memoryMaxMB: number | undefined; readonly networks: readonly NetworkResource[]; readonly devices: readonly RequestedDevice[] }>;
  readonly groupNetworks: readonly NetworkResource[];
  /** Any static or dynamic port anywhere in the group. */
  readonly hasPorts: boolean;
  /** Any task requests a device. */
  readonly hasDevices: boolean;
}

const cache = new WeakMap<TaskGroup, GroupAsk>();

function networkHasPorts(n: NetworkResource): boolean {
  return (n.ReservedPorts?.length ?? 0) + (n.DynamicPorts?.length ?? 0) > 0;
}

/** groupAsk flattens (and memoizes per TaskGroup object) a group's ask. */
export function groupAsk(tg: TaskGroup): GroupAsk {
  const hit = cache.get(tg);
  if (hit !== undefined) return hit;
  let cpu = 0;
  let memoryMB = 0;
  const tasks = tg.Tasks.map((t) => {
    cpu += t.Resources.CPU;
    memoryMB += t.Resources.MemoryMB;
    return {
      name: t.Name,
      cpu: t.Resources.CPU,
      memoryMB: t.Resources.MemoryMB,
      memoryMaxMB: t.Resources.MemoryMaxMB,
      networks: t.Resources.Networks ?? [],
      devices: t.Resources.Devices ?? [],
    };
  });
  const groupNetworks = tg.Networks ?? [];
  const hasPorts = groupNetworks.some(networkHasPorts) || tasks.some((t) => t.networks.some(networkHasPorts));
  const hasDevices = tasks.some((t) => t.devices.length > 0);
  const ask: GroupAsk = { cpu, memoryMB, diskMB: tg.EphemeralDisk?.SizeMB ?? 0, tasks, groupNetworks, hasPorts, hasDevices };
  cache.set(tg, ask);
  return ask;
}
