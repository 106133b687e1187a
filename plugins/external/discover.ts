/** Find and launch the driver plugins in an agent's `plugin_dir`. */
import { access, readdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import type { DriverPlugin } from '../driver.js';
import { launchExternalDriver } from './host.js';
import type { LaunchOptions } from './host.js';

/** PluginLoadReport says what was loaded and what failed (with the reason). */
export interface PluginLoadReport {
  drivers: DriverPlugin[];
  failures: Array<{ file: string; error: string }>;
}

/**
 * loadExternalDrivers launches every executable regular file directly in `pluginDir`. File
 * names must be plain (`^[A-Za-z0-9_.-]+$`): nothing outside the directory is ever run.
 */
export async function loadExternalDrivers(pluginDir: string, opts: LaunchOptions = {}): Promise<PluginLoadReport> {
  const report: PluginLoadReport = { drivers: [], failures: [] };
  const names = await readdir(pluginDir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) continue;
    const file = join(pluginDir, name);
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    if (!(await access(file, constants.X_OK).then(() => true, () => false))) continue;
    try {
      report.drivers.push(await launchExternalDriver(file, opts));
    } catch (e) {
      report.failures.push({ file, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return report;
}
