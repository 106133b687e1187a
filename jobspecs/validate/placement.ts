/**
 * Validation of constraints, affinities and spreads.
 */
import type { Affinity, Constraint, Spread } from '../../api/structs/job.js';
import { CONSTRAINT_OPERATORS } from '../schema/blocks/placement.js';
import type { IssueSink } from './issues.js';

const OPERATORS: ReadonlySet<string> = new Set(CONSTRAINT_OPERATORS);
const NO_TARGET_OPERATORS = new Set(['distinct_hosts', 'distinct_property', 'is_set', 'is_not_set']);

function validateTarget(sink: IssueSink, c: Constraint, what: string): void {
  if (!OPERATORS.has(c.Operand)) {
    sink.error(`${what} operator "${c.Operand}" is not one of ${CONSTRAINT_OPERATORS.join(', ')}`, 'Operand');
    return;
  }
  if (c.Operand === 'distinct_hosts' || c.Operand === 'distinct_property') return;
  if (c.LTarget === '') sink.error(`${what} needs an attribute`, 'LTarget');
  if (!NO_TARGET_OPERATORS.has(c.Operand) && c.RTarget === '') sink.error(`${what} with operator "${c.Operand}" needs a value`, 'RTarget');
  if (c.Operand === 'regexp') {
    try {
      new RegExp(c.RTarget);
    } catch {
      sink.error(`${what} value "${c.RTarget}" is not a valid regular expression`, 'RTarget');
    }
  }
}

/** validateConstraints checks operators and targets. */
export function validateConstraints(sink: IssueSink, constraints: readonly Constraint[] | undefined): void {
  constraints?.forEach((c, i) => validateTarget(sink.at('Constraints', i), c, 'constraint'));
}

/** validateAffinities checks operators, targets and weight (-100..100, not 0). */
export function validateAffinities(sink: IssueSink, affinities: readonly Affinity[] | undefined): void {
  affinities?.forEach((a, i) => {
    const at = sink.at('Affinities', i);
    if (a.Operand === 'distinct_hosts' || a.Operand === 'distinct_property') at.error(`affinity operator "${a.Operand}" is only valid in a constraint`, 'Operand');
    else validateTarget(at, a, 'affinity');
    if (a.Weight === 0 || a.Weight < -100 || a.Weight > 100) at.error(`affinity weight must be within -100..100 and not 0, got ${a.Weight}`, 'Weight');
  });
}

/** validateSpreads checks attribute, weight and that target percentages sum to at most 100. */
export function validateSpreads(sink: IssueSink, spreads: readonly Spread[] | undefined): void {
  spreads?.forEach((s, i) => {
    const at = sink.at('Spreads', i);
    if (s.Attribute === '') at.error('spread needs an attribute', 'Attribute');
    if (s.Weight <= 0 || s.Weight > 100) at.error(`spread weight must be within 1..100, got ${s.Weight}`, 'Weight');
    const total = s.SpreadTarget.reduce((sum, t) => sum + t.Percent, 0);
    if (total > 100) at.error(`spread target percentages sum to ${total}, more than 100`, 'SpreadTarget');
    const seen = new Set<string>();
    s.SpreadTarget.forEach((t, j) => {
      if (seen.has(t.Value)) at.at('SpreadTarget', j).error(`spread target "${t.Value}" is listed twice`);
      seen.add(t.Value);
    });
  });
}
