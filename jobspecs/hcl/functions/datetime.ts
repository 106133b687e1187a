/**
 * Date and time functions over RFC 3339 timestamps: formatdate (Terraform's format tokens),
 * timeadd (Go duration strings) and timecmp. The offset of the input timestamp is kept.
 */
import { FunctionArgumentError } from '../errors.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

/** Timestamp is an instant plus the UTC offset it was written in. */
interface Timestamp {
  epochMs: number;
  offsetMinutes: number;
  utc: boolean;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function parseTimestamp(text: string, argIndex: number): Timestamp {
  const m = RFC3339.exec(text);
  if (m === null) throw new FunctionArgumentError(`"${text}" is not a valid RFC 3339 timestamp (e.g. 2024-01-02T15:04:05Z)`, argIndex);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const zone = m[8] ?? 'Z';
  const utc = zone === 'Z' || zone === 'z';
  const offsetMinutes = utc ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  const local = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0, fraction);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== (month ?? 1) - 1 || (hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 60) {
    throw new FunctionArgumentError(`"${text}" is not a valid date and time`, argIndex);
  }
  return { epochMs: local - offsetMinutes * 60_000, offsetMinutes, utc };
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${colon ? ':' : ''}${pad(Math.abs(minutes) % 60)}`;
}

function formatToken(token: string, t: Timestamp): string {
  const d = new Date(t.epochMs + t.offsetMinutes * 60_000);
  const hour = d.getUTCHours();
  switch (token) {
    case 'YYYY': return pad(d.getUTCFullYear(), 4);
    case 'YY': return pad(d.getUTCFullYear() % 100);
    case 'MMMM': return MONTHS[d.getUTCMonth()] ?? '';
    case 'MMM': return (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3);
    case 'MM': return pad(d.getUTCMonth() + 1);
    case 'M': return String(d.getUTCMonth() + 1);
    case 'DD': return pad(d.getUTCDate());
    case 'D': return String(d.getUTCDate());
    case 'EEEE': return DAYS[d.getUTCDay()] ?? '';
    case 'EEE': return (DAYS[d.getUTCDay()] ?? '').slice(0, 3);
    case 'hh': return pad(hour);
    case 'h': return String(hour);
    case 'HH': return pad(hour % 12 === 0 ? 12 : hour % 12);
    case 'H': return String(hour % 12 === 0 ? 12 : hour % 12);
    case 'AA': return hour < 12 ? 'AM' : 'PM';
    case 'aa': return hour < 12 ? 'am' : 'pm';
    case 'mm': return pad(d.getUTCMinutes());
    case 'm': return String(d.getUTCMinutes());
    case 'ss': return pad(d.getUTCSeconds());
    case 's': return String(d.getUTCSeconds());
    case 'ZZZZZ': return offsetText(t.offsetMinutes, true);
    case 'ZZZZ': return offsetText(t.offsetMinutes, false);
    case 'ZZZ': return t.offsetMinutes === 0 ? 'UTC' : offsetText(t.offsetMinutes, false);
    case 'Z': return t.offsetMinutes === 0 ? 'Z' : offsetText(t.offsetMinutes, true);
    default: throw new FunctionArgumentError(`invalid date format token "${token}"`, 0);
  }
}

/** formatDate implements formatdate(spec, timestamp). */
export function formatDate(spec: string, timestamp: string): string {
  const t = parseTimestamp(timestamp, 1);
  const out: string[] = [];
  let i = 0;
  while (i < spec.length) {
    const c = spec[i] ?? '';
    if (c === "'") {
      const end = spec.indexOf("'", i + 1);
      if (end < 0) throw new FunctionArgumentError('unterminated quoted literal in the date format', 0);
      out.push(end === i + 1 ? "'" : spec.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let end = i;
      while (spec[end] === c) end++;
      out.push(formatToken(spec.slice(i, end), t));
      i = end;
      continue;
    }
    out.push(c);
    i++;
  }
  return out.join('');
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** parseGoDuration converts "1h30m", "-10s", "1.5h" to milliseconds. */
export function parseGoDuration(text: string): number {
  if (text === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/u.exec(text);
  if (m === null) throw new FunctionArgumentError(`invalid duration "${text}" (use e.g. "1h30m", "-10s")`, 1);
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gu)) total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
  return m[1] === '-' ? -total : total;
}

function formatRfc3339(t: Timestamp): string {
  const d = new Date(t.epochMs + t.offsetMinutes * 60_000);
  if (Number.isNaN(d.getTime())) throw new FunctionArgumentError('resulting time is out of range');
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return base + (t.utc || t.offsetMinutes === 0 ? 'Z' : offsetText(t.offsetMinutes, true));
}

/** datetimeFunctions are the date/time functions. */
export const datetimeFunctions: FunctionEntries = {
  formatdate: fn([param('format', T.string), param('time', T.string)], ([spec, time]) => formatDate(spec as string, time as string)),
  timeadd: fn([param('timestamp', T.string), param('duration', T.string)], ([time, duration]) => {
    const t = parseTimestamp(time as string, 0);
    return formatRfc3339({ ...t, epochMs: t.epochMs + parseGoDuration(duration as string) });
  }),
  timecmp: fn([param('timestamp_a', T.string), param('timestamp_b', T.string)], ([a, b]) => {
    const left = parseTimestamp(a as string, 0).epochMs;
    const right = parseTimestamp(b as string, 1).epochMs;
    return left < right ? -1 : left > right ? 1 : 0;
  }),
};
