/**
 * Terminal output: Nomad-style borderless tables (two-space gaps), key = value blocks, short
 * IDs, relative times, colour only on a TTY (and never with NO_COLOR).
 */

/** useColor: stdout is a TTY and colour is not disabled. */
export function useColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR) return true;
  return process.stdout.isTTY === true;
}

const CODES = { green: 32, red: 31, yellow: 33, bold: 1 } as const;

/** paint wraps text in an ANSI colour when colour is on. */
export function paint(text: string, color: keyof typeof CODES): string {
  return useColor() ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}

/** table renders rows with a header, columns separated by two spaces. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** keyValues renders `Key = Value` lines aligned on the `=` (Nomad's formatKV). */
export function keyValues(pairs: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  = ${v}`).join('\n');
}

/** short returns the 8-character ID prefix unless verbose. */
export function short(id: string, verbose = false): string {
  return verbose ? id : id.slice(0, 8);
}

/** ago renders a Unix-nanosecond time as "3m12s ago". */
export function ago(ns: number, nowMs = Date.now()): string {
  const s = Math.max(0, Math.round((nowMs - ns / 1e6) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m ago`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h ago`;
}

/** timestamp renders Unix nanoseconds as an RFC3339 local-ish time (Nomad prints local). */
export function timestamp(ns: number): string {
  return new Date(ns / 1e6).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** printJson writes a value as indented JSON (the `-json` output of every read command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
