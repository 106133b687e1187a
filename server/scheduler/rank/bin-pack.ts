/**
 * BinPack scorer: how well the node's cpu and memory are used after this placement.
 *
 *   free = 1 - used / (capacity - reserved)        per dimension, used includes this alloc
 *   total = 10^freeCpu + 10^freeMem                  2 (full) .. 20 (empty)
 *   binpack fitness = clamp(20 - total, 0, 18)       prefers fuller nodes (default)
 *   spread fitness  = clamp(total - 2, 0, 18)        prefers emptier nodes
 *   appended score  = fitness / 18
 */
import type { Scorer } from './contracts.js';
import { score } from './contracts.js';

/** MAX_FIT_SCORE is the largest fitness value (Nomad's binPackingMaxFitScore). */
export const MAX_FIT_SCORE = 18;

/** fitTotal is 10^freeCpu + 10^freeMem. */
export function fitTotal(usedCpu: number, capCpu: number, usedMem: number, capMem: number): number {
  const freeCpu = capCpu > 0 ? 1 - usedCpu / capCpu : 0;
  const freeMem = capMem > 0 ? 1 - usedMem / capMem : 0;
  return 10 ** freeCpu + 10 ** freeMem;
}

/** scoreFitBinPack is Nomad's ScoreFitBinPack. */
export function scoreFitBinPack(total: number): number {
  return Math.min(MAX_FIT_SCORE, Math.max(0, 20 - total));
}

/** scoreFitSpread is Nomad's ScoreFitSpread. */
export function scoreFitSpread(total: number): number {
  return Math.min(MAX_FIT_SCORE, Math.max(0, total - 2));
}

/** binPackScorer appends the normalized fitness under the configured algorithm. */
export const binPackScorer: Scorer<{ readonly cpu: number; readonly memoryMB: number; readonly spread: boolean }> = {
  name: 'binpack',
  prepare: (_tg, ctx) => ({ cpu: ctx.ask.cpu, memoryMB: ctx.ask.memoryMB, spread: ctx.algorithm === 'spread' }),
  score: (option, s) => {
    const cap = option.usage.capacity;
    const total = fitTotal(option.usage.cpu + s.cpu, cap.cpu, option.usage.memoryMB + s.memoryMB, cap.memoryMB);
    const fitness = s.spread ? scoreFitSpread(total) : scoreFitBinPack(total);
    return score(fitness / MAX_FIT_SCORE);
  },
};
