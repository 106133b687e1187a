/**
 * cgroup limits for exec tasks. cgroup v2 (unified at /sys/fs/cgroup) is preferred; on a host
 * still on cgroup v1 (as in many container sandboxes) the memory, cpu and pids controllers are
 * used the v1 way. Either way each task gets `drover/<task>`; the task's launcher writes its
 * own PID into every `cgroup.procs` before exec'ing the task, so the task never runs unlimited.
 */
import { access, mkdir, readFile, rmdir, stat, statfs, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';

const cgroupRoot = '/sys/fs/cgroup';
const cgroup2Magic = 0x63677270;

/** CgroupMode is which cgroup hierarchy this host offers for task limits. */
export type CgroupMode = { kind: 'v2' } | { kind: 'v1'; controllers: string[] } | { kind: 'unavailable'; reason: string };

/** TaskLimits are the cgroup limits of one task. */
export interface TaskLimits {
  memoryMaxBytes: number;
  /** Soft limit (v2 memory.low / v1 soft_limit) when a separate hard limit was granted. */
  memoryLowBytes?: number;
  cpuShares: number;
  pidsMax: number;
}

/** TaskCgroup is where a task's limits live: one directory per controller (v1) or one (v2). */
export interface TaskCgroup {
  mode: 'v1' | 'v2';
  dirs: string[];
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** detectCgroupMode inspects /sys/fs/cgroup and tells whether drover can create cgroups. */
export async function detectCgroupMode(): Promise<CgroupMode> {
  try {
    const fs = await statfs(cgroupRoot);
    if (fs.type === cgroup2Magic) {
      const controllers = (await readFile(join(cgroupRoot, 'cgroup.controllers'), 'utf8')).split(/\s+/);
      for (const needed of ['memory', 'cpu', 'pids']) {
        if (!controllers.includes(needed)) return { kind: 'unavailable', reason: `cgroup2 controller ${needed} not available at ${cgroupRoot}` };
      }
      if (!(await writable(cgroupRoot))) return { kind: 'unavailable', reason: `${cgroupRoot} (cgroup2) is not writable` };
      return { kind: 'v2' };
    }
    const controllers = ['memory', 'cpu', 'pids'];
    for (const c of controllers) {
      const dir = join(cgroupRoot, c);
      if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return { kind: 'unavailable', reason: `${cgroupRoot} is not cgroup2 and has no v1 ${c} controller` };
      if (!(await writable(dir))) return { kind: 'unavailable', reason: `cgroup v1 ${dir} is not writable` };
    }
    return { kind: 'v1', controllers };
  } catch (e) {
    return { kind: 'unavailable', reason: `cannot inspect ${cgroupRoot}: ${(e as Error).message}` };
  }
}

/** cpuWeightFromShares maps cgroup v1 shares (2..262144) to v2 cpu.weight (1..10000), as runc does. */
export function cpuWeightFromShares(shares: number): number {
  const clamped = Math.min(262_144, Math.max(2, shares));
  return Math.round(1 + ((clamped - 2) * 9999) / 262_142);
}

async function tryWrite(path: string, value: string): Promise<void> {
  await writeFile(path, value).catch(() => undefined);
}

/** createTaskCgroup makes the task's cgroup(s) and applies the limits. */
export async function createTaskCgroup(mode: CgroupMode, name: string, limits: TaskLimits): Promise<TaskCgroup> {
  switch (mode.kind) {
    case 'v2': {
      const parent = join(cgroupRoot, 'drover.slice');
      await mkdir(parent, { recursive: true });
      await tryWrite(join(cgroupRoot, 'cgroup.subtree_control'), '+memory +cpu +pids');
      await writeFile(join(parent, 'cgroup.subtree_control'), '+memory +cpu +pids');
      const dir = join(parent, name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'memory.max'), String(limits.memoryMaxBytes));
      await tryWrite(join(dir, 'memory.swap.max'), '0');
      if (limits.memoryLowBytes !== undefined) await writeFile(join(dir, 'memory.low'), String(limits.memoryLowBytes));
      await writeFile(join(dir, 'cpu.weight'), String(cpuWeightFromShares(limits.cpuShares)));
      await writeFile(join(dir, 'pids.max'), String(limits.pidsMax));
      return { mode: 'v2', dirs: [dir] };
    }
    case 'v1': {
      const memory = join(cgroupRoot, 'memory', 'drover', name);
      const cpu = join(cgroupRoot, 'cpu', 'drover', name);
      const pids = join(cgroupRoot, 'pids', 'drover', name);
      for (const dir of [memory, cpu, pids]) await mkdir(dir, { recursive: true });
      await writeFile(join(memory, 'memory.limit_in_bytes'), String(limits.memoryMaxBytes));
      await tryWrite(join(memory, 'memory.memsw.limit_in_bytes'), String(limits.memoryMaxBytes));
      await tryWrite(join(memory, 'memory.swappiness'), '0');
      if (limits.memoryLowBytes !== undefined) await writeFile(join(memory, 'memory.soft_limit_in_bytes'), String(limits.memoryLowBytes));
      await writeFile(join(cpu, 'cpu.shares'), String(Math.max(2, limits.cpuShares)));
      await writeFile(join(pids, 'pids.max'), String(limits.pidsMax));
      return { mode: 'v1', dirs: [memory, cpu, pids] };
    }
    case 'unavailable':
      throw new Error(`cgroups unavailable: ${mode.reason}`);
  }
}

/** procsFiles lists the `cgroup.procs` files a task's launcher joins. */
export function procsFiles(cgroup: TaskCgroup): string[] {
  return cgroup.dirs.map((d) => join(d, 'cgroup.procs'));
}

/** oomKillCount reads how many processes of the cgroup the kernel OOM-killed. */
export async function oomKillCount(cgroup: TaskCgroup): Promise<number> {
  const memoryDir = cgroup.dirs[0];
  if (memoryDir === undefined) return 0;
  const file = cgroup.mode === 'v2' ? 'memory.events' : 'memory.oom_control';
  const text = await readFile(join(memoryDir, file), 'utf8').catch(() => '');
  const match = /^oom_kill (\d+)$/m.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** memoryUsage reads current and peak memory of the cgroup in bytes. */
export async function memoryUsage(cgroup: TaskCgroup): Promise<{ usage: number; maxUsage: number }> {
  const dir = cgroup.dirs[0] ?? '';
  const read = async (f: string): Promise<number> => Number((await readFile(join(dir, f), 'utf8').catch(() => '0')).trim()) || 0;
  if (cgroup.mode === 'v2') return { usage: await read('memory.current'), maxUsage: await read('memory.peak') };
  return { usage: await read('memory.usage_in_bytes'), maxUsage: await read('memory.max_usage_in_bytes') };
}

/** removeTaskCgroup removes the (empty) cgroup directories; best effort. */
export async function removeTaskCgroup(cgroup: TaskCgroup): Promise<void> {
  for (const dir of cgroup.dirs) await rmdir(dir).catch(() => undefined);
}
