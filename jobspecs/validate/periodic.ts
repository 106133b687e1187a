/**
 * Validation of `periodic` (cron syntax, time zone) and `parameterized` blocks.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ParameterizedJobConfig, PeriodicConfig } from '../../api/structs/job.js';
import type { IssueSink } from './issues.js';

/** isValidTimeZone asks the platform's IANA database. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const YEAR_FIELD = /^(\*|\d{4}(-\d{4})?(\/\d+)?)(,(\*|\d{4}(-\d{4})?(\/\d+)?))*$/;

/**
 * cronProblem returns why a cron expression is invalid, or undefined. Nomad's cronexpr accepts
 * 5 fields (minute..weekday), 6 (+ year) and 7 (second first, + year), and `@daily` style
 * macros; cron-parser checks the minute..weekday part (with seconds for 7 fields) and the year
 * field is checked here.
 */
export function cronProblem(spec: string): string | undefined {
  const trimmed = spec.trim();
  const fields = trimmed.split(/\s+/);
  let expression = trimmed;
  if (!trimmed.startsWith('@')) {
    if (fields.length < 5 || fields.length > 7) return `cron expression "${spec}" must have 5 to 7 fields, has ${fields.length}`;
    if (fields.length >= 6) {
      const year = fields[fields.length - 1] ?? '';
      if (!YEAR_FIELD.test(year)) return `invalid cron expression "${spec}": bad year field "${year}"`;
      expression = fields.slice(0, -1).join(' ');
    }
  }
  try {
    CronExpressionParser.parse(expression, { strict: false });
    return undefined;
  } catch (e) {
    return `invalid cron expression "${spec}": ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** validatePeriodic checks specs, spec exclusivity and the time zone. */
export function validatePeriodic(sink: IssueSink, p: PeriodicConfig): void {
  const specs = p.Specs ?? [];
  if (p.Spec !== '' && specs.length > 0) sink.error('periodic sets both cron and crons', 'Specs');
  if (p.Enabled && p.Spec === '' && specs.length === 0) sink.error('periodic needs a cron expression', 'Spec');
  if (p.Spec !== '') {
    const problem = cronProblem(p.Spec);
    if (problem !== undefined) sink.error(problem, 'Spec');
  }
  specs.forEach((spec, i) => {
    const problem = cronProblem(spec);
    if (problem !== undefined) sink.error(problem, `Specs[${i}]`);
  });
  if (!isValidTimeZone(p.TimeZone)) sink.error(`unknown time zone "${p.TimeZone}"`, 'TimeZone');
}

/** validateParameterized checks that required and optional meta keys are disjoint. */
export function validateParameterized(sink: IssueSink, p: ParameterizedJobConfig): void {
  const optional = new Set(p.MetaOptional);
  for (const key of p.MetaRequired) {
    if (optional.has(key)) sink.error(`meta key "${key}" is both required and optional`, 'MetaRequired');
  }
}
