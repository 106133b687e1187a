/** Allocation names: `<jobID>.<group>[<index>]` (Nomad `AllocName`). */

/** allocName builds the name of copy `index` of `group` in job `jobId`. */
export function allocName(jobId: string, group: string, index: number): string {
  return `${jobId}.${group}[${index}]`;
}

/** allocNameIndex parses the index out of an allocation name (undefined when malformed). */
export function allocNameIndex(name: string): number | undefined {
  const match = /\[(\d+)\]$/.exec(name);
  if (match === null || match[1] === undefined) return undefined;
  return Number(match[1]);
}
