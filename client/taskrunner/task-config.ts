/**
 * buildTaskConfig: the driver's view of one task start (plugins/driver.ts TaskConfig), from the
 * alloc's grant, the hook context (env, interpolated config, log paths) and the task dir.
 * Each start gets a fresh task ID `<allocID>/<task>/<8 hex>` (Nomad's TaskConfig.ID format).
 */
import { randomBytes } from 'node:crypto';
import type { Task } from '../../api/structs/index.js';
import type { TaskConfig } from '../../plugins/driver.js';
import type { AllocDir } from '../allocdir/alloc-dir.js';
import type { ClientAlloc } from '../types.js';
import type { HookNodeView, TaskHookContext } from './hooks/hook.js';
import { grantedPorts } from './task-env.js';

/** buildTaskConfig assembles the TaskConfig handed to `driver.start`. */
export function buildTaskConfig(alloc: ClientAlloc, task: Task, node: HookNodeView, allocDir: AllocDir, ctx: TaskHookContext): TaskConfig {
  const paths = ctx.paths ?? allocDir.taskPaths(task.Name);
  const granted = alloc.AllocatedResources.Tasks[task.Name];
  const ip = node.Attributes['unique.network.ip-address'] ?? '127.0.0.1';
  const ports: TaskConfig['resources']['ports'] = {};
  for (const p of grantedPorts(alloc, task.Name, ip)) ports[p.label] = { hostIp: p.hostIp, value: p.value, to: p.to };
  return {
    id: `${alloc.ID}/${task.Name}/${randomBytes(4).toString('hex')}`,
    allocId: alloc.ID, jobId: alloc.JobID, taskGroup: alloc.TaskGroup, name: task.Name,
    driverConfig: ctx.driverConfig, env: ctx.env, user: task.User,
    resources: {
      cpuMhz: granted?.Cpu.CpuShares ?? task.Resources.CPU,
      memoryMB: granted?.Memory.MemoryMB ?? task.Resources.MemoryMB,
      memoryMaxMB: granted?.Memory.MemoryMaxMB ?? task.Resources.MemoryMaxMB,
      ports,
    },
    allocDir: allocDir.sharedDir, taskDir: paths.taskDir, localDir: paths.localDir, secretsDir: paths.secretsDir,
    stdoutPath: ctx.stdoutPath ?? '/dev/null', stderrPath: ctx.stderrPath ?? '/dev/null',
  };
}
