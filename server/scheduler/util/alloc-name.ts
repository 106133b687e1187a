/** Allocation names: `<jobID>.<group>[<index>]` (Nomad `AllocName`). */

/** allocName builds the name of copy `index` of `group` in job `jobId`. */
export function allocName(jobId: string, group: string, index: number): string {
  return `${jobId}.${group}[${index}]`;
}

/** allocNameIndex parses the index out of an allocation name (undefined when malformed). */
export function allocNameIndex(name: string): number | undefined {
  const open = name.lastIndexOf('[');
  if (open < 0 || !name.endsWith(']') || open + 2 > name.length - 1) return undefined;
  const digits = name.slice(open + 1, -1);
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(digits);
}
