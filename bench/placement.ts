/**
 * Placement stack benchmark (the C1M "bound"):
 *   node dist/bench/placement.js --nodes 5000 --placements 100000
 * prints {nodes, placements, seconds, placementsPerSecond} as JSON.
 */
import { measurePlacementBound } from './placement-bound.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

const nodes = flag('nodes', 5000);
const placements = flag('placements', 100000);
const result = measurePlacementBound({ nodes, placements, groupCount: flag('group-count', 200) });
console.log(JSON.stringify({
  nodes,
  placements: result.placements,
  seconds: Number(result.seconds.toFixed(3)),
  placementsPerSecond: Math.round(result.placements / result.seconds),
  cpuSeconds: Number(result.cpuSeconds.toFixed(3)),
  placementsPerCpuSecond: Math.round(result.placements / result.cpuSeconds),
}));
