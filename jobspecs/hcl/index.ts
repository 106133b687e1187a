/**
 * The HCL2 language layer's entry points: `parseHcl` (syntax tree with positions, for tools)
 * and `evaluateHcl` (variables, locals, functions, dynamic blocks, templates evaluated; Nomad
 * runtime references such as `${NOMAD_ALLOC_ID}` left in strings) producing an HclBody for the
 * jobspec decoder.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { BlockNode, HclFile } from './ast.js';
import type { HclBody } from './body.js';
import { evaluateBody } from './evaluate-body.js';
import { evalError } from './errors.js';
import type { FunctionContext } from './functions/registry.js';
import { STANDARD_FUNCTIONS } from './functions/index.js';
import type { HclLimits } from './limits.js';
import { DEFAULT_LIMITS } from './limits.js';
import { LocalsResolver } from './locals.js';
import { parseHcl as parseSyntax } from './parser.js';
import type { EvalEnvironment } from './scope.js';
import { Scope } from './scope.js';
import { readVarFile } from './var-files.js';
import { collectVariableDeclarations, resolveVariableValues } from './variables.js';

export type { HclFile, BodyNode, AttributeNode, BlockNode, Expression, TemplatePart } from './ast.js';
export type { HclBody, HclBlock, HclAttribute, HclValue, SourcePos } from './body.js';
export type { HclLimits } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { suggestName, editDistance } from './suggest.js';
export { formatLocation } from './errors.js';

/** EvaluateHclOptions configure one evaluation. */
export interface EvaluateHclOptions {
  /** Name used in every error location (`file:line:col`). */
  filename: string;
  /** `-var name=value` values (raw strings, parsed by the variable's type). */
  vars?: Record<string, string>;
  /** `-var-file` contents in order; later files win. A `.json` name means a JSON object file. */
  varFiles?: Array<{ filename: string; source: string }>;
  /** Environment for DROVER_VAR_<name> / NOMAD_VAR_<name> and pathexpand (default: none). */
  env?: Record<string, string | undefined>;
  /** Reads files for file()/fileexists() (default: node:fs, relative to baseDir). */
  readFile?: (path: string) => string;
  /** Directory relative paths resolve against (default: process.cwd()). */
  baseDir?: string;
  /**
   * Lets file(), fileexists() and fileset() read the local filesystem through node:fs. Off by default so
   * a server evaluating a submitted jobspec never reads its own files; the CLI turns it on.
   * An injected `readFile` is always used (it is the caller's own policy).
   */
  allowFs?: boolean;
  /** Override limits (tests, tools); defaults are DEFAULT_LIMITS. */
  limits?: Partial<HclLimits>;
}

/** parseHcl parses HCL2 native syntax into a syntax tree with positions (no evaluation). */
export function parseHcl(source: string, filename: string): HclFile {
  return parseSyntax(source, filename);
}

const FS_DISABLED = 'filesystem access is disabled for this evaluation (allowFs is off)';

const EVALUATION_ONLY_BLOCKS = new Set(['variable', 'variables', 'locals']);

function functionContext(opts: EvaluateHclOptions, limits: HclLimits): FunctionContext {
  const baseDir = opts.baseDir ?? process.cwd();
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));
  const readFile = opts.readFile;
  return {
    baseDir,
    env: opts.env ?? {},
    limits,
    readFile: (path) => {
      if (readFile !== undefined) return readFile(path);
      if (opts.allowFs !== true) throw new Error(FS_DISABLED);
      const full = absolute(path);
      if (statSync(full).size > limits.maxStringLength) throw new Error(`file is larger than ${limits.maxStringLength} bytes`);
      return readFileSync(full, 'utf8');
    },
    fileExists: (path) => {
      if (readFile !== undefined) {
        try {
          readFile(path);
          return true;
        } catch {
          return false;
        }
      }
      if (opts.allowFs !== true) throw new Error(FS_DISABLED);
      const full = absolute(path);
      return existsSync(full) && statSync(full).isFile();
    },
    listFiles: (dir) => {
      if (opts.allowFs !== true) throw new Error(FS_DISABLED);
      const full = absolute(dir);
      const entries = readdirSync(full, { recursive: true, encoding: 'utf8' });
      if (entries.length > limits.maxCollectionLength) throw new Error(`more than ${limits.maxCollectionLength} entries below ${dir}`);
      return entries.filter((entry) => statSync(resolve(full, entry)).isFile()).map((entry) => entry.split(sep).join('/'));
    },
  };
}

/**
 * evaluateHcl parses and evaluates a jobspec. Throws DroverError with code
 * DROVER_ERR_HCL_SYNTAX, DROVER_ERR_HCL_EVAL or DROVER_ERR_HCL_VARIABLE whose `location` is
 * `file:line:col` and whose message starts with it.
 */
export function evaluateHcl(source: string, opts: EvaluateHclOptions): HclBody {
  try {
    return evaluateUnguarded(source, opts);
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw evalError({ file: opts.filename, line: 1, column: 1 }, 'the jobspec is too deeply nested to evaluate');
    }
    throw error;
  }
}

function evaluateUnguarded(source: string, opts: EvaluateHclOptions): HclBody {
  const limits: HclLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const file = parseSyntax(source, opts.filename, limits);
  const varFiles = (opts.varFiles ?? []).map((varFile) => readVarFile(varFile.filename, varFile.source, limits));
  const env: EvalEnvironment = {
    functions: STANDARD_FUNCTIONS,
    functionContext: functionContext(opts, limits),
    limits,
    variables: undefined,
    locals: undefined,
    budget: { steps: 0, depth: 0 },
  };
  const topBlocks = file.body.items.filter((item): item is BlockNode => item.kind === 'block');
  const variableBlocks = topBlocks.filter((block) => block.type === 'variable' || block.type === 'variables');
  const localsBlocks = topBlocks.filter((block) => block.type === 'locals');
  const declarations = collectVariableDeclarations(variableBlocks, env);
  const variables = resolveVariableValues(declarations, { vars: opts.vars ?? {}, varFiles, env: opts.env ?? {} }, env);
  const locals = new LocalsResolver(localsBlocks);
  const fullEnv: EvalEnvironment = { ...env, variables, locals };
  locals.bind(fullEnv);
  locals.resolveAll();
  const rest = file.body.items.filter((item) => item.kind !== 'block' || !EVALUATION_ONLY_BLOCKS.has(item.type));
  return evaluateBody(file.body, new Scope(), fullEnv, rest);
}
