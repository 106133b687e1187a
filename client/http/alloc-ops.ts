/**
 * /v1/client/allocation/:id/{stats,restart,signal}: per-allocation operations answered by the
 * client that runs it. Shapes follow Nomad (AllocResourceUsage; `{TaskName}`; `{Signal, Task}`).
 */
import type { FastifyInstance } from 'fastify';
import { DroverError } from '../../api/errors.js';
import type { TaskResourceUsage } from '../../plugins/driver.js';
import type { ClientAgent } from '../agent.js';
import { findAllocRunner, findTaskRunner } from './lookup.js';

function nomadUsage(u: TaskResourceUsage): Record<string, unknown> {
  return {
    CpuStats: { Percent: u.cpu.percent, TotalTicks: u.cpu.totalTicks, UserMode: u.cpu.userMode, SystemMode: u.cpu.systemMode, Measured: ['Percent', 'Total Ticks'] },
    MemoryStats: { RSS: u.memory.rss, Cache: u.memory.cache, Usage: u.memory.usage, MaxUsage: u.memory.maxUsage, Measured: ['RSS'] },
  };
}

/** registerAllocOpsRoutes mounts stats, restart and signal. */
export function registerAllocOpsRoutes(app: FastifyInstance, agent: ClientAgent): void {
  app.get<{ Params: { id: string } }>('/v1/client/allocation/:id/stats', async (req) => {
    const runner = findAllocRunner(agent, req.params.id);
    const tasks: Record<string, unknown> = {};
    let rss = 0;
    let percent = 0;
    let ticks = 0;
    for (const name of runner.taskNames()) {
      const tr = runner.taskRunner(name);
      const taskId = tr?.currentTaskId;
      const task = runner.alloc.Job.TaskGroups.find((g) => g.Name === runner.alloc.TaskGroup)?.Tasks.find((x) => x.Name === name);
      const driver = task === undefined ? undefined : agent.drivers.get(task.Driver);
      if (taskId === undefined || driver === undefined) continue;
      const u = await driver.stats(taskId).catch(() => undefined);
      if (u === undefined) continue;
      rss += u.memory.rss;
      percent += u.cpu.percent;
      ticks += u.cpu.totalTicks;
      tasks[name] = { ResourceUsage: nomadUsage(u), Timestamp: u.timestamp * 1_000_000, Pids: u.pids };
    }
    return {
      ResourceUsage: { CpuStats: { Percent: percent, TotalTicks: ticks, Measured: ['Percent', 'Total Ticks'] }, MemoryStats: { RSS: rss, Measured: ['RSS'] } },
      Tasks: tasks,
      Timestamp: Date.now() * 1_000_000,
    };
  });

  app.post<{ Params: { id: string }; Body: { TaskName?: string; AllTasks?: boolean } | null }>('/v1/client/allocation/:id/restart', async (req) => {
    const runner = findAllocRunner(agent, req.params.id);
    const name = req.body?.TaskName;
    const targets = name === undefined || name === '' ? runner.taskNames().map((n) => runner.taskRunner(n)) : [findTaskRunner(runner, name)];
    await Promise.all(targets.map((tr) => tr?.restart()));
    return {};
  });

  app.post<{ Params: { id: string }; Body: { Signal?: string; Task?: string } | null }>('/v1/client/allocation/:id/signal', async (req) => {
    const runner = findAllocRunner(agent, req.params.id);
    const signal = req.body?.Signal ?? 'SIGKILL';
    if (!/^SIG[A-Z0-9]+$/.test(signal)) throw new DroverError('DROVER_ERR_INVALID_PARAM', `invalid signal "${signal}"`, { statusCode: 400, location: 'Signal' });
    const names = req.body?.Task === undefined || req.body.Task === '' ? runner.taskNames() : [findTaskRunner(runner, req.body.Task).name];
    for (const name of names) {
      const tr = runner.taskRunner(name);
      const task = runner.alloc.Job.TaskGroups.find((g) => g.Name === runner.alloc.TaskGroup)?.Tasks.find((x) => x.Name === name);
      const driver = task === undefined ? undefined : agent.drivers.get(task.Driver);
      const taskId = tr?.currentTaskId;
      if (taskId === undefined || driver === undefined) {
        if (names.length === 1) throw new DroverError('DROVER_ERR_TASK_NOT_RUNNING', `task "${name}" is not running`, { statusCode: 400, location: 'Task' });
        continue;
      }
      await driver.signal(taskId, signal);
    }
    return {};
  });
}
