// Every expression form of the HCL2 native syntax, as a table: source -> value.
import t from 'tap';
import { evalOrError } from './helpers.js';

const prelude = `
locals {
  list   = ["a", "b", "c"]
  nums   = [3, 1, 2]
  m      = { one = 1, two = 2, three = 3 }
  people = [{ name = "ann", age = 30 }, { name = "bob", age = 20 }]
  nested = { a = { b = [10, 20, { c = "deep" }] } }
}`;

const cases: Array<[string, unknown]> = [
  // literals
  ['42', 42],
  ['3.25', 3.25],
  ['1e3', 1000],
  ['1.5E-1', 0.15],
  ['true', true],
  ['false', false],
  ['null', null],
  ['"plain"', 'plain'],
  ['"esc \\" \\\\ \\n \\t \\u00e9 \\U0001F600"', 'esc " \\ \n \t é 😀'],
  // tuples and objects
  ['[]', []],
  ['[1, "two", true, null,]', [1, 'two', true, null]],
  ['[\n  1,\n  2\n]', [1, 2]],
  ['{}', {}],
  ['{ a = 1, b = "x" }', { a: 1, b: 'x' }],
  ['{ "quoted key" : 1 }', { 'quoted key': 1 }],
  ['{\n  a = 1\n  b = 2\n}', { a: 1, b: 2 }],
  ['{ (local.list[0]) = "computed" }', { a: 'computed' }],
  ['{ "${local.list[1]}-k" = 1 }', { 'b-k': 1 }],
  // arithmetic and precedence
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 / 4', 2.5],
  ['10 % 4', 2],
  ['-5 + 2', -3],
  ['- - 5', 5],
  ['2 * -3', -6],
  ['"3" + 4', 7],
  ['10 - 2 - 3', 5],
  ['100 / 10 / 5', 2],
  // comparison and logic
  ['1 < 2', true],
  ['2 <= 2', true],
  ['3 > 4', false],
  ['4 >= 5', false],
  ['1 == 1', true],
  ['1 == "1"', false],
  ['"a" != "b"', true],
  ['[1, 2] == [1, 2]', true],
  ['{ a = 1 } == { a = 1 }', true],
  ['!true', false],
  ['true && false || true', true],
  ['true || false && false', true],
  ['!(1 > 2) && 2 > 1', true],
  ['1 + 1 == 2 && "x" == "x"', true],
  // conditional
  ['1 > 0 ? "yes" : "no"', 'yes'],
  ['false ? 1 : true ? 2 : 3', 2],
  ['"true" ? 1 : 2', 1],
  // traversal
  ['local.list[1]', 'b'],
  ['local.list.2', 'c'],
  ['local.m.two', 2],
  ['local.m["three"]', 3],
  ['local.nested.a.b[2].c', 'deep'],
  ['local.nested["a"]["b"][0]', 10],
  ['local.list["1"]', 'b'],
  // splats
  ['local.people[*].name', ['ann', 'bob']],
  ['local.people.*.age', [30, 20]],
  ['[{ a = [1, 2] }, { a = [3, 4] }][*].a[1]', [2, 4]],
  ['null[*]', []],
  ['"single"[*]', ['single']],
  ['[[1, 2], [3, 4]][*][0]', [1, 3]],
  // function calls
  ['upper("x")', 'X'],
  ['max(local.nums...)', 3],
  ['format("%s-%s", ["a", "b"]...)', 'a-b'],
  ['join(",",\n  local.list\n)', 'a,b,c'],
  // for expressions
  ['[for s in local.list : upper(s)]', ['A', 'B', 'C']],
  ['[for i, s in local.list : "${i}:${s}"]', ['0:a', '1:b', '2:c']],
  ['[for n in local.nums : n * 2 if n > 1]', [6, 4]],
  ['{ for k, v in local.m : k => v * 10 }', { one: 10, two: 20, three: 30 }],
  ['{ for p in local.people : p.name => p.age }', { ann: 30, bob: 20 }],
  ['{ for k, v in local.m : v % 2 == 0 ? "even" : "odd" => k... }', { odd: ['one', 'three'], even: ['two'] }],
  ['[for k, v in local.m : k]', ['one', 'three', 'two']],
  ['[for s in local.list : s if s != "b"]', ['a', 'c']],
  ['{\n  for s in local.list :\n  s => upper(s)\n}', { a: 'A', b: 'B', c: 'C' }],
  // comments inside expressions
  ['[1, # one\n 2 // two\n , /* three */ 3]', [1, 2, 3]],
];

for (const [source, expected] of cases) {
  t.same(evalOrError(source, prelude), expected, source.replace(/\n/g, '\\n'));
}
