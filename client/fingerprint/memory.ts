/** memory fingerprint: `memory.totalbytes` from os.totalmem(). */
import { totalmem } from 'node:os';
import type { Fingerprinter } from './fingerprinter.js';

/** memoryFingerprinter reports the host's total memory in bytes. */
export const memoryFingerprinter: Fingerprinter = {
  name: 'memory',
  async fingerprint() {
    return { 'memory.totalbytes': String(totalmem()) };
  },
};
