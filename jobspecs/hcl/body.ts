/**
 * The evaluated HCL body: what the HCL2 language layer (parse + evaluate: variables, locals,
 * functions, dynamic blocks, templates) hands to the jobspec decoder. Values are plain JSON
 * values; every attribute and block keeps its source range so the decoder can report
 * `file:line:col` for semantic errors.
 */

/** SourcePos is a 1-based line and column in a named file. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** HclValue is an evaluated value. Runtime references such as `${NOMAD_ALLOC_ID}` or
 * `${attr.kernel.name}` stay inside strings, untouched. */
export type HclValue = null | boolean | number | string | HclValue[] | { [key: string]: HclValue };

/** HclAttribute is `name = expr` after evaluation. */
export interface HclAttribute {
  name: string;
  value: HclValue;
  pos: SourcePos;
}

/** HclBlock is `type "label" ... { body }` (dynamic blocks are already expanded). */
export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  pos: SourcePos;
}

/** HclBody keeps attributes and blocks in source order. */
export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
  pos: SourcePos;
}
