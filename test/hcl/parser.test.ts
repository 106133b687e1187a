// parseHcl: the syntax tree keeps structure, exact ranges and source text for tools.
import t from 'tap';
import { parseHcl } from '../../jobspecs/hcl/index.js';
import type { AttributeNode, BlockNode, Expression } from '../../jobspecs/hcl/index.js';

const source = `# header
job "web" {
  count = 1 + 2 * 3
  name  = var.prefix["x"].y[*].z
  one_line { a = 1 }
  tpl = "a\${b}c"
}
`;

t.test('bodies, blocks and attributes with ranges', async (t) => {
  const file = parseHcl(source, 'p.hcl');
  t.equal(file.filename, 'p.hcl');
  t.same(file.body.range.start, { file: 'p.hcl', line: 1, column: 1 });
  const job = file.body.items[0] as BlockNode;
  t.equal(job.kind, 'block');
  t.same([job.type, job.labels], ['job', ['web']]);
  t.same(job.range.start, { file: 'p.hcl', line: 2, column: 1 });
  t.same(job.range.end, { file: 'p.hcl', line: 7, column: 2 });
  t.same(job.labelRanges[0]?.start, { file: 'p.hcl', line: 2, column: 5 });
  const [count, name, oneLine, tpl] = job.body.items as [AttributeNode, AttributeNode, BlockNode, AttributeNode];
  t.same(count.nameRange.start, { file: 'p.hcl', line: 3, column: 3 });
  t.equal(count.expr.src, '1 + 2 * 3');
  t.same(count.expr.range.start, { file: 'p.hcl', line: 3, column: 11 });
  t.same(count.expr.range.end, { file: 'p.hcl', line: 3, column: 20 });
  t.equal(name.expr.kind, 'splat');
  t.equal(name.expr.src, 'var.prefix["x"].y[*].z');
  t.same([oneLine.type, (oneLine.body.items[0] as AttributeNode).name], ['one_line', 'a']);
  t.equal(tpl.expr.kind, 'template');
});

function shape(e: Expression): unknown {
  switch (e.kind) {
    case 'binary': return [e.op, shape(e.left), shape(e.right)];
    case 'unary': return [e.op, shape(e.operand)];
    case 'conditional': return ['?', shape(e.condition), shape(e.then), shape(e.else)];
    case 'literal': return e.value;
    case 'variable': return e.name;
    case 'parens': return shape(e.expr);
    case 'getAttr': return ['.', shape(e.object), e.name];
    default: return e.kind;
  }
}

const precedence: Array<[string, unknown]> = [
  ['1 + 2 * 3', ['+', 1, ['*', 2, 3]]],
  ['1 * 2 + 3', ['+', ['*', 1, 2], 3]],
  ['a || b && c', ['||', 'a', ['&&', 'b', 'c']]],
  ['a == b && c != d', ['&&', ['==', 'a', 'b'], ['!=', 'c', 'd']]],
  ['a < b == c > d', ['==', ['<', 'a', 'b'], ['>', 'c', 'd']]],
  ['!a && -b < 0', ['&&', ['!', 'a'], ['<', ['-', 'b'], 0]]],
  ['a ? b : c ? d : e', ['?', 'a', 'b', ['?', 'c', 'd', 'e']]],
  ['a - b - c', ['-', ['-', 'a', 'b'], 'c']],
  ['-a.b', ['-', ['.', 'a', 'b']]],
  ['(a + b) * c', ['*', ['+', 'a', 'b'], 'c']],
];

t.test('operator precedence and associativity', async (t) => {
  for (const [src, expected] of precedence) {
    const attribute = parseHcl(`x = ${src}\n`, 'p.hcl').body.items[0] as AttributeNode;
    t.same(shape(attribute.expr), expected, src);
  }
});
