/**
 * Expression parsing with HCL's operator precedence (lowest first):
 * `? :`, `||`, `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, unary `! -`, then postfix
 * traversals (`.attr`, `.0`, `[key]`, `[*]`, `.*`) on primaries (literals, templates,
 * variables, calls, tuples, objects, for expressions, parentheses).
 */
import type { BinaryOperator, Expression, ObjectItem } from './ast.js';
import { parseTemplate } from './parse-template.js';
import type { Token } from './tokens.js';
import type { TokenStream } from './token-stream.js';
import { describeToken } from './token-stream.js';

type ExpressionBody = Expression extends infer E ? (E extends Expression ? Omit<E, 'range' | 'src'> : never) : never;

const PRECEDENCE: BinaryOperator[][] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

function finish(ts: TokenStream, start: Token, body: ExpressionBody): Expression {
  ts.countNode(start);
  return { ...body, range: ts.rangeFrom(start), src: ts.textFrom(start) } as Expression;
}

/** parseExpression parses one full expression (including the conditional operator). */
export function parseExpression(ts: TokenStream): Expression {
  const start = ts.peek();
  ts.enter(start);
  try {
    const condition = parseBinary(ts, 0);
    if (!ts.isPunct('?')) return condition;
    ts.next();
    const thenExpr = parseExpression(ts);
    ts.expectPunct(':', 'in conditional expression');
    const elseExpr = parseExpression(ts);
    return finish(ts, start, { kind: 'conditional', condition, then: thenExpr, else: elseExpr });
  } finally {
    ts.leave();
  }
}

function parseBinary(ts: TokenStream, level: number): Expression {
  const operators = PRECEDENCE[level];
  if (operators === undefined) return parseUnary(ts);
  const start = ts.peek();
  let left = parseBinary(ts, level + 1);
  while (true) {
    const token = ts.peek();
    if (token.kind !== 'punct' || !(operators as string[]).includes(token.text)) return left;
    ts.next();
    const right = parseBinary(ts, level + 1);
    left = finish(ts, start, { kind: 'binary', op: token.text as BinaryOperator, left, right });
  }
}

function parseUnary(ts: TokenStream): Expression {
  const start = ts.peek();
  if (start.kind === 'punct' && (start.text === '!' || start.text === '-')) {
    ts.next();
    ts.enter(start);
    const operand = parseUnary(ts);
    ts.leave();
    return finish(ts, start, { kind: 'unary', op: start.text, operand });
  }
  return parsePostfix(ts, start, parsePrimary(ts), 'all');
}

/**
 * Applies traversals to `base`. In a splat's element expression the mode restricts which
 * traversals belong to the splat (`.*` takes only attribute steps).
 */
function parsePostfix(ts: TokenStream, start: Token, base: Expression, mode: 'all' | 'attributesOnly'): Expression {
  let current = base;
  while (true) {
    if (ts.isPunct('.')) {
      const dot = ts.next();
      const step = ts.peek();
      if (step.kind === 'ident') {
        ts.next();
        current = finish(ts, start, { kind: 'getAttr', object: current, name: step.text });
      } else if (step.kind === 'number') {
        ts.next();
        const key = finish(ts, step, { kind: 'literal', value: Number(step.text) });
        current = finish(ts, start, { kind: 'index', object: current, key, legacy: true });
      } else if (step.kind === 'punct' && step.text === '*') {
        if (mode === 'attributesOnly') throw ts.fail(step, 'nested splat is not allowed here');
        ts.next();
        const item = finish(ts, step, { kind: 'splatItem' });
        const each = parsePostfix(ts, step, item, 'attributesOnly');
        current = finish(ts, start, { kind: 'splat', source: current, each });
      } else {
        throw ts.fail(dot, `expected attribute name after ".", found ${describeToken(step)}`);
      }
      continue;
    }
    if (ts.isPunct('[') && mode === 'all') {
      const open = ts.next();
      if (ts.isPunct('*') && ts.isPunct(']', 1)) {
        ts.next();
        ts.next();
        const item = finish(ts, open, { kind: 'splatItem' });
        ts.enter(open);
        const each = parsePostfix(ts, open, item, 'all');
        ts.leave();
        return finish(ts, start, { kind: 'splat', source: current, each });
      }
      const key = ts.withNewlines(true, () => {
        const expr = parseExpression(ts);
        ts.expectPunct(']', 'to close the index');
        return expr;
      });
      current = finish(ts, start, { kind: 'index', object: current, key, legacy: false });
      continue;
    }
    return current;
  }
}

function parsePrimary(ts: TokenStream): Expression {
  const token = ts.peek();
  switch (token.kind) {
    case 'number': {
      ts.next();
      const value = Number(token.text);
      if (!Number.isFinite(value)) throw ts.fail(token, `number ${token.text} is out of range`);
      return finish(ts, token, { kind: 'literal', value });
    }
    case 'ident':
      return parseIdentifierExpression(ts, token);
    case 'oquote':
    case 'oheredoc':
      ts.next();
      return parseTemplate(ts, token, parseExpression);
    case 'punct':
      if (token.text === '(') return parseParens(ts, token);
      if (token.text === '[') return parseTupleOrFor(ts, token);
      if (token.text === '{') return parseObjectOrFor(ts, token);
      break;
    default:
      break;
  }
  throw ts.fail(token, `expected an expression, found ${describeToken(token)}`);
}

