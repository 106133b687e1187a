/**
 * The registry of drivers: the only door the client uses into drivers/. Built-in drivers run
 * in-process; executables in `pluginDir` are launched as external driver plugins
 * (plugins/external/PROTOCOL.md) and added by name. A plugin may not replace a built-in.
 */
import type { DriverPlugin } from '../plugins/driver.js';
import { loadExternalDrivers } from '../plugins/external/discover.js';
import { DockerDriver } from './docker/driver.js';
import { ExecDriver } from './exec/driver.js';
import { MockDriver } from './mock/driver.js';
import { QemuDriver } from './qemu/driver.js';
import { RawExecDriver } from './raw_exec/driver.js';

/** BuiltinDriverOptions come from the agent's client configuration. */
export interface BuiltinDriverOptions {
  /** raw_exec runs tasks unisolated as the agent user: off unless the operator enables it. */
  enableRawExec: boolean;
  /** Allow docker `privileged`, host namespaces and any capability. */
  allowPrivileged?: boolean;
  /** Directory of external driver plugins (each executable is launched and handshaken). */
  pluginDir?: string;
  /**
   * Agent `plugin "<name>" { config { ... } }` blocks by driver name, applied with setConfig
   * (validated: an unknown or mistyped field fails with DROVER_ERR_PLUGIN_CONFIG_INVALID naming it).
   */
  pluginConfig?: Record<string, Record<string, unknown>>;
  /** Receives plugin log lines and plugin load failures (default: process warnings). */
  onPluginLog?: (line: string) => void;
}

/**
 * builtinDrivers builds every driver of this client, keyed by driver name: raw_exec, exec,
 * docker, qemu, mock_driver, plus the external plugins found in `pluginDir`. Drivers whose
 * runtime is missing are still returned; their fingerprint says why they are not healthy.
 */
export async function builtinDrivers(opts: BuiltinDriverOptions): Promise<Map<string, DriverPlugin>> {
  const drivers = new Map<string, DriverPlugin>();
  const add = (driver: DriverPlugin): void => {
    drivers.set(driver.name, driver);
  };
  add(new RawExecDriver({ enabled: opts.enableRawExec }));
  add(new ExecDriver());
  add(new DockerDriver({ allowPrivileged: opts.allowPrivileged === true }));
  add(new QemuDriver());
  add(new MockDriver());
  if (opts.pluginDir !== undefined) {
    const log = opts.onPluginLog ?? ((line: string) => process.emitWarning(line, 'DroverPluginWarning'));
    const report = await loadExternalDrivers(opts.pluginDir, { onLog: log });
    for (const failure of report.failures) log(`plugin ${failure.file} not loaded: ${failure.error}`);
    for (const driver of report.drivers) {
      if (drivers.has(driver.name)) {
        log(`plugin ${driver.name} ignored: a built-in driver has that name`);
        await driver.shutdown();
        continue;
      }
      add(driver);
    }
  }
  for (const [name, config] of Object.entries(opts.pluginConfig ?? {})) {
    const driver = drivers.get(name);
    if (driver === undefined) continue;
    await driver.setConfig(config);
  }
  return drivers;
}
