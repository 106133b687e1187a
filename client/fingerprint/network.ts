/** network fingerprint: the first non-loopback IPv4 address, else 127.0.0.1. */
import { networkInterfaces } from 'node:os';
import type { Fingerprinter } from './fingerprinter.js';

/** firstIPv4 returns the first non-internal IPv4 address of the host, or 127.0.0.1. */
export function firstIPv4(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** networkFingerprinter reports `unique.network.ip-address`. */
export const networkFingerprinter: Fingerprinter = {
  name: 'network',
  async fingerprint() {
    return { 'unique.network.ip-address': firstIPv4() };
  },
};
