/**
 * explainField: documentation of a jobspec field for `drover job explain`, from the block
 * table. Paths use HCL names (`job.group.task.resources.memory`) or JSON names
 * (`Job.TaskGroups.Tasks.Resources.MemoryMB`); each segment is matched case-insensitively.
 */
import { DroverError } from '../../api/errors.js';
import { jobBlock } from './blocks/job.js';
import type { BlockSpec, FieldSpec, FieldType } from './spec.js';
import { didYouMean } from './suggest.js';

/** FieldExplanation documents one block or field. */
export interface FieldExplanation {
  /** Canonical HCL path, e.g. `job.group.task.resources.memory`. */
  path: string;
  /** The JSON path of the same field, e.g. `Job.TaskGroups[].Tasks[].Resources.MemoryMB`. */
  jsonPath: string;
  /** Human type: `string`, `duration`, `block (repeatable)`, ... */
  type: string;
  doc: string;
  default?: string;
  allowedValues?: readonly string[];
  /** For blocks: the attributes and blocks it contains, with one-line docs. */
  children?: Array<{ name: string; type: string; doc: string }>;
}

function typeName(t: FieldType): string {
  switch (t.kind) {
    case 'block':
      return t.repeat === 'single' ? 'block' : t.repeat === 'list' ? 'block (repeatable)' : 'block (repeatable, labeled)';
    case 'stringList':
      return 'list(string)';
    case 'stringMap':
      return 'map(string)';
    case 'stringListMap':
      return 'map(list(string))';
    case 'freeform':
      return 'map (free form)';
    default:
      return t.kind === 'integer' ? 'number (whole)' : t.kind;
  }
}

function matches(f: FieldSpec, segment: string): boolean {
  const s = segment.toLowerCase();
  return f.hcl?.toLowerCase() === s || f.json?.toLowerCase() === s;
}

function childrenOf(block: BlockSpec): FieldExplanation['children'] {
  return block.fields.filter((f) => f.hcl !== undefined).map((f) => ({ name: f.hcl ?? '', type: typeName(f.type), doc: f.doc }));
}

/** explainField documents the field at `path`; throws DROVER_ERR_JOBSPEC_UNKNOWN_FIELD with a suggestion. */
export function explainField(path: string): FieldExplanation {
  const segments = path.split('.').map((s) => s.trim()).filter((s) => s !== '');
  const first = segments.shift();
  if (first === undefined || first.toLowerCase() !== 'job') {
    throw new DroverError('DROVER_ERR_JOBSPEC_UNKNOWN_FIELD', `a field path starts with "job", e.g. job.group.task.resources.memory`, { statusCode: 400, location: path });
  }
  let block: BlockSpec = jobBlock;
  let hclPath = 'job';
  let jsonPath = 'Job';
  let current: FieldSpec | undefined;
  for (const segment of segments) {
    const f = block.fields.find((x) => matches(x, segment));
    if (f === undefined) {
      const names = block.fields.flatMap((x) => [x.hcl, x.json]).filter((x): x is string => x !== undefined);
      throw new DroverError('DROVER_ERR_JOBSPEC_UNKNOWN_FIELD', `"${block.name}" has no field "${segment}"${didYouMean(segment, names)}`, { statusCode: 404, location: `${hclPath}.${segment}` });
    }
    current = f;
    hclPath += `.${f.hcl ?? f.json ?? segment}`;
    jsonPath += `.${f.json ?? f.hcl ?? segment}${f.type.kind === 'block' && f.type.repeat === 'list' ? '[]' : ''}`;
    if (f.type.kind === 'block') block = f.type.block;
    else if (segment !== segments[segments.length - 1]) {
      throw new DroverError('DROVER_ERR_JOBSPEC_UNKNOWN_FIELD', `"${f.hcl ?? f.json ?? segment}" is not a block`, { statusCode: 404, location: hclPath });
    }
  }
  if (current === undefined) return { path: 'job', jsonPath: 'Job', type: 'block', doc: jobBlock.doc, children: childrenOf(jobBlock) };
  const explanation: FieldExplanation = { path: hclPath, jsonPath, type: typeName(current.type), doc: current.type.kind === 'block' ? `${current.doc} ${current.type.block.doc}` : current.doc };
  if (current.default !== undefined) explanation.default = current.default;
  if (current.type.kind === 'string' && current.type.enum !== undefined) explanation.allowedValues = current.type.enum;
  if (current.type.kind === 'block') explanation.children = childrenOf(current.type.block);
  return explanation;
}
