/**
 * buildTaskEnv: the `NOMAD_*` environment of a task (Nomad's taskenv), then the task's own
 * `env` block interpolated against it. Port variables come from the alloc's granted ports
 * (group network `Shared.Ports` and the task's networks).
 */
import type { Node, Task } from '../../api/structs/index.js';
import type { ClientAlloc } from '../types.js';
import { interpolateString } from './interpolate.js';
import type { TaskDirPaths } from '../allocdir/alloc-dir.js';

/** TaskEnvInput is everything the environment is derived from. */
export interface TaskEnvInput {
  alloc: ClientAlloc;
  task: Task;
  node: Pick<Node, 'ID' | 'Name' | 'Datacenter' | 'NodeClass' | 'NodePool' | 'Attributes' | 'Meta'>;
  region: string;
  /** Shared alloc dir as the task sees it. */
  allocDir: string;
  paths: TaskDirPaths;
}

/** GrantedPort is one port of the allocation with its host IP. */
export interface GrantedPort {
  label: string;
  hostIp: string;
  value: number;
  to: number;
}

/** cleanEnvName replaces characters not valid in env names with `_` (Nomad's helper.CleanEnvVar). */
export function cleanEnvName(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

/** allocIndex parses `<job>.<group>[<n>]` (0 when absent). */
export function allocIndex(name: string): number {
  const m = /\[(\d+)\]$/.exec(name);
  return m?.[1] === undefined ? 0 : Number(m[1]);
}

/** grantedPorts lists the ports of the task: group ports first, then the task's own. */
export function grantedPorts(alloc: ClientAlloc, taskName: string, fallbackIp: string): GrantedPort[] {
  const out: GrantedPort[] = [];
  for (const p of alloc.AllocatedResources.Shared.Ports ?? []) out.push({ label: p.Label, hostIp: p.HostIP || fallbackIp, value: p.Value, to: p.To });
  const nets = [...(alloc.AllocatedResources.Shared.Networks ?? []), ...(alloc.AllocatedResources.Tasks[taskName]?.Networks ?? [])];
  for (const n of nets) {
    for (const p of [...(n.ReservedPorts ?? []), ...(n.DynamicPorts ?? [])]) {
      if (!out.some((o) => o.label === p.Label)) out.push({ label: p.Label, hostIp: n.IP || fallbackIp, value: p.Value, to: p.To });
    }
  }
  return out;
}

/** buildTaskEnv returns the full environment of the task. */
export function buildTaskEnv(input: TaskEnvInput): Record<string, string> {
  const { alloc, task, node, paths } = input;
  const job = alloc.Job;
  const group = job.TaskGroups.find((g) => g.Name === alloc.TaskGroup);
  const granted = alloc.AllocatedResources.Tasks[task.Name];
  const env: Record<string, string> = {
    NOMAD_ALLOC_DIR: input.allocDir,
    NOMAD_TASK_DIR: paths.localDir,
    NOMAD_SECRETS_DIR: paths.secretsDir,
    NOMAD_MEMORY_LIMIT: String(granted?.Memory.MemoryMB ?? task.Resources.MemoryMB),
    NOMAD_CPU_LIMIT: String(granted?.Cpu.CpuShares ?? task.Resources.CPU),
    NOMAD_ALLOC_ID: alloc.ID,
    NOMAD_SHORT_ALLOC_ID: alloc.ID.slice(0, 8),
    NOMAD_ALLOC_NAME: alloc.Name,
    NOMAD_ALLOC_INDEX: String(allocIndex(alloc.Name)),
    NOMAD_TASK_NAME: task.Name,
    NOMAD_GROUP_NAME: alloc.TaskGroup,
    NOMAD_JOB_ID: job.ID,
    NOMAD_JOB_NAME: job.Name,
    NOMAD_NAMESPACE: alloc.Namespace,
    NOMAD_REGION: input.region,
    NOMAD_DC: node.Datacenter,
  };
  const memMax = granted?.Memory.MemoryMaxMB ?? task.Resources.MemoryMaxMB;
  if (memMax !== undefined && memMax > 0) env['NOMAD_MEMORY_MAX_LIMIT'] = String(memMax);
  if (job.ParentID !== undefined && job.ParentID !== '') env['NOMAD_JOB_PARENT_ID'] = job.ParentID;

  // meta: job < group < task; both the key as written and upper-cased, as Nomad does
  const meta = { ...(job.Meta ?? {}), ...(group?.Meta ?? {}), ...(task.Meta ?? {}) };
  for (const [k, v] of Object.entries(meta)) {
    env[`NOMAD_META_${cleanEnvName(k)}`] = v;
    env[`NOMAD_META_${cleanEnvName(k).toUpperCase()}`] = v;
  }

  const ip = node.Attributes['unique.network.ip-address'] ?? '127.0.0.1';
  for (const p of grantedPorts(alloc, task.Name, ip)) {
    const label = cleanEnvName(p.label);
    const inTask = p.to > 0 ? p.to : p.value;
    env[`NOMAD_IP_${label}`] = p.hostIp;
    env[`NOMAD_PORT_${label}`] = String(inTask);
    env[`NOMAD_ADDR_${label}`] = `${p.hostIp}:${p.value}`;
    env[`NOMAD_HOST_IP_${label}`] = p.hostIp;
    env[`NOMAD_HOST_PORT_${label}`] = String(p.value);
    env[`NOMAD_HOST_ADDR_${label}`] = `${p.hostIp}:${p.value}`;
    env[`NOMAD_ALLOC_PORT_${label}`] = String(inTask);
  }

  // the task's env block may refer to NOMAD_* and node values, and to earlier keys of itself
  const scope = { env, node, region: input.region };
  for (const [k, v] of Object.entries(task.Env ?? {})) env[k] = interpolateString(v, scope);
  return env;
}
