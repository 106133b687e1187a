/**
 * Template parsing: quoted strings and heredocs become a list of TemplateParts. Handles
 * `${...}` interpolation, `%{if}/%{else}/%{endif}` and `%{for}/%{endfor}` directives, the
 * `~` strip markers and `<<-` heredoc indentation stripping.
 */
import type { Expression, SourceRange, TemplatePart } from './ast.js';
import type { Token } from './tokens.js';
import type { TokenStream } from './token-stream.js';
import { describeToken } from './token-stream.js';

/** ParseExpressionFn parses one expression (injected to avoid a module cycle). */
export type ParseExpressionFn = (ts: TokenStream) => Expression;

type Directive =
  | { kind: 'if'; condition: Expression }
  | { kind: 'else' }
  | { kind: 'endif' }
  | { kind: 'for'; keyVar: string | undefined; valueVar: string; collection: Expression }
  | { kind: 'endfor' };

type FlatItem =
  | { kind: 'literal'; text: string; range: SourceRange; lineStart: boolean }
  | { kind: 'interpolation'; expr: Expression; range: SourceRange; src: string; stripBefore: boolean; stripAfter: boolean; lineStart: boolean }
  | { kind: 'directive'; directive: Directive; range: SourceRange; stripBefore: boolean; stripAfter: boolean; open: Token };

/** parseTemplate parses from an `oquote` or `oheredoc` token (already consumed) to its end. */
export function parseTemplate(ts: TokenStream, open: Token, parseExpression: ParseExpressionFn): Expression {
  const heredoc = open.kind === 'oheredoc';
  const closeKind = heredoc ? 'cheredoc' : 'cquote';
  ts.enter(open);
  const items = ts.withNewlines(false, () => readFlatItems(ts, closeKind, heredoc, parseExpression));
  ts.next();
  ts.leave();
  if (heredoc && open.heredoc?.flush === true) stripIndentation(items);
  applyStripMarkers(items);
  const range = ts.rangeFrom(open);
  const src = ts.textFrom(open);
  const meaningful = items.filter((item) => item.kind !== 'literal' || item.text !== '');
  const only = meaningful[0];
  if (meaningful.length === 1 && only !== undefined && only.kind === 'interpolation') {
    return { kind: 'templateWrap', expr: only.expr, interpolationSrc: only.src, range, src };
  }
  const cursor = { index: 0 };
  const parts = buildParts(ts, meaningful, cursor, [], 0);
  return { kind: 'template', parts: parts.parts, heredoc, range, src };
}

function readFlatItems(ts: TokenStream, closeKind: 'cquote' | 'cheredoc', heredoc: boolean, parseExpression: ParseExpressionFn): FlatItem[] {
  const items: FlatItem[] = [];
  let atLineStart = heredoc;
  while (true) {
    const token = ts.peek();
    if (token.kind === closeKind) return items;
    if (token.kind === 'literal') {
      ts.next();
      ts.countNode(token);
      items.push({ kind: 'literal', text: token.value, range: ts.rangeFrom(token), lineStart: token.lineStart === true });
      atLineStart = heredoc && token.value.endsWith('\n');
      continue;
    }
    if (token.kind === 'interp' || token.kind === 'control') {
      ts.next();
      ts.countNode(token);
      ts.enter(token);
      const stripBefore = consumeStrip(ts);
      const item = ts.withNewlines(true, (): FlatItem => {
        if (token.kind === 'interp') {
          const expr = parseExpression(ts);
          const stripAfter = consumeStrip(ts);
          ts.expectKind('seqend', 'closing "}" of the interpolation');
          return { kind: 'interpolation', expr, range: ts.rangeFrom(token), src: ts.textFrom(token), stripBefore, stripAfter, lineStart: atLineStart };
        }
        const directive = parseDirective(ts, parseExpression);
        const stripAfter = consumeStrip(ts);
        ts.expectKind('seqend', 'closing "}" of the template directive');
        return { kind: 'directive', directive, range: ts.rangeFrom(token), stripBefore, stripAfter, open: token };
      });
      ts.leave();
      items.push(item);
      atLineStart = false;
      continue;
    }
    throw ts.fail(token, `unexpected ${describeToken(token)} in template`);
  }
}

function consumeStrip(ts: TokenStream): boolean {
  if (ts.peek().kind !== 'strip') return false;
  ts.next();
  return true;
}

