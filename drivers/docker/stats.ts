/** Convert a Docker stats sample into Drover's TaskResourceUsage. */
import type { ContainerStats } from 'dockerode';
import type { TaskResourceUsage } from '../../plugins/driver.js';

/** usageFromDockerStats computes cpu percent the way `docker stats` does. */
export function usageFromDockerStats(s: ContainerStats): TaskResourceUsage {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? s.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
  const percent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const memStats = s.memory_stats.stats as unknown as Record<string, number | undefined> | undefined;
  const cache = memStats?.['cache'] ?? memStats?.['file'] ?? 0;
  const rss = memStats?.['rss'] ?? memStats?.['anon'] ?? s.memory_stats.usage;
  return {
    timestamp: Date.now(),
    cpu: {
      percent,
      totalTicks: s.cpu_stats.cpu_usage.total_usage / 1e6,
      userMode: s.cpu_stats.cpu_usage.usage_in_usermode / 1e6,
      systemMode: s.cpu_stats.cpu_usage.usage_in_kernelmode / 1e6,
    },
    memory: { rss, cache, usage: s.memory_stats.usage, maxUsage: s.memory_stats.max_usage ?? s.memory_stats.usage },
    pids: {},
  };
}
