/**
 * Input variables: `variable "name" { type, default, description, sensitive, nullable,
 * validation { condition, error_message } }` declarations (and the older `variables { }`
 * form), and their values with precedence -var > -var-file > DROVER_VAR_ > NOMAD_VAR_ > default.
 */
import type { AttributeNode, BlockNode, Expression } from './ast.js';
import type { HclValue, SourcePos } from './body.js';
import { evalError, variableError } from './errors.js';
import { evaluateValue } from './evaluate-value.js';
import { asBool } from './operators.js';
import { parseStandaloneExpression } from './parser.js';
import type { VarFileValue } from './var-files.js';
import type { EvalEnvironment } from './scope.js';
import { Scope } from './scope.js';
import { didYouMean } from './suggest.js';
import type { TypeConstraint } from './types.js';
import { ANY, ConversionError, convertValue, parseTypeConstraint, typeToString } from './types.js';
import type { HclObject } from './values.js';
import { newObject, objectFromEntries, setKey } from './values.js';

/** VariableDeclaration is one declared input variable. */
export interface VariableDeclaration {
  name: string;
  type: TypeConstraint;
  /** Converted default; undefined when the variable is required. */
  defaultValue: HclValue | undefined;
  description: string | undefined;
  sensitive: boolean;
  validations: Array<{ condition: Expression; errorMessage: Expression }>;
  pos: SourcePos;
}

/** VariableInputs are the values given from outside the jobspec. */
export interface VariableInputs {
  /** `-var name=value` raw strings. */
  vars: Record<string, string>;
  /** Values read from var-files, in file order (later files win). */
  varFiles: VarFileValue[][];
  env: Record<string, string | undefined>;
}

const VARIABLE_ATTRIBUTES = ['type', 'default', 'description', 'sensitive', 'nullable'];

/** collectVariableDeclarations reads `variable` and `variables` blocks of a file's top level. */
export function collectVariableDeclarations(blocks: BlockNode[], env: EvalEnvironment): Map<string, VariableDeclaration> {
  const declarations = new Map<string, VariableDeclaration>();
  const add = (declaration: VariableDeclaration): void => {
    const previous = declarations.get(declaration.name);
    if (previous !== undefined) {
      throw variableError(declaration.pos, `variable "${declaration.name}" is already declared at ${previous.pos.file}:${previous.pos.line}:${previous.pos.column}`);
    }
    declarations.set(declaration.name, declaration);
  };
  for (const block of blocks) {
    if (block.type === 'variables') {
      for (const item of block.body.items) {
        if (item.kind === 'block') throw variableError(item.range.start, 'a "variables" block holds only name = default attributes');
        add({ name: item.name, type: ANY, defaultValue: evaluateValue(item.expr, new Scope(), env), description: undefined, sensitive: false, validations: [], pos: item.range.start });
      }
    } else {
      add(readVariableBlock(block, env));
    }
  }
  return declarations;
}

function readVariableBlock(block: BlockNode, env: EvalEnvironment): VariableDeclaration {
  const [name] = block.labels;
  if (name === undefined || block.labels.length !== 1) throw variableError(block.range.start, 'a variable block needs exactly one label: variable "name" { ... }');
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw variableError(block.range.start, `invalid variable name "${name}"`);
  const attributes = new Map<string, AttributeNode>();
  const validations: VariableDeclaration['validations'] = [];
  for (const item of block.body.items) {
    if (item.kind === 'attribute') {
      if (!VARIABLE_ATTRIBUTES.includes(item.name)) throw variableError(item.range.start, `unsupported argument "${item.name}" in variable "${name}".${didYouMean(item.name, VARIABLE_ATTRIBUTES)}`);
      attributes.set(item.name, item);
    } else if (item.type === 'validation') {
      validations.push(readValidation(item));
    } else {
      throw variableError(item.range.start, `unsupported block "${item.type}" in variable "${name}".${didYouMean(item.type, ['validation'])}`);
    }
  }
  const literal = (e: Expression): HclValue => evaluateValue(e, new Scope(), env);
  const typeAttribute = attributes.get('type');
  const type = typeAttribute === undefined ? ANY : parseTypeConstraint(typeAttribute.expr, literal);
  const defaultAttribute = attributes.get('default');
  let defaultValue: HclValue | undefined;
  if (defaultAttribute !== undefined) {
    defaultValue = convertFor(name, type, literal(defaultAttribute.expr), defaultAttribute.expr.range.start, 'default');
  }
  const descriptionAttribute = attributes.get('description');
  const description = descriptionAttribute === undefined ? undefined : String(literal(descriptionAttribute.expr));
  const sensitiveAttribute = attributes.get('sensitive');
  const sensitive = sensitiveAttribute === undefined ? false : literal(sensitiveAttribute.expr) === true;
  return { name, type, defaultValue, description, sensitive, validations, pos: block.range.start };
}