function parseIdentifierExpression(ts: TokenStream, token: Token): Expression {
  ts.next();
  switch (token.text) {
    case 'true': return finish(ts, token, { kind: 'literal', value: true });
    case 'false': return finish(ts, token, { kind: 'literal', value: false });
    case 'null': return finish(ts, token, { kind: 'literal', value: null });
    default: break;
  }
  let name = token.text;
  while (ts.isPunct('::') && ts.isIdent(undefined, 1)) {
    ts.next();
    name += `::${ts.next().text}`;
  }
  if (!ts.isPunct('(')) {
    if (name.includes('::')) throw ts.fail(token, `expected "(" after function name "${name}"`);
    return finish(ts, token, { kind: 'variable', name });
  }
  ts.next();
  const { args, expandFinal } = ts.withNewlines(true, () => {
    const collected: Expression[] = [];
    let expand = false;
    while (!ts.isPunct(')')) {
      collected.push(parseExpression(ts));
      if (ts.isPunct('...')) {
        ts.next();
        expand = true;
        if (!ts.isPunct(')')) throw ts.fail(ts.peek(), 'the "..." expansion must be on the last argument');
        break;
      }
      if (ts.isPunct(',')) {
        ts.next();
        continue;
      }
      if (!ts.isPunct(')')) throw ts.fail(ts.peek(), `expected "," or ")" in arguments of ${name}(), found ${describeToken(ts.peek())}`);
    }
    ts.next();
    return { args: collected, expandFinal: expand };
  });
  return finish(ts, token, { kind: 'call', name, args, expandFinal });
}

function parseParens(ts: TokenStream, open: Token): Expression {
  ts.next();
  const expr = ts.withNewlines(true, () => {
    const inner = parseExpression(ts);
    ts.expectPunct(')', 'to close the parenthesis');
    return inner;
  });
  return finish(ts, open, { kind: 'parens', expr });
}

function isForStart(ts: TokenStream): boolean {
  return ts.isIdent('for') && ts.isIdent(undefined, 1);
}

function parseTupleOrFor(ts: TokenStream, open: Token): Expression {
  ts.next();
  return ts.withNewlines(true, () => {
    if (isForStart(ts)) return parseFor(ts, open, ']');
    const items: Expression[] = [];
    while (!ts.isPunct(']')) {
      items.push(parseExpression(ts));
      if (ts.isPunct(',')) {
        ts.next();
        continue;
      }
      if (!ts.isPunct(']')) throw ts.fail(ts.peek(), `expected "," or "]" in tuple, found ${describeToken(ts.peek())}`);
    }
    ts.next();
    return finish(ts, open, { kind: 'tuple', items });
  });
}

function parseObjectOrFor(ts: TokenStream, open: Token): Expression {
  ts.next();
  return ts.withNewlines(false, () => {
    ts.skipNewlines();
    if (isForStart(ts)) return ts.withNewlines(true, () => parseFor(ts, open, '}'));
    const items: ObjectItem[] = [];
    while (true) {
      ts.skipNewlines();
      if (ts.isPunct('}')) break;
      items.push(parseObjectItem(ts));
      if (ts.isPunct(',')) {
        ts.next();
        continue;
      }
      const after = ts.peek();
      if (after.kind === 'newline' || (after.kind === 'punct' && after.text === '}')) continue;
      throw ts.fail(after, `expected "," or a newline after object item, found ${describeToken(after)}`);
    }
    ts.next();
    return finish(ts, open, { kind: 'object', items });
  });
}

function parseObjectItem(ts: TokenStream): ObjectItem {
  const keyStart = ts.peek();
  let key: Expression;
  if (keyStart.kind === 'ident' && (ts.isPunct('=', 1) || ts.isPunct(':', 1))) {
    ts.next();
    key = finish(ts, keyStart, { kind: 'literal', value: keyStart.text });
  } else {
    key = parseExpression(ts);
  }
  const separator = ts.peek();
  if (separator.kind !== 'punct' || (separator.text !== '=' && separator.text !== ':')) {
    throw ts.fail(separator, `expected "=" or ":" after object key, found ${describeToken(separator)}`);
  }
  ts.next();
  const value = ts.withNewlines(false, () => parseExpression(ts));
  return { key, value };
}

function parseFor(ts: TokenStream, open: Token, close: ']' | '}'): Expression {
  ts.next();
  const first = ts.expectKind('ident', 'iterator name after "for"').text;
  let second: string | undefined;
  if (ts.isPunct(',')) {
    ts.next();
    second = ts.expectKind('ident', 'value iterator name').text;
  }
  const inKeyword = ts.expectKind('ident', '"in"');
  if (inKeyword.text !== 'in') throw ts.fail(inKeyword, `expected "in", found "${inKeyword.text}"`);
  const collection = parseExpression(ts);
  ts.expectPunct(':', 'after the for expression collection');
  let keyExpr: Expression | undefined;
  let valueExpr = parseExpression(ts);
  let group = false;
  if (close === '}') {
    ts.expectPunct('=>', 'in an object for expression');
    keyExpr = valueExpr;
    valueExpr = parseExpression(ts);
    if (ts.isPunct('...')) {
      ts.next();
      group = true;
    }
  }
  let condition: Expression | undefined;
  if (ts.isIdent('if')) {
    ts.next();
    condition = parseExpression(ts);
  }
  ts.expectPunct(close, 'to close the for expression');
  const keyVar = second === undefined ? undefined : first;
  const valueVar = second ?? first;
  return finish(ts, open, { kind: 'for', keyVar, valueVar, collection, keyExpr, valueExpr, condition, group });
}
