/**
 * Character classes and operator tables used by the lexer.
 */

/** Characters that end a run of plain text in a quoted string: " \\ $ % newline. */
export const QUOTED_SPECIAL = new Set([34, 92, 36, 37, 10]);
/** Characters that end a run of plain text in a heredoc: $ % newline. */
export const HEREDOC_SPECIAL = new Set([36, 37, 10]);
/** Operators longer than one character, longest first. */
export const MULTI_CHAR_OPS = ['...', '==', '!=', '<=', '>=', '&&', '||', '=>', '::'];
/** Single-character operators and brackets. */
export const ONE_CHAR_OPS = '+-*/%<>=!?:.,[](){}';
/** `<<MARKER` or `<<-MARKER` followed by a newline (sticky). */
export const HEREDOC_OPEN = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/y;
const UNICODE_IDENT_START = /\p{L}/u;
const UNICODE_IDENT_PART = /[\p{L}\p{N}\p{Mn}\p{Mc}]/u;

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
/** isIdentStart: a letter (any script) or underscore. */
export function isIdentStart(c: string): boolean {
  const code = c.charCodeAt(0);
  return isAsciiLetter(code) || code === 95 || (code > 0x7f && UNICODE_IDENT_START.test(c));
}
/** isIdentPart: letters, digits, underscore and dash. */
export function isIdentPart(c: string): boolean {
  const code = c.charCodeAt(0);
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === 45 || (code > 0x7f && UNICODE_IDENT_PART.test(c));
}
/** isDigit: ASCII 0-9. */
export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
