/**
 * The HCL2 native-syntax lexer. It keeps a stack of modes (normal expression text, quoted
 * template, heredoc template) so `}` knows whether it closes an object or a `${...}` sequence.
 * Output tokens carry exact start/end positions for error messages.
 */
import { syntaxError } from './errors.js';
import type { HclLimits } from './limits.js';
import { HEREDOC_OPEN, HEREDOC_SPECIAL, MULTI_CHAR_OPS, ONE_CHAR_OPS, QUOTED_SPECIAL, isDigit, isIdentPart, isIdentStart } from './lexer-chars.js';
import type { Token, TokenKind, TextPos } from './tokens.js';

type Frame =
  | { mode: 'normal'; depth: number; inTemplate: boolean; open: TextPos }
  | { mode: 'string'; open: TextPos }
  | { mode: 'heredoc'; marker: string; atLineStart: boolean; open: TextPos };

/** lex splits one source into tokens, ending with an `eof` token. */
export function lex(source: string, file: string, limits: HclLimits): Token[] {
  return new Lexer(source, file, limits).run();
}

class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;
  private readonly tokens: Token[] = [];
  private readonly stack: Frame[] = [{ mode: 'normal', depth: 0, inTemplate: false, open: { line: 1, column: 1, offset: 0 } }];

  constructor(private readonly src: string, private readonly file: string, private readonly limits: HclLimits) {}

  run(): Token[] {
    while (true) {
      const frame = this.stack[this.stack.length - 1];
      if (frame === undefined) throw this.fail(this.pos(), 'internal lexer state');
      if (frame.mode === 'normal') {
        if (!this.lexNormal(frame)) break;
      } else if (frame.mode === 'string') {
        this.lexQuoted(frame);
      } else {
        this.lexHeredoc(frame);
      }
    }
    return this.tokens;
  }

  private pos(): TextPos {
    return { line: this.line, column: this.column, offset: this.offset };
  }

  private fail(at: TextPos, message: string): Error {
    return syntaxError({ file: this.file, line: at.line, column: at.column }, message);
  }

  private advance(count: number): void {
    if (count === 1) {
      const code = this.src.charCodeAt(this.offset);
      if (code !== 10 && code < 0xd800 && this.offset < this.src.length) {
        this.offset++;
        this.column++;
        return;
      }
    }
    for (let n = 0; n < count && this.offset < this.src.length; n++) {
      const code = this.src.charCodeAt(this.offset);
      this.offset++;
      if (code === 10) {
        this.line++;
        this.column = 1;
      } else if (code < 0xdc00 || code > 0xdfff) {
        this.column++;
      }
    }
  }

  private emit(kind: TokenKind, start: TextPos, value = '', extra?: Partial<Token>): Token {
    const base: Token = { kind, text: this.src.slice(start.offset, this.offset), value, start, end: this.pos() };
    const token = extra === undefined ? base : { ...base, ...extra };
    this.tokens.push(token);
    return token;
  }

  private lastToken(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  /** Lexes one token in expression mode; returns false at end of input. */
  private lexNormal(frame: Extract<Frame, { mode: 'normal' }>): boolean {
    const c = this.src[this.offset];
    const start = this.pos();
    if (c === undefined) {
      if (this.stack.length > 1) throw this.fail(frame.open, 'unterminated template sequence: missing "}"');
      this.emit('eof', start);
      return false;
    }
    const next = this.src[this.offset + 1];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      this.advance(1);
      return true;
    }
    if (c === '\n') {
      this.advance(1);
      this.emit('newline', start);
      return true;
    }
    if (c === '#' || (c === '/' && next === '/')) {
      const end = this.src.indexOf('\n', this.offset);
      this.advance((end < 0 ? this.src.length : end) - this.offset);
      return true;
    }
    if (c === '/' && next === '*') {
      const end = this.src.indexOf('*/', this.offset + 2);
      if (end < 0) throw this.fail(start, 'unterminated comment: missing "*/"');
      this.advance(end + 2 - this.offset);
      return true;
    }
    if (isIdentStart(c)) {
      let end = this.offset + 1;
      while (end < this.src.length && isIdentPart(this.src[end] ?? '')) end++;
      this.advance(end - this.offset);
      this.emit('ident', start);
      return true;
    }
    if (isDigit(c)) {
      this.lexNumber(start);
      return true;
    }
    if (c === '"') {
      this.advance(1);
      this.emit('oquote', start);
      this.stack.push({ mode: 'string', open: start });
      return true;
    }
    if (c === '<' && next === '<') {
      HEREDOC_OPEN.lastIndex = this.offset;
      const match = HEREDOC_OPEN.exec(this.src);
      if (match === null) throw this.fail(start, 'invalid heredoc: expected <<MARKER or <<-MARKER followed by a newline');
      this.advance(match[0].length);
      const marker = match[2] ?? '';
      this.emit('oheredoc', start, '', { heredoc: { marker, flush: match[1] === '-' } });
      this.stack.push({ mode: 'heredoc', marker, atLineStart: true, open: start });
      return true;
    }
    if (c === '{') {
      frame.depth++;
      this.advance(1);
      this.emit('punct', start);
      return true;
    }
    if (c === '}') {
      this.advance(1);
      if (frame.inTemplate && frame.depth === 0) {
        this.emit('seqend', start);
        this.stack.pop();
      } else {
        if (frame.depth > 0) frame.depth--;
        this.emit('punct', start);
      }
      return true;
    }
    if (c === '~' && frame.inTemplate && frame.depth === 0) {
      this.advance(1);
      this.emit('strip', start);
      return true;
    }
    for (const op of MULTI_CHAR_OPS) {
      if (this.src.startsWith(op, this.offset)) {
        this.advance(op.length);
        this.emit('punct', start);
        return true;
      }
    }
    if (ONE_CHAR_OPS.includes(c)) {
      this.advance(1);
      this.emit('punct', start);
      return true;
    }
    throw this.fail(start, `invalid character ${JSON.stringify(c)}`);
  }

  private lexNumber(start: TextPos): void {
    const afterDot = this.lastToken()?.kind === 'punct' && this.lastToken()?.text === '.';
    let end = this.offset;
    while (isDigit(this.src[end])) end++;
    if (!afterDot) {
      if (this.src[end] === '.' && isDigit(this.src[end + 1])) {
        end++;
        while (isDigit(this.src[end])) end++;
      }
      const e = this.src[end];
      if (e === 'e' || e === 'E') {
        let probe = end + 1;
        if (this.src[probe] === '+' || this.src[probe] === '-') probe++;
        if (isDigit(this.src[probe])) {
          end = probe;
          while (isDigit(this.src[end])) end++;
        }
      }
    }
    this.advance(end - this.offset);
    this.emit('number', start);
  }

  /** Opens a `${` or `%{` sequence at the current offset. */
  private openSequence(kind: 'interp' | 'control'): void {
    const start = this.pos();
    this.advance(2);
    this.emit(kind, start);
    if (this.src[this.offset] === '~') {
      const stripStart = this.pos();
      this.advance(1);
      this.emit('strip', stripStart);
    }
    this.stack.push({ mode: 'normal', depth: 0, inTemplate: true, open: start });
  }

  private checkLength(text: string, start: TextPos): void {
    if (text.length > this.limits.maxStringLength) {
      throw this.fail(start, `string literal longer than the limit of ${this.limits.maxStringLength} characters`);
    }
  }

  private lexQuoted(frame: Extract<Frame, { mode: 'string' }>): void {
    const start = this.pos();
    const parts: string[] = [];
    let length = 0;
    const flush = (): void => {
      if (parts.length > 0) this.emit('literal', start, parts.join(''));
    };
    while (true) {
      const c = this.src[this.offset];
      if (c === undefined || c === '\n') throw this.fail(frame.open, 'unterminated string: missing closing quote');
      const next = this.src[this.offset + 1];
      let piece: string;
      if (c === '"') {
        flush();
        const quoteStart = this.pos();
        this.advance(1);
        this.emit('cquote', quoteStart);
        this.stack.pop();
        return;
      } else if ((c === '$' || c === '%') && next === '{') {
        flush();
        this.openSequence(c === '$' ? 'interp' : 'control');
        return;
      } else if ((c === '$' || c === '%') && next === c && this.src[this.offset + 2] === '{') {
        piece = `${c}{`;
        this.advance(3);
      } else if (c === '\\') {
        piece = this.lexEscape();
      } else {
        let end = this.offset + 1;
        while (end < this.src.length && !QUOTED_SPECIAL.has(this.src.charCodeAt(end))) end++;
        piece = this.src.slice(this.offset, end);
        this.advance(end - this.offset);
      }
      parts.push(piece);
      length += piece.length;
      if (length > this.limits.maxStringLength) this.checkLength(parts.join(''), frame.open);
    }
  }

  private lexEscape(): string {
    const start = this.pos();
    const c = this.src[this.offset + 1];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (c !== undefined && Object.hasOwn(simple, c)) {
      this.advance(2);
      return simple[c] ?? '';
    }
    if (c === 'u' || c === 'U') {
      const digits = c === 'u' ? 4 : 8;
      const hex = this.src.slice(this.offset + 2, this.offset + 2 + digits);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) throw this.fail(start, `invalid \\${c} escape: expected ${digits} hex digits`);
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw this.fail(start, `invalid unicode code point \\${c}${hex}`);
      this.advance(2 + digits);
      return String.fromCodePoint(code);
    }
    throw this.fail(start, `invalid escape sequence "\\${c ?? ''}"`);
  }

  private lexHeredoc(frame: Extract<Frame, { mode: 'heredoc' }>): void {
    const start = this.pos();
    if (frame.atLineStart && this.atClosingMarker(frame.marker)) {
      while (this.src[this.offset] === ' ' || this.src[this.offset] === '\t') this.advance(1);
      this.advance(frame.marker.length);
      this.emit('cheredoc', start);
      this.stack.pop();
      return;
    }
    const lineStart = frame.atLineStart;
    const parts: string[] = [];
    let length = 0;
    while (true) {
      const c = this.src[this.offset];
      if (c === undefined) throw this.fail(frame.open, `unterminated heredoc: missing closing marker "${frame.marker}"`);
      const next = this.src[this.offset + 1];
      if ((c === '$' || c === '%') && next === '{') {
        if (parts.length > 0) this.emit('literal', start, parts.join(''), { lineStart });
        frame.atLineStart = false;
        this.openSequence(c === '$' ? 'interp' : 'control');
        return;
      }
      let piece: string;
      if ((c === '$' || c === '%') && next === c && this.src[this.offset + 2] === '{') {
        piece = `${c}{`;
        this.advance(3);
      } else if (c === '\n') {
        piece = c;
        this.advance(1);
      } else {
        let end = this.offset + 1;
        while (end < this.src.length && !HEREDOC_SPECIAL.has(this.src.charCodeAt(end))) end++;
        piece = this.src.slice(this.offset, end);
        this.advance(end - this.offset);
      }
      parts.push(piece);
      length += piece.length;
      if (length > this.limits.maxStringLength) this.checkLength(parts.join(''), frame.open);
      if (c === '\n') {
        this.emit('literal', start, parts.join(''), { lineStart });
        frame.atLineStart = true;
        return;
      }
    }
  }

  private atClosingMarker(marker: string): boolean {
    let probe = this.offset;
    while (this.src[probe] === ' ' || this.src[probe] === '\t') probe++;
    if (!this.src.startsWith(marker, probe)) return false;
    probe += marker.length;
    while (this.src[probe] === ' ' || this.src[probe] === '\t' || this.src[probe] === '\r') probe++;
    return probe >= this.src.length || this.src[probe] === '\n';
  }
}
