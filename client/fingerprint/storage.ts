/** storage fingerprint: size and free space of the data dir's filesystem (statfs). */
import { statfs } from 'node:fs/promises';
import type { Fingerprinter } from './fingerprinter.js';

/** storageFingerprinter reports `unique.storage.{volume,bytestotal,bytesfree}`. */
export const storageFingerprinter: Fingerprinter = {
  name: 'storage',
  async fingerprint(ctx) {
    const s = await statfs(ctx.dataDir);
    return {
      'unique.storage.volume': ctx.dataDir,
      'unique.storage.bytestotal': String(s.blocks * s.bsize),
      'unique.storage.bytesfree': String(s.bavail * s.bsize),
    };
  },
};
