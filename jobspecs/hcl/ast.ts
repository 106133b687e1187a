/**
 * The HCL2 syntax tree returned by parseHcl. Every node keeps its source range; `src` on an
 * expression is its exact source text (used to leave runtime references such as
 * `${attr.kernel.name}` untouched).
 */
import type { SourcePos } from './body.js';

/** SourceRange is where a node starts and ends (end is exclusive), plus its text. */
export interface SourceRange {
  start: SourcePos;
  end: SourcePos;
}

/** BinaryOperator lists HCL's binary operators. */
export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

/** TemplatePart is one piece of a template after strip markers and heredoc indentation. */
export type TemplatePart =
  | { kind: 'literal'; text: string; range: SourceRange }
  | { kind: 'interpolation'; expr: Expression; range: SourceRange; src: string }
  | { kind: 'if'; condition: Expression; then: TemplatePart[]; else: TemplatePart[]; range: SourceRange }
  | { kind: 'for'; keyVar: string | undefined; valueVar: string; collection: Expression; body: TemplatePart[]; range: SourceRange };

/** ObjectItem is one `key = value` (or `key: value`) of an object constructor. */
export interface ObjectItem {
  /** A bare identifier key is stored as a literal string, not a variable. */
  key: Expression;
  value: Expression;
}

/** Expression is the discriminated union of every expression form. */
export type Expression = (
  | { kind: 'literal'; value: null | boolean | number | string }
  | { kind: 'template'; parts: TemplatePart[]; heredoc: boolean }
  | { kind: 'templateWrap'; expr: Expression; interpolationSrc: string }
  | { kind: 'variable'; name: string }
  | { kind: 'getAttr'; object: Expression; name: string }
  | { kind: 'index'; object: Expression; key: Expression; legacy: boolean }
  | { kind: 'splat'; source: Expression; each: Expression }
  | { kind: 'splatItem' }
  | { kind: 'call'; name: string; args: Expression[]; expandFinal: boolean }
  | { kind: 'unary'; op: '!' | '-'; operand: Expression }
  | { kind: 'binary'; op: BinaryOperator; left: Expression; right: Expression }
  | { kind: 'conditional'; condition: Expression; then: Expression; else: Expression }
  | { kind: 'tuple'; items: Expression[] }
  | { kind: 'object'; items: ObjectItem[] }
  | { kind: 'parens'; expr: Expression }
  | {
      kind: 'for';
      keyVar: string | undefined;
      valueVar: string;
      collection: Expression;
      keyExpr: Expression | undefined;
      valueExpr: Expression;
      condition: Expression | undefined;
      group: boolean;
    }
) & { range: SourceRange; src: string };

/** AttributeNode is `name = expr` in a body. */
export interface AttributeNode {
  kind: 'attribute';
  name: string;
  expr: Expression;
  range: SourceRange;
  nameRange: SourceRange;
}

/** BlockNode is `type label... { body }`. */
export interface BlockNode {
  kind: 'block';
  type: string;
  labels: string[];
  labelRanges: SourceRange[];
  body: BodyNode;
  range: SourceRange;
  typeRange: SourceRange;
}

/** BodyNode keeps attributes and blocks in source order (`items`). */
export interface BodyNode {
  items: Array<AttributeNode | BlockNode>;
  range: SourceRange;
}

/** HclFile is a parsed source file. */
export interface HclFile {
  filename: string;
  body: BodyNode;
}
