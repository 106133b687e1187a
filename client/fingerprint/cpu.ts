/**
 * cpu fingerprint: cores, MHz (sysfs cpuinfo_max_freq, else /proc/cpuinfo "cpu MHz", else
 * os.cpus().speed), total compute = cores x MHz (the node's CPU shares), arch, model name.
 */
import { readFile } from 'node:fs/promises';
import { arch, cpus } from 'node:os';
import type { Fingerprinter } from './fingerprinter.js';

/** nomadArch maps Node's arch names to Go's (`x64` -> `amd64`). */
export function nomadArch(nodeArch: string): string {
  switch (nodeArch) {
    case 'x64': return 'amd64';
    case 'ia32': return '386';
    case 'arm64': return 'arm64';
    default: return nodeArch;
  }
}

async function sysfsMaxMhz(): Promise<number | undefined> {
  try {
    const khz = Number((await readFile('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq', 'utf8')).trim());
    return Number.isFinite(khz) && khz > 0 ? Math.round(khz / 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** parseCpuinfo extracts the first model name and the highest "cpu MHz" of /proc/cpuinfo text. */
export function parseCpuinfo(text: string): { model?: string; mhz?: number } {
  let model: string | undefined;
  let mhz: number | undefined;
  for (const line of text.split('\n')) {
    const [k, v] = line.split(':').map((s) => s.trim());
    if (k === 'model name' && model === undefined && v !== undefined) model = v;
    if (k === 'cpu MHz' && v !== undefined) {
      const n = Number(v);
      if (Number.isFinite(n) && n > (mhz ?? 0)) mhz = n;
    }
  }
  return { model, mhz: mhz === undefined ? undefined : Math.round(mhz) };
}

/** cpuFingerprinter reports `cpu.*` attributes. */
export const cpuFingerprinter: Fingerprinter = {
  name: 'cpu',
  async fingerprint() {
    const list = cpus();
    const cores = Math.max(1, list.length);
    let info: { model?: string; mhz?: number } = {};
    try {
      info = parseCpuinfo(await readFile('/proc/cpuinfo', 'utf8'));
    } catch {
      // not Linux: fall back to os.cpus()
    }
    const mhz = (await sysfsMaxMhz()) ?? info.mhz ?? (list[0]?.speed || 1000);
    return {
      'cpu.numcores': String(cores),
      'cpu.frequency': String(mhz),
      'cpu.totalcompute': String(cores * mhz),
      'cpu.arch': nomadArch(arch()),
      'cpu.modelname': info.model ?? list[0]?.model ?? 'unknown',
    };
  },
};
