/** host fingerprint: kernel, OS (from /etc/os-release) and hostname. */
import { readFile } from 'node:fs/promises';
import { arch, hostname, release, type } from 'node:os';
import { nomadArch } from './cpu.js';
import type { Fingerprinter } from './fingerprinter.js';

/** parseOsRelease reads KEY=value lines (values optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  return out;
}

/** hostFingerprinter reports `kernel.*`, `os.name`, `os.version`, `unique.hostname`. */
export const hostFingerprinter: Fingerprinter = {
  name: 'host',
  async fingerprint() {
    let osr: Record<string, string> = {};
    try {
      osr = parseOsRelease(await readFile('/etc/os-release', 'utf8'));
    } catch {
      // no os-release: leave os.* to the kernel values
    }
    return {
      'kernel.name': type().toLowerCase(),
      'kernel.version': release(),
      'kernel.arch': nomadArch(arch()),
      'os.name': osr['ID'] ?? type().toLowerCase(),
      'os.version': osr['VERSION_ID'] ?? release(),
      'unique.hostname': hostname(),
    };
  },
};
