/**
 * Fingerprinter: one small probe of the host that yields node attributes. Each probe lives in
 * its own file; client/fingerprint/index.ts lists them in order.
 */

/** FingerprintContext is what probes may look at. */
export interface FingerprintContext {
  /** The agent's data dir (the storage probe measures its filesystem). */
  dataDir: string;
}

/** Fingerprinter yields attributes such as `cpu.numcores`; it must not throw for a missing source. */
export interface Fingerprinter {
  readonly name: string;
  fingerprint(ctx: FingerprintContext): Promise<Record<string, string>>;
}
