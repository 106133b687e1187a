/**
 * Seeded shuffle of candidate nodes. The seed comes from the evaluation ID and the snapshot
 * index (Nomad: last 8 bytes of the eval ID XOR the index), so a post-mortem can replay an
 * evaluation's exact node order, and a retry after a partial commit sees a new order.
 */

/** Prng is a small deterministic generator (sfc32): `next()` returns a float in [0, 1). */
export interface Prng {
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** createPrng builds an sfc32 generator from a 64-bit seed given as two 32-bit halves. */
export function createPrng(seedHi: number, seedLo: number): Prng {
  let a = seedHi >>> 0;
  let b = seedLo >>> 0;
  let c = (seedHi ^ 0x9e3779b9) >>> 0;
  let d = 1;
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  return {
    next: () => next32() / 4294967296,
    int: (n) => Math.floor((next32() / 4294967296) * n),
  };
}

/** shuffleSeed derives the 64-bit seed (as two halves) from an eval ID and snapshot index. */
export function shuffleSeed(evalId: string, snapshotIndex: number): { hi: number; lo: number } {
  const hex = evalId.replace(/-/g, '');
  const tail = hex.slice(-16).padStart(16, '0');
  let hi = Number.parseInt(tail.slice(0, 8), 16);
  let lo = Number.parseInt(tail.slice(8), 16);
  if (Number.isNaN(hi)) hi = hashString(evalId);
  if (Number.isNaN(lo)) lo = hashString(`${evalId}#`);
  const index = BigInt(Math.max(0, Math.trunc(snapshotIndex)));
  const seed = ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) ^ index;
  const shifted = seed >> 2n;
  return { hi: Number((shifted >> 32n) & 0xffffffffn), lo: Number(shifted & 0xffffffffn) };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** IndexedList is an array or typed array. */
export interface IndexedList<T> {
  length: number;
  [index: number]: T;
}

/** shuffleInPlace is a Fisher-Yates shuffle driven by `rng`. */
export function shuffleInPlace<T>(items: IndexedList<T>, rng: Prng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
}
