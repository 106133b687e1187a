/** version fingerprint: the agent version, under Nomad's and Drover's attribute names. */
import type { Fingerprinter } from './fingerprinter.js';

/** DROVER_VERSION is the client version reported to servers. */
export const DROVER_VERSION = '0.1.0';
/** NOMAD_COMPAT_VERSION is the Nomad version whose behaviour Drover follows (for `nomad.version` constraints). */
export const NOMAD_COMPAT_VERSION = '2.0.0';

/** versionFingerprinter reports `nomad.version`, `drover.version`, `nomad.service_discovery`. */
export const versionFingerprinter: Fingerprinter = {
  name: 'version',
  async fingerprint() {
    return {
      'nomad.version': NOMAD_COMPAT_VERSION,
      'nomad.revision': 'drover',
      'drover.version': DROVER_VERSION,
      'nomad.service_discovery': 'true',
    };
  },
};
