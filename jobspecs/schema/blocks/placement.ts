/**
 * Placement blocks: `constraint`, `affinity`, `spread` (+ `target`). Valid at job, group and
 * task level (spread: job and group), and inside `device`.
 */
import { field, int, many, str, type BlockSpec, type FinishContext, type JsonObject } from '../spec.js';

/** The operators Nomad accepts in `constraint` and `affinity`. */
export const CONSTRAINT_OPERATORS = [
  '=', '==', 'is', '!=', 'not', '<', '<=', '>', '>=', 'version', 'semver', 'regexp',
  'set_contains', 'set_contains_all', 'set_contains_any', 'distinct_hosts', 'distinct_property',
  'is_set', 'is_not_set',
] as const;

/** The HCL shortcut attributes of `constraint` (`distinct_hosts = true` etc.) and their operator. */
const OPERATOR_SHORTCUTS = ['version', 'semver', 'regexp', 'set_contains', 'set_contains_any', 'set_contains_all', 'distinct_hosts', 'distinct_property'] as const;

/** finishConstraint turns HCL shortcut attributes into `Operand` + targets, as Nomad's jobspec does. */
function finishConstraint(c: JsonObject, ctx: FinishContext): void {
  for (const shortcut of OPERATOR_SHORTCUTS) {
    const value = c[shortcut];
    if (value === undefined) continue;
    delete c[shortcut];
    if (c.Operand !== undefined && c.Operand !== shortcut) {
      ctx.fail(`constraint sets both operator "${String(c.Operand)}" and the "${shortcut}" shortcut`);
      return;
    }
    c.Operand = shortcut;
    if (shortcut === 'distinct_hosts') {
      c.RTarget = String(value);
    } else if (shortcut === 'distinct_property') {
      c.LTarget = String(value);
    } else {
      c.RTarget = String(value);
    }
  }
  if (c.Operand === undefined) c.Operand = '=';
}

const targetFields = [
  field('attribute', 'LTarget', str(), 'The node attribute to test, e.g. `${attr.kernel.name}` or `${meta.rack}`.'),
  field('operator', 'Operand', str(CONSTRAINT_OPERATORS), 'The comparison operator.', '='),
  field('value', 'RTarget', str(), 'The value to compare the attribute with.'),
];

/** constraintBlock is `constraint { attribute, operator, value }` (+ operator shortcuts). */
export const constraintBlock = {
  name: 'constraint',
  doc: 'A hard placement requirement: nodes that do not satisfy it are never used.',
  fields: [
    ...targetFields,
    field('version', undefined, str(), 'Shortcut for `operator = "version"`, `value = <this>`.'),
    field('semver', undefined, str(), 'Shortcut for `operator = "semver"`, `value = <this>`.'),
    field('regexp', undefined, str(), 'Shortcut for `operator = "regexp"`, `value = <this>`.'),
    field('set_contains', undefined, str(), 'Shortcut for `operator = "set_contains"`, `value = <this>`.'),
    field('set_contains_any', undefined, str(), 'Shortcut for `operator = "set_contains_any"`, `value = <this>`.'),
    field('set_contains_all', undefined, str(), 'Shortcut for `operator = "set_contains_all"`, `value = <this>`.'),
    field('distinct_hosts', undefined, { kind: 'boolean' }, 'Place each allocation of the group on a different node.'),
    field('distinct_property', undefined, str(), 'Spread allocations over distinct values of this property (at most `value` per value).'),
  ],
  finish: finishConstraint,
} satisfies BlockSpec;

/** affinityBlock is `affinity { attribute, operator, value, weight }`. */
export const affinityBlock = {
  name: 'affinity',
  doc: 'A soft placement preference: matching nodes score higher (or lower, with a negative weight).',
  fields: [
    ...targetFields,
    field('weight', 'Weight', int(-100, 100), 'Strength of the preference, -100..100 (not 0).', '50'),
  ],
  finish: (a) => {
    if (a.Operand === undefined) a.Operand = '=';
  },
} satisfies BlockSpec;

/** spreadTargetBlock is `target "value" { percent }`. */
export const spreadTargetBlock = {
  name: 'target',
  doc: 'The desired share of allocations for one value of the spread attribute.',
  label: { json: 'Value', what: 'value' },
  fields: [
    field(undefined, 'Value', str(), 'The attribute value this target is for.'),
    field('percent', 'Percent', int(0, 100), 'Share of the allocations, in percent.'),
  ],
} satisfies BlockSpec;

/** spreadBlock is `spread { attribute, weight, target }`. */
export const spreadBlock = {
  name: 'spread',
  doc: 'Spreads allocations over the values of a node attribute (e.g. datacenter or rack).',
  fields: [
    field('attribute', 'Attribute', str(), 'The node attribute to spread over, e.g. `${node.datacenter}`.'),
    field('weight', 'Weight', int(0, 100), 'Relative weight of this spread, 0..100.', '50'),
    field('target', 'SpreadTarget', many(spreadTargetBlock), 'Desired shares per value; without targets values are spread evenly.'),
  ],
} satisfies BlockSpec;
