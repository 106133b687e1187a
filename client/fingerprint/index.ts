/**
 * Host fingerprinting: the ordered list of probes and the function that runs them all.
 * Later probes win on a duplicate attribute (none overlap today).
 */
import { cpuFingerprinter } from './cpu.js';
import { hostFingerprinter } from './host.js';
import { memoryFingerprinter } from './memory.js';
import { networkFingerprinter } from './network.js';
import { storageFingerprinter } from './storage.js';
import { versionFingerprinter } from './version.js';
import type { FingerprintContext, Fingerprinter } from './fingerprinter.js';

/** hostFingerprinters in the order they run. */
export const hostFingerprinters: readonly Fingerprinter[] = [
  cpuFingerprinter,       // cpu.* : also the source of the node's CPU shares
  memoryFingerprinter,    // memory.totalbytes : the node's memory capacity
  storageFingerprinter,   // unique.storage.* : the node's disk capacity (data dir filesystem)
  hostFingerprinter,      // kernel.*, os.*, unique.hostname
  networkFingerprinter,   // unique.network.ip-address : used for NOMAD_IP_* of tasks
  versionFingerprinter,   // nomad.version / drover.version for version constraints
];

/** fingerprintHost runs every probe; a failing probe is skipped and its error returned. */
export async function fingerprintHost(ctx: FingerprintContext, probes: readonly Fingerprinter[] = hostFingerprinters): Promise<{ attributes: Record<string, string>; errors: Record<string, string> }> {
  const attributes: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const probe of probes) {
    try {
      Object.assign(attributes, await probe.fingerprint(ctx));
    } catch (e) {
      errors[probe.name] = (e as Error).message;
    }
  }
  return { attributes, errors };
}
