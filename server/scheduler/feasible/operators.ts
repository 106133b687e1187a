/**
 * Constraint operators (Nomad's checkConstraint), shared by constraints and affinities.
 * distinct_hosts and distinct_property are not operators on two values: they are handled by
 * their own checks and never reach `checkOperator`.
 */
import type { ResolvedTarget } from './target.js';
import { versionSatisfies } from './version.js';

const regexpCache = new Map<string, RegExp | null>();

function compileRegexp(pattern: string): RegExp | null {
  let re = regexpCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern);
    } catch {
      re = null;
    }
    if (regexpCache.size > 1024) regexpCache.clear();
    regexpCache.set(pattern, re);
  }
  return re;
}

const INT = /^[+-]?\d+$/;

/** compareOrdered compares as integers when both parse, else as floats, else lexically. */
function compareOrdered(l: string, r: string): number {
  if (INT.test(l) && INT.test(r)) {
    const a = BigInt(l);
    const b = BigInt(r);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const a = Number(l);
  const b = Number(r);
  if (l.trim() !== '' && r.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  return l < r ? -1 : l > r ? 1 : 0;
}

function splitSet(list: string): Set<string> {
  return new Set(list.split(',').map((s) => s.trim()));
}

/** checkOperator applies `operand` to the resolved left and right targets. Unknown operands
 * are false. */
export function checkOperator(operand: string, l: ResolvedTarget, r: ResolvedTarget): boolean {
  switch (operand) {
    case '=':
    case '==':
    case 'is':
      return l.found && r.found && l.value === r.value;
    case '!=':
    case 'not':
      return !(l.found && r.found && l.value === r.value) && (l.found || r.found);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!l.found || !r.found) return false;
      const c = compareOrdered(l.value, r.value);
      return operand === '<' ? c < 0 : operand === '<=' ? c <= 0 : operand === '>' ? c > 0 : c >= 0;
    }
    case 'is_set':
      return l.found;
    case 'is_not_set':
      return !l.found;
    case 'version':
    case 'semver':
      return l.found && r.found && versionSatisfies(l.value, r.value, operand === 'semver');
    case 'regexp': {
      if (!l.found || !r.found) return false;
      const re = compileRegexp(r.value);
      return re !== null && re.test(l.value);
    }
    case 'set_contains':
    case 'set_contains_all': {
      if (!l.found || !r.found) return false;
      const have = splitSet(l.value);
      for (const want of r.value.split(',')) if (!have.has(want.trim())) return false;
      return true;
    }
    case 'set_contains_any': {
      if (!l.found || !r.found) return false;
      const have = splitSet(l.value);
      for (const want of r.value.split(',')) if (have.has(want.trim())) return true;
      return false;
    }
    default:
      return false;
  }
}
