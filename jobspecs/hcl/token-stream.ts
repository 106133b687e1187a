/**
 * TokenStream is the parser's cursor over lexer tokens: lookahead, newline handling (newlines
 * are insignificant inside brackets and parentheses), nesting-depth and node-count limits, and
 * conversion of token positions to file positions and source ranges.
 */
import type { SourcePos } from './body.js';
import type { SourceRange } from './ast.js';
import { syntaxError } from './errors.js';
import type { HclLimits } from './limits.js';
import type { Token, TextPos } from './tokens.js';

/** describeToken renders a token for "expected X, found Y" messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof': return 'end of file';
    case 'newline': return 'newline';
    case 'oquote': case 'cquote': return 'quote';
    case 'oheredoc': return 'heredoc';
    case 'cheredoc': return 'heredoc end marker';
    case 'literal': return 'template text';
    case 'interp': return '"${"';
    case 'control': return '"%{"';
    case 'seqend': return '"}"';
    case 'strip': return '"~"';
    case 'ident': return `"${token.text}"`;
    case 'number': return `number ${token.text}`;
    case 'punct': return `"${token.text}"`;
  }
}

/** TokenStream walks tokens for the recursive-descent parser. */
export class TokenStream {
  private index = 0;
  private depth = 0;
  private nodes = 0;
  private readonly newlineModes: boolean[] = [false];

  constructor(
    private readonly tokens: Token[],
    readonly source: string,
    readonly file: string,
    readonly limits: HclLimits,
  ) {}

  private skipsNewlines(): boolean {
    return this.newlineModes[this.newlineModes.length - 1] ?? false;
  }

  /** withNewlines runs `fn` with newlines ignored (true) or significant (false). */
  withNewlines<T>(ignore: boolean, fn: () => T): T {
    this.newlineModes.push(ignore);
    try {
      return fn();
    } finally {
      this.newlineModes.pop();
    }
  }

  private rawAt(i: number): Token {
    const last = this.tokens[this.tokens.length - 1];
    if (last === undefined) throw new Error('token stream is empty');
    return this.tokens[i] ?? last;
  }

  /** peek returns the `ahead`-th next token (skipping newlines when they are insignificant). */
  peek(ahead = 0): Token {
    let i = this.index;
    let seen = 0;
    while (true) {
      const token = this.rawAt(i);
      if (token.kind === 'newline' && this.skipsNewlines()) {
        i++;
        continue;
      }
      if (seen === ahead || token.kind === 'eof') return token;
      seen++;
      i++;
    }
  }

  /** next consumes and returns the next token. */
  next(): Token {
    while (this.skipsNewlines() && this.rawAt(this.index).kind === 'newline') this.index++;
    const token = this.rawAt(this.index);
    if (token.kind !== 'eof') this.index++;
    this.previous = token;
    return token;
  }

  /** previous is the last consumed token. */
  previous: Token | undefined;

  /** skipNewlines consumes any newline tokens. */
  skipNewlines(): void {
    while (this.rawAt(this.index).kind === 'newline') this.index++;
  }

  /** isPunct tells whether the `ahead`-th token is the operator `text`. */
  isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  /** isIdent tells whether the `ahead`-th token is the identifier/keyword `text` (any when omitted). */
  isIdent(text?: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'ident' && (text === undefined || token.text === text);
  }

  /** expectPunct consumes the operator `text` or throws a located syntax error. */
  expectPunct(text: string, context: string): Token {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) throw this.fail(token, `expected "${text}" ${context}, found ${describeToken(token)}`);
    return this.next();
  }

  /** expectKind consumes a token of `kind` or throws. */
  expectKind(kind: Token['kind'], context: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.fail(token, `expected ${context}, found ${describeToken(token)}`);
    return this.next();
  }

  /** enter increases nesting depth (checked against the limit); pair with leave. */
  enter(at: Token): void {
    this.depth++;
    if (this.depth > this.limits.maxNestingDepth) throw this.fail(at, `nesting deeper than the limit of ${this.limits.maxNestingDepth}`);
  }

  /** leave decreases nesting depth. */
  leave(): void {
    this.depth--;
  }

  /** countNode counts one syntax node against the limit. */
  countNode(at: Token): void {
    this.nodes++;
    if (this.nodes > this.limits.maxNodes) throw this.fail(at, `more than ${this.limits.maxNodes} syntax nodes`);
  }

  /** pos converts a token position to a file position. */
  pos(at: TextPos): SourcePos {
    return { file: this.file, line: at.line, column: at.column };
  }

  /** rangeFrom spans from `start` to the end of the last consumed token. */
  rangeFrom(start: Token): SourceRange {
    const end = this.previous ?? start;
    return { start: this.pos(start.start), end: this.pos(end.end) };
  }

  /** textFrom returns the source text from `start` to the end of the last consumed token. */
  textFrom(start: Token): string {
    const end = this.previous ?? start;
    return this.source.slice(start.start.offset, Math.max(start.start.offset, end.end.offset));
  }

  /** fail builds a syntax error located at `token`. */
  fail(token: Token, message: string): Error {
    return syntaxError(this.pos(token.start), message);
  }
}
