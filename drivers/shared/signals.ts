/**
 * Signal names <-> numbers for drivers. Task configs and the client speak names (`SIGINT`),
 * the kernel speaks numbers; ExitResult.signal is a number.
 */
import { constants } from 'node:os';
import { DroverError } from '../../api/errors.js';

const signalNumbers = constants.signals as Readonly<Record<string, number>>;

/** signalNumber turns `SIGTERM`, `TERM` or `15` into 15; throws DROVER_ERR_SIGNAL_UNKNOWN otherwise. */
export function signalNumber(signal: string): number {
  const trimmed = signal.trim().toUpperCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const name = trimmed.startsWith('SIG') ? trimmed : `SIG${trimmed}`;
  const value = signalNumbers[name];
  if (value === undefined) {
    throw new DroverError('DROVER_ERR_SIGNAL_UNKNOWN', `unknown signal ${JSON.stringify(signal)}`, { statusCode: 400, location: 'signal' });
  }
  return value;
}

/** signalName turns 15 into `SIGTERM` (or `SIG15` when the number is not known). */
export function signalName(signal: number): string {
  for (const [name, value] of Object.entries(signalNumbers)) if (value === signal) return name;
  return `SIG${signal}`;
}
