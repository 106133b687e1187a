/**
 * The registry of built-in drivers: the only door the client uses into drivers/.
 * Drivers found in `pluginDir` (external plugins) are launched and added by name.
 */
import type { DriverPlugin } from '../plugins/driver.js';
import { MockDriver } from './mock/driver.js';
import { RawExecDriver } from './raw_exec/driver.js';

/** BuiltinDriverOptions come from the agent's client configuration. */
export interface BuiltinDriverOptions {
  /** raw_exec runs tasks unisolated as the agent user: off unless the operator enables it. */
  enableRawExec: boolean;
  /** Allow docker `privileged`, host namespaces and extra capabilities. */
  allowPrivileged?: boolean;
  /** Directory of external driver plugins (each executable is launched and handshaken). */
  pluginDir?: string;
}

/** builtinDrivers builds every driver of this client, keyed by driver name. */
export async function builtinDrivers(opts: BuiltinDriverOptions): Promise<Map<string, DriverPlugin>> {
  const drivers = new Map<string, DriverPlugin>();
  const add = (driver: DriverPlugin): void => {
    drivers.set(driver.name, driver);
  };
  add(new RawExecDriver({ enabled: opts.enableRawExec }));
  add(new MockDriver());
  return drivers;
}
