/** parseDuration: Go-style duration strings (`1h2m3s`, `250ms`, `10s`) to milliseconds. */
import { DroverError } from '../../api/errors.js';

const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** parseDuration returns milliseconds; `field` names the config field in the error. */
export function parseDuration(text: string, field: string): number {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * (unitMs[m[2] ?? 's'] ?? 0);
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new DroverError('DROVER_ERR_TASK_CONFIG_INVALID', `${field}: invalid duration ${JSON.stringify(text)}`, { statusCode: 400, location: field });
  }
  return total;
}
