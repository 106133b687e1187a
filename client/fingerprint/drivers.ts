/**
 * Driver fingerprints -> `Node.Drivers[name]` and attributes (`driver.<name>` = "1" when the
 * driver is detected, plus the driver's own attributes). A throwing driver is reported as
 * undetected with the error as its health description.
 */
import type { DriverInfo } from '../../api/structs/index.js';
import type { DriverPlugin } from '../../plugins/driver.js';

/** DriverFingerprints is the node-level view of all drivers. */
export interface DriverFingerprints {
  drivers: Record<string, DriverInfo>;
  attributes: Record<string, string>;
}

/** fingerprintDrivers polls every driver once. */
export async function fingerprintDrivers(drivers: ReadonlyMap<string, DriverPlugin>, now = new Date()): Promise<DriverFingerprints> {
  const out: DriverFingerprints = { drivers: {}, attributes: {} };
  for (const [name, driver] of drivers) {
    let info: DriverInfo;
    try {
      const fp = await driver.fingerprint();
      const detected = fp.health !== 'undetected';
      info = { Attributes: fp.attributes, Detected: detected, Healthy: fp.health === 'healthy', HealthDescription: fp.healthDescription, UpdateTime: now.toISOString() };
      if (detected) {
        Object.assign(out.attributes, fp.attributes);
        out.attributes[`driver.${name}`] = '1';
      }
    } catch (e) {
      info = { Attributes: {}, Detected: false, Healthy: false, HealthDescription: `fingerprint failed: ${(e as Error).message}`, UpdateTime: now.toISOString() };
    }
    out.drivers[name] = info;
  }
  return out;
}
