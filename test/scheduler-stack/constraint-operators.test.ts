/**
 * Constraint operators and target resolution, as specified by Nomad's checkConstraint and
 * resolveTarget. Each row: left value, operand, right value -> holds?
 */
import t from 'tap';
import { checkOperator } from '../../server/scheduler/feasible/operators.js';
import type { ResolvedTarget } from '../../server/scheduler/feasible/target.js';
import { isEscapedTarget, resolveTarget } from '../../server/scheduler/feasible/target.js';
import { constraintHolds, constraintString } from '../../server/scheduler/feasible/constraint-check.js';
import { stackNode } from '../mock/stack-fixtures.js';

const MISSING = undefined;
const v = (x: string | undefined): ResolvedTarget => (x === undefined ? { found: false } : { found: true, value: x });

const rows: Array<[string | undefined, string, string | undefined, boolean]> = [
  // equality
  ['linux', '=', 'linux', true],
  ['linux', '==', 'linux', true],
  ['linux', 'is', 'linux', true],
  ['linux', '=', 'windows', false],
  [MISSING, '=', 'linux', false],
  // inequality: a missing value is different
  ['linux', '!=', 'windows', true],
  ['linux', 'not', 'linux', false],
  [MISSING, '!=', 'linux', true],
  [MISSING, '!=', MISSING, false],
  // ordering: integers, then floats, then lexical
  ['10', '>', '9', true],
  ['10', '<', '9', false],
  ['1.5', '<', '1.25', false],
  ['1.5', '>=', '1.5', true],
  ['abc', '<', 'abd', true],
  ['b', '<=', 'a', false],
  [MISSING, '<', '3', false],
  // presence
  ['x', 'is_set', MISSING, true],
  [MISSING, 'is_set', MISSING, false],
  [MISSING, 'is_not_set', MISSING, true],
  ['x', 'is_not_set', MISSING, false],
  // versions (go-version: loose)
  ['1.2.3', 'version', '>= 1.2, < 2', true],
  ['2.0.0', 'version', '>= 1.2, < 2', false],
  ['1.2', 'version', '~> 1.2', true],
  ['1.9.9', 'version', '~> 1.2', true],
  ['2.0', 'version', '~> 1.2', false],
  ['1.2.9', 'version', '~> 1.2.3', true],
  ['1.3.0', 'version', '~> 1.2.3', false],
  ['1.3.0-beta1', 'version', '>= 1.2', false],
  ['v1.4', 'version', '= 1.4.0', true],
  ['junk', 'version', '>= 1', false],
  // semver (strict)
  ['1.2.3', 'semver', '>= 1.2.0', true],
  ['1.2', 'semver', '>= 1.0.0', false],
  ['1.3.0-beta.1', 'semver', '>= 1.2.0', true],
  ['1.0.0-alpha', 'semver', '< 1.0.0', true],
  ['1.0.0-alpha.1', 'semver', '> 1.0.0-alpha', true],
  ['1.0.0-alpha.beta', 'semver', '> 1.0.0-alpha.1', true],
  ['1.2.3', 'semver', '~> 1.2.0', false],
  // regexp (unanchored, like Go's MatchString)
  ['linux-amd64', 'regexp', '^linux', true],
  ['darwin', 'regexp', 'linux', false],
  ['x', 'regexp', '(', false],
  // sets
  ['a, b ,c', 'set_contains', 'a,c', true],
  ['a,b,c', 'set_contains_all', 'a,d', false],
  ['a,b,c', 'set_contains_any', 'd,b', true],
  ['a,b,c', 'set_contains_any', 'd,e', false],
  // unknown operands never hold
  ['a', 'near', 'a', false],
];

t.test('operators', async (t) => {
  for (const [l, op, r, want] of rows) {
    t.equal(checkOperator(op, v(l), v(r)), want, `${l ?? '<missing>'} ${op} ${r ?? '<missing>'} -> ${want}`);
  }
});

t.test('target resolution', async (t) => {
  const node = stackNode({ ID: 'node-id-1', Name: 'n1', Datacenter: 'dc7', NodeClass: 'big', NodePool: 'gpu', Meta: { rack: 'r1' } });
  const cases: Array<[string, ResolvedTarget]> = [
    ['linux', { found: true, value: 'linux' }],
    ['${node.unique.id}', { found: true, value: 'node-id-1' }],
    ['${node.unique.name}', { found: true, value: 'n1' }],
    ['${node.datacenter}', { found: true, value: 'dc7' }],
    ['${node.class}', { found: true, value: 'big' }],
    ['${node.pool}', { found: true, value: 'gpu' }],
    ['${attr.kernel.name}', { found: true, value: 'linux' }],
    ['${meta.rack}', { found: true, value: 'r1' }],
    ['${meta.missing}', { found: false }],
    ['${node.region}', { found: false }],
    ['${env.HOME}', { found: false }],
  ];
  for (const [target, want] of cases) t.same(resolveTarget(target, node), want, target);
});

t.test('escaped targets read unique node values', async (t) => {
  t.ok(isEscapedTarget('${node.unique.id}'));
  t.ok(isEscapedTarget('${attr.unique.hostname}'));
  t.ok(isEscapedTarget('${meta.unique.serial}'));
  t.notOk(isEscapedTarget('${attr.kernel.name}'));
  t.notOk(isEscapedTarget('${node.datacenter}'));
});

t.test('constraints against a node, rendered like Nomad', async (t) => {
  const node = stackNode();
  const c = { LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '=' };
  t.equal(constraintString(c), '${attr.kernel.name} = linux');
  t.ok(constraintHolds(c, node));
  t.notOk(constraintHolds({ LTarget: '${meta.version}', RTarget: '>= 5.7', Operand: 'version' }, node));
  t.ok(constraintHolds({ LTarget: '${attr.consul.version}', RTarget: '>= 1.10.0', Operand: 'semver' }, node));
});