function parseDirective(ts: TokenStream, parseExpression: ParseExpressionFn): Directive {
  const keyword = ts.expectKind('ident', 'template directive keyword (if, else, endif, for, endfor)');
  switch (keyword.text) {
    case 'if':
      return { kind: 'if', condition: parseExpression(ts) };
    case 'else':
      return { kind: 'else' };
    case 'endif':
      return { kind: 'endif' };
    case 'endfor':
      return { kind: 'endfor' };
    case 'for': {
      const first = ts.expectKind('ident', 'iterator name after "for"').text;
      let second: string | undefined;
      if (ts.isPunct(',')) {
        ts.next();
        second = ts.expectKind('ident', 'value iterator name').text;
      }
      const inKeyword = ts.expectKind('ident', '"in"');
      if (inKeyword.text !== 'in') throw ts.fail(inKeyword, `expected "in", found "${inKeyword.text}"`);
      const collection = parseExpression(ts);
      return second === undefined
        ? { kind: 'for', keyVar: undefined, valueVar: first, collection }
        : { kind: 'for', keyVar: first, valueVar: second, collection };
    }
    default:
      throw ts.fail(keyword, `unknown template directive "${keyword.text}" (expected if, else, endif, for or endfor)`);
  }
}

/** Removes the smallest common leading whitespace from every line (the `<<-` form). */
function stripIndentation(items: FlatItem[]): void {
  let minimum = Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (item.kind === 'literal' && item.lineStart) {
      if (item.text.trim() === '' && item.text.endsWith('\n')) continue;
      const indent = /^[ \t]*/.exec(item.text)?.[0].length ?? 0;
      minimum = Math.min(minimum, indent);
    } else if (item.kind === 'interpolation' && item.lineStart) {
      minimum = 0;
    }
  }
  if (!Number.isFinite(minimum) || minimum === 0) return;
  for (const item of items) {
    if (item.kind === 'literal' && item.lineStart) {
      const indent = /^[ \t]*/.exec(item.text)?.[0].length ?? 0;
      item.text = item.text.slice(Math.min(indent, minimum));
    }
  }
}

function applyStripMarkers(items: FlatItem[]): void {
  items.forEach((item, i) => {
    if (item.kind === 'literal') return;
    const before = items[i - 1];
    const after = items[i + 1];
    if (item.stripBefore && before?.kind === 'literal') before.text = before.text.replace(/\s+$/u, '');
    if (item.stripAfter && after?.kind === 'literal') after.text = after.text.replace(/^\s+/u, '');
  });
}

function buildParts(ts: TokenStream, items: FlatItem[], cursor: { index: number }, stopAt: string[], depth: number): { parts: TemplatePart[]; stoppedBy: FlatItem | undefined } {
  const parts: TemplatePart[] = [];
  const opener = items[cursor.index - 1];
  if (depth > ts.limits.maxNestingDepth && opener?.kind === 'directive') {
    throw ts.fail(opener.open, `template directives nested deeper than the limit of ${ts.limits.maxNestingDepth}`);
  }
  while (cursor.index < items.length) {
    const item = items[cursor.index];
    if (item === undefined) break;
    cursor.index++;
    if (item.kind === 'literal') {
      if (item.text !== '') parts.push({ kind: 'literal', text: item.text, range: item.range });
      continue;
    }
    if (item.kind === 'interpolation') {
      parts.push({ kind: 'interpolation', expr: item.expr, range: item.range, src: item.src });
      continue;
    }
    const directive = item.directive;
    switch (directive.kind) {
      case 'if': {
        const thenPart = buildParts(ts, items, cursor, ['else', 'endif'], depth + 1);
        let elseParts: TemplatePart[] = [];
        if (thenPart.stoppedBy?.kind === 'directive' && thenPart.stoppedBy.directive.kind === 'else') {
          const elsePart = buildParts(ts, items, cursor, ['endif'], depth + 1);
          requireStop(ts, item, elsePart.stoppedBy, 'endif');
          elseParts = elsePart.parts;
        } else {
          requireStop(ts, item, thenPart.stoppedBy, 'endif');
        }
        parts.push({ kind: 'if', condition: directive.condition, then: thenPart.parts, else: elseParts, range: item.range });
        break;
      }
      case 'for': {
        const body = buildParts(ts, items, cursor, ['endfor'], depth + 1);
        requireStop(ts, item, body.stoppedBy, 'endfor');
        parts.push({ kind: 'for', keyVar: directive.keyVar, valueVar: directive.valueVar, collection: directive.collection, body: body.parts, range: item.range });
        break;
      }
      case 'else':
      case 'endif':
      case 'endfor':
        if (stopAt.includes(directive.kind)) return { parts, stoppedBy: item };
        throw ts.fail(item.open, `unexpected %{${directive.kind}} without a matching opening directive`);
    }
  }
  return { parts, stoppedBy: undefined };
}

function requireStop(ts: TokenStream, opener: Extract<FlatItem, { kind: 'directive' }>, stoppedBy: FlatItem | undefined, wanted: string): void {
  if (stoppedBy?.kind === 'directive' && stoppedBy.directive.kind === wanted) return;
  throw ts.fail(opener.open, `%{${opener.directive.kind}} has no matching %{${wanted}}`);
}
