/**
 * Body evaluation: attributes become values, blocks become HclBlocks, and
 * `dynamic "type" { for_each, iterator, labels, content { } }` blocks expand into one block
 * per element (nested dynamic blocks included).
 */
import type { BlockNode, BodyNode, Expression } from './ast.js';
import type { HclBlock, HclBody, HclValue } from './body.js';
import { evalError } from './errors.js';
import { evaluateValue } from './evaluate-value.js';
import { iterateCollection } from './iterate.js';
import type { EvalEnvironment, Scope } from './scope.js';
import { didYouMean } from './suggest.js';
import { objectFromEntries, primitiveToString, typeName } from './values.js';

/** evaluateBody evaluates a body's items in `scope`. */
export function evaluateBody(body: BodyNode, scope: Scope, env: EvalEnvironment, items = body.items): HclBody {
  const out: HclBody = { attributes: [], blocks: [], pos: body.range.start };
  for (const item of items) {
    if (item.kind === 'attribute') {
      out.attributes.push({ name: item.name, value: evaluateValue(item.expr, scope, env), pos: item.range.start });
    } else if (item.type === 'dynamic') {
      out.blocks.push(...expandDynamic(item, scope, env));
    } else {
      out.blocks.push({ type: item.type, labels: item.labels, body: evaluateBody(item.body, scope, env), pos: item.range.start });
    }
  }
  return out;
}

const DYNAMIC_ARGUMENTS = ['for_each', 'iterator', 'labels'];

function expandDynamic(block: BlockNode, scope: Scope, env: EvalEnvironment): HclBlock[] {
  const [blockType] = block.labels;
  if (blockType === undefined || block.labels.length !== 1) throw evalError(block.range.start, 'a dynamic block needs exactly one label: the type of the blocks to generate');
  let forEach: Expression | undefined;
  let iteratorName = blockType;
  let labelsExpr: Expression | undefined;
  let content: BlockNode | undefined;
  for (const item of block.body.items) {
    if (item.kind === 'block') {
      if (item.type !== 'content') throw evalError(item.range.start, `unsupported block "${item.type}" in dynamic "${blockType}".${didYouMean(item.type, ['content'])}`);
      if (content !== undefined) throw evalError(item.range.start, `dynamic "${blockType}" has more than one content block`);
      if (item.labels.length > 0) throw evalError(item.range.start, 'a content block takes no labels');
      content = item;
      continue;
    }
    switch (item.name) {
      case 'for_each': forEach = item.expr; break;
      case 'labels': labelsExpr = item.expr; break;
      case 'iterator':
        if (item.expr.kind !== 'variable') throw evalError(item.expr.range.start, 'iterator must be a bare name, e.g. iterator = port');
        iteratorName = item.expr.name;
        break;
      default:
        throw evalError(item.range.start, `unsupported argument "${item.name}" in dynamic "${blockType}".${didYouMean(item.name, DYNAMIC_ARGUMENTS)}`);
    }
  }
  if (forEach === undefined) throw evalError(block.range.start, `dynamic "${blockType}" needs a for_each argument`);
  if (content === undefined) throw evalError(block.range.start, `dynamic "${blockType}" needs a content block`);
  const collection = evaluateValue(forEach, scope, env);
  if (collection === null) return [];
  const pairs = iterateCollection(collection, forEach.range.start, `for_each of dynamic "${blockType}"`);
  if (pairs.length > env.limits.maxCollectionLength) throw evalError(forEach.range.start, `for_each of dynamic "${blockType}" has more than ${env.limits.maxCollectionLength} elements`);
  const body = content.body;
  const pos = content.range.start;
  return pairs.map(([key, value]) => {
    const inner = scope.child(new Map<string, HclValue>([[iteratorName, objectFromEntries([['key', key], ['value', value]])]]));
    const labels = labelsExpr === undefined ? [] : evaluateLabels(labelsExpr, inner, env);
    return { type: blockType, labels, body: evaluateBody(body, inner, env), pos };
  });
}

function evaluateLabels(expr: Expression, scope: Scope, env: EvalEnvironment): string[] {
  const value = evaluateValue(expr, scope, env);
  if (!Array.isArray(value)) throw evalError(expr.range.start, `labels must be a list of strings, got ${typeName(value)}`);
  return value.map((label) => {
    const text = label === null ? undefined : primitiveToString(label);
    if (text === undefined) throw evalError(expr.range.start, `labels must be a list of strings, found ${typeName(label)}`);
    return text;
  });
}