function readValidation(block: BlockNode): { condition: Expression; errorMessage: Expression } {
  let condition: Expression | undefined;
  let errorMessage: Expression | undefined;
  for (const item of block.body.items) {
    if (item.kind === 'block') throw variableError(item.range.start, `unsupported block "${item.type}" in validation`);
    if (item.name === 'condition') condition = item.expr;
    else if (item.name === 'error_message') errorMessage = item.expr;
    else throw variableError(item.range.start, `unsupported argument "${item.name}" in validation.${didYouMean(item.name, ['condition', 'error_message'])}`);
  }
  if (condition === undefined || errorMessage === undefined) throw variableError(block.range.start, 'a validation block needs both "condition" and "error_message"');
  return { condition, errorMessage };
}

function convertFor(name: string, type: TypeConstraint, value: HclValue, pos: SourcePos, source: string): HclValue {
  try {
    return convertValue(value, type);
  } catch (error) {
    if (error instanceof ConversionError) throw variableError(pos, `invalid ${source} value for variable "${name}": ${error.message} (type ${typeToString(type)})`);
    throw error;
  }
}

/** resolveVariableValues computes `var.*` from the declarations and the inputs. */
export function resolveVariableValues(declarations: Map<string, VariableDeclaration>, inputs: VariableInputs, env: EvalEnvironment): HclObject {
  const fromFiles = new Map<string, VarFileValue>();
  for (const file of inputs.varFiles) {
    for (const item of file) {
      if (!declarations.has(item.name)) throw variableError(item.pos, `value given for undeclared variable "${item.name}".${didYouMean(item.name, declarations.keys())}`);
      fromFiles.set(item.name, item);
    }
  }
  for (const name of Object.keys(inputs.vars)) {
    if (!declarations.has(name)) throw variableError(cliPos(name), `value given with -var for undeclared variable "${name}".${didYouMean(name, declarations.keys())}`);
  }
  const values = newObject();
  for (const declaration of declarations.values()) {
    setKey(values, declaration.name, valueOf(declaration, inputs, fromFiles, env));
  }
  for (const declaration of declarations.values()) validate(declaration, values[declaration.name] ?? null, env);
  return values;
}

function cliPos(name: string): SourcePos {
  return { file: `<-var ${name}>`, line: 1, column: 1 };
}

function valueOf(declaration: VariableDeclaration, inputs: VariableInputs, fromFiles: Map<string, VarFileValue>, env: EvalEnvironment): HclValue {
  const { name, type } = declaration;
  const cli = Object.hasOwn(inputs.vars, name) ? inputs.vars[name] : undefined;
  if (cli !== undefined) return fromRawString(declaration, cli, cliPos(name), env);
  const fromFile = fromFiles.get(name);
  if (fromFile !== undefined) {
    if (fromFile.kind === 'json') return convertFor(name, type, fromFile.value, fromFile.pos, 'var-file');
    return convertFor(name, type, evaluateValue(fromFile.expr, new Scope(), env), fromFile.expr.range.start, 'var-file');
  }
  for (const prefix of ['DROVER_VAR_', 'NOMAD_VAR_']) {
    const raw = inputs.env[`${prefix}${name}`];
    if (raw !== undefined) return fromRawString(declaration, raw, { file: `<env ${prefix}${name}>`, line: 1, column: 1 }, env);
  }
  if (declaration.defaultValue !== undefined) return declaration.defaultValue;
  throw variableError(declaration.pos, `variable "${name}" is required but has no value: set it with -var ${name}=..., a -var-file, or DROVER_VAR_${name}`);
}

/** Primitive-typed (and untyped) variables take the raw text; others parse it as an expression. */
function fromRawString(declaration: VariableDeclaration, raw: string, pos: SourcePos, env: EvalEnvironment): HclValue {
  const kind = declaration.type.kind;
  if (kind === 'string' || kind === 'number' || kind === 'bool' || kind === 'any') return convertFor(declaration.name, declaration.type, raw, pos, 'given');
  const expr = parseStandaloneExpression(raw, pos.file, env.limits);
  return convertFor(declaration.name, declaration.type, evaluateValue(expr, new Scope(), env), pos, 'given');
}

function validate(declaration: VariableDeclaration, value: HclValue, env: EvalEnvironment): void {
  const scoped: EvalEnvironment = { ...env, variables: objectFromEntries([[declaration.name, value]]), locals: undefined };
  for (const rule of declaration.validations) {
    const result = evaluateValue(rule.condition, new Scope(), scoped);
    let ok: boolean;
    try {
      ok = asBool(result, 'the validation condition');
    } catch (error) {
      if (error instanceof ConversionError) throw evalError(rule.condition.range.start, error.message);
      throw error;
    }
    if (ok) continue;
    const message = evaluateValue(rule.errorMessage, new Scope(), scoped);
    throw variableError(rule.condition.range.start, `invalid value for variable "${declaration.name}": ${typeof message === 'string' ? message : JSON.stringify(message)}`);
  }
}
