/**
 * Body parsing (attributes, blocks, one-line blocks) and the parseHcl entry point that turns
 * one source file into an HclFile syntax tree with exact positions.
 */
import type { AttributeNode, BlockNode, BodyNode, Expression, HclFile, SourceRange } from './ast.js';
import { syntaxError } from './errors.js';
import { lex } from './lexer.js';
import type { HclLimits } from './limits.js';
import { DEFAULT_LIMITS } from './limits.js';
import { parseExpression } from './parse-expression.js';
import type { Token } from './tokens.js';
import { TokenStream, describeToken } from './token-stream.js';

/** parseHcl parses HCL2 native syntax into a syntax tree (no evaluation). */
export function parseHcl(source: string, filename: string, limits: HclLimits = DEFAULT_LIMITS): HclFile {
  if (Buffer.byteLength(source, 'utf8') > limits.maxSourceBytes) {
    throw syntaxError({ file: filename, line: 1, column: 1 }, `source is larger than the limit of ${limits.maxSourceBytes} bytes`);
  }
  const tokens = lex(source, filename, limits);
  const ts = new TokenStream(tokens, source, filename, limits);
  const first = ts.peek();
  const body = parseBodyItems(ts, first, undefined);
  body.range.start = { file: filename, line: 1, column: 1 };
  return { filename, body };
}

/** parseStandaloneExpression parses a source that holds exactly one expression (e.g. a -var value). */
export function parseStandaloneExpression(source: string, filename: string, limits: HclLimits = DEFAULT_LIMITS): Expression {
  const tokens = lex(source, filename, limits);
  const ts = new TokenStream(tokens, source, filename, limits);
  const expr = ts.withNewlines(true, () => parseExpression(ts));
  const rest = ts.withNewlines(true, () => ts.peek());
  if (rest.kind !== 'eof') throw ts.fail(rest, `unexpected ${describeToken(rest)} after the expression`);
  return expr;
}

function parseBodyItems(ts: TokenStream, open: Token, closingBrace: Token | undefined): BodyNode {
  const items: Array<AttributeNode | BlockNode> = [];
  const attributes = new Map<string, AttributeNode>();
  while (true) {
    ts.skipNewlines();
    const token = ts.peek();
    if (token.kind === 'eof') {
      if (closingBrace !== undefined) throw ts.fail(closingBrace, 'block is not closed: missing "}"');
      break;
    }
    if (token.kind === 'punct' && token.text === '}') {
      if (closingBrace === undefined) throw ts.fail(token, 'unexpected "}" outside of a block');
      ts.next();
      break;
    }
    if (token.kind !== 'ident') throw ts.fail(token, `expected an attribute or block, found ${describeToken(token)}`);
    if (ts.isPunct('=', 1)) {
      const attribute = parseAttribute(ts, token);
      const previous = attributes.get(attribute.name);
      if (previous !== undefined) {
        const first = previous.range.start;
        throw ts.fail(token, `attribute "${attribute.name}" is already defined at ${first.file}:${first.line}:${first.column}`);
      }
      attributes.set(attribute.name, attribute);
      items.push(attribute);
    } else {
      items.push(parseBlock(ts, token));
    }
    endOfItem(ts);
  }
  const range: SourceRange = { start: ts.pos(open.start), end: ts.pos((ts.previous ?? open).end) };
  return { items, range };
}

function endOfItem(ts: TokenStream): void {
  const after = ts.peek();
  if (after.kind === 'newline' || after.kind === 'eof') return;
  if (after.kind === 'punct' && after.text === '}') return;
  throw ts.fail(after, `expected a newline after the attribute or block, found ${describeToken(after)}`);
}

function parseAttribute(ts: TokenStream, name: Token): AttributeNode {
  ts.next();
  ts.next();
  ts.countNode(name);
  const expr = parseExpression(ts);
  return {
    kind: 'attribute',
    name: name.text,
    expr,
    range: ts.rangeFrom(name),
    nameRange: { start: ts.pos(name.start), end: ts.pos(name.end) },
  };
}

function parseBlock(ts: TokenStream, typeToken: Token): BlockNode {
  ts.next();
  ts.countNode(typeToken);
  const labels: string[] = [];
  const labelRanges: SourceRange[] = [];
  while (true) {
    const token = ts.peek();
    if (token.kind === 'ident') {
      ts.next();
      labels.push(token.text);
      labelRanges.push({ start: ts.pos(token.start), end: ts.pos(token.end) });
      continue;
    }
    if (token.kind === 'oquote') {
      ts.next();
      const literal = ts.peek();
      let text = '';
      if (literal.kind === 'literal') {
        ts.next();
        text = literal.value;
      }
      const close = ts.peek();
      if (close.kind !== 'cquote') throw ts.fail(close, 'block labels must be literal strings without interpolation');
      ts.next();
      labels.push(text);
      labelRanges.push(ts.rangeFrom(token));
      continue;
    }
    break;
  }
  const open = ts.peek();
  if (!(open.kind === 'punct' && open.text === '{')) {
    throw ts.fail(open, `expected "{" to open block "${typeToken.text}", found ${describeToken(open)}`);
  }
  ts.next();
  ts.enter(open);
  const body = ts.withNewlines(false, () => parseBodyItems(ts, open, open));
  ts.leave();
  return {
    kind: 'block',
    type: typeToken.text,
    labels,
    labelRanges,
    body,
    range: ts.rangeFrom(typeToken),
    typeRange: { start: ts.pos(typeToken.start), end: ts.pos(typeToken.end) },
  };
}
