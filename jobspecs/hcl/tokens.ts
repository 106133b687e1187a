/**
 * Tokens produced by the lexer. Template text (quoted strings and heredocs) is split into
 * literal pieces and `${` / `%{` sequence openers so the parser never re-scans characters.
 */

/** TextPos is a position inside one source: 1-based line/column plus a 0-based offset. */
export interface TextPos {
  line: number;
  column: number;
  offset: number;
}

/** TokenKind discriminates tokens. */
export type TokenKind =
  | 'ident'        // identifier or keyword (true, false, null, for, in, if, ...)
  | 'number'       // numeric literal
  | 'punct'        // operator or bracket; `text` is the operator
  | 'newline'      // end of line (significant in bodies and objects)
  | 'oquote'       // opening `"` of a quoted template
  | 'cquote'       // closing `"`
  | 'oheredoc'     // `<<EOF` / `<<-EOF` plus its newline
  | 'cheredoc'     // the closing marker line
  | 'literal'      // decoded template text (`value`)
  | 'interp'       // `${`
  | 'control'      // `%{`
  | 'seqend'       // `}` closing a `${` or `%{` sequence
  | 'strip'        // `~` strip marker next to `${`, `%{` or `}`
  | 'eof';

/** Token is one lexeme with its exact source range. */
export interface Token {
  kind: TokenKind;
  /** Raw source text of the token. */
  text: string;
  /** Decoded text for `literal` tokens (escapes applied). */
  value: string;
  start: TextPos;
  end: TextPos;
  /** For `oheredoc`: the marker and whether it is the indent-stripping `<<-` form. */
  heredoc?: { marker: string; flush: boolean };
  /** For `literal` tokens inside heredocs: true when the literal starts a line. */
  lineStart?: boolean;
}
