/** Go-style duration strings ("5m", "30s", "1h30m", "100ms") used in query strings and CLI flags. */
import { DroverError } from './errors.js';

/** parseDurationMs parses Go-style durations used in query strings ("5m", "30s", "100ms", "1h"). */
export function parseDurationMs(text: string, field: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    const unit = m[2]!;
    total += n * ({ ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 } as Record<string, number>)[unit]!;
    consumed += m[0].length;
  }
  if (/^\d+$/.test(text)) return Number(text) / 1e6; // bare number: nanoseconds
  if (consumed !== text.length || text.length === 0) {
    throw new DroverError('DROVER_ERR_BAD_QUERY', `invalid duration "${text}" for ${field}`, { statusCode: 400, location: field });
  }
  return total;
}

