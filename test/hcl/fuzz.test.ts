// Property test (fixed seed): for random text, HCL-token soup and mutated valid jobspecs,
// evaluateHcl either returns a body or throws a located HCL DroverError - never another
// exception, never a hang (each case must finish within a time bound).
import fc from 'fast-check';
import t from 'tap';
import { isDroverError } from '../../api/errors.js';
import { evaluateHcl } from '../../jobspecs/hcl/index.js';
import { SAMPLE_JOBSPEC } from './sample-jobspec.js';

const HCL_CODES = new Set(['DROVER_ERR_HCL_SYNTAX', 'DROVER_ERR_HCL_EVAL', 'DROVER_ERR_HCL_VARIABLE']);
const PER_CASE_MS = 2000;

const FRAGMENTS = [
  '{', '}', '[', ']', '(', ')', '"', '${', '%{', '~', '}', '<<EOF\n', '<<-EOF\n', 'EOF\n', '\n', ' ', '=', ':', ',', '.', '*',
  '...', '?', '!', '-', '+', '/', '%', '==', '&&', '||', '=>', '#', '//', '/*', '*/', '\\', '\\n', '$${', '%%{', '1', '2.5', '1e3',
  'a', 'x', 'job', 'var', 'local', 'locals', 'variable', 'dynamic', 'content', 'for_each', 'for', 'in', 'if', 'else', 'endif', 'endfor',
  'true', 'null', 'NOMAD_ALLOC_ID', 'attr', 'upper', 'range', 'format', 'jsondecode', 'try', 'can', 'convert', 'list', 'string',
  'join', 'merge', 'flatten', 'regex', 'setproduct', 'element', 'lookup', 'cidrsubnet', 'formatdate', 'timeadd', 'substr', 'indent',
];

function mutate(source: string, edits: Array<{ at: number; kind: number; length: number; fragment: string }>): string {
  let out = source;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % out.length;
    switch (edit.kind % 4) {
      case 0: out = out.slice(0, at) + out.slice(at + edit.length); break;
      case 1: out = out.slice(0, at) + edit.fragment + out.slice(at); break;
      case 2: out = out.slice(0, at) + out.slice(at, at + edit.length).repeat(2) + out.slice(at); break;
      default: out = out.slice(0, at) + edit.fragment + out.slice(at + edit.length); break;
    }
  }
  return out;
}

function check(source: string): boolean {
  const started = Date.now();
  try {
    evaluateHcl(source, { filename: 'fuzz.hcl', vars: {}, env: {}, readFile: () => 'file text' });
  } catch (error) {
    if (!isDroverError(error)) throw new Error(`non-DroverError for ${JSON.stringify(source).slice(0, 300)}: ${String(error)}`);
    if (!HCL_CODES.has(error.code)) throw new Error(`unexpected code ${error.code}: ${error.message}`);
    if (error.location === undefined || !/^.+:\d+:\d+$/.test(error.location)) throw new Error(`unlocated error: ${error.message}`);
    if (!error.message.startsWith(`${error.location}: `)) throw new Error(`message does not start with the location: ${error.message}`);
  }
  const elapsed = Date.now() - started;
  if (elapsed > PER_CASE_MS) throw new Error(`took ${elapsed} ms for ${JSON.stringify(source).slice(0, 300)}`);
  return true;
}

const fragmentSoup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));
const edit = fc.record({ at: fc.nat(), kind: fc.nat(), length: fc.integer({ min: 0, max: 40 }), fragment: fc.constantFrom(...FRAGMENTS) });

t.test('random strings', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { seed: 20261123, numRuns: 2000 }));
});

t.test('HCL token soup', async (t) => {
  t.doesNotThrow(() => fc.assert(fc.property(fragmentSoup, (soup) => check(`a = ${soup}\n`) && check(soup)), { seed: 7, numRuns: 3000 }));
});

const TYPED_VARIABLES = `
variable "s" {
  type    = string
  default = "x"
}
variable "n" {
  type    = number
  default = 1
}
variable "l" {
  type    = list(object({ a = string, b = optional(number, 2) }))
  default = []
}
variable "m" {
  type    = map(set(string))
  default = {}
}
out = [var.s, var.n, var.l, var.m]
`;

t.test('random -var and environment values for typed variables', async (t) => {
  const value = fc.oneof(fc.string({ maxLength: 40 }), fragmentSoup);
  t.doesNotThrow(() => fc.assert(fc.property(fc.constantFrom('s', 'n', 'l', 'm'), value, fc.boolean(), (name, raw, viaEnv) => {
    const started = Date.now();
    try {
      evaluateHcl(TYPED_VARIABLES, { filename: 'vars.hcl', ...(viaEnv ? { env: { [`NOMAD_VAR_${name}`]: raw } } : { vars: { [name]: raw } }) });
    } catch (error) {
      if (!isDroverError(error) || !HCL_CODES.has(error.code) || !/:\d+:\d+$/.test(error.location ?? '')) throw new Error(`bad error for ${name}=${JSON.stringify(raw)}: ${String(error)}`);
    }
    return Date.now() - started < PER_CASE_MS;
  }), { seed: 99, numRuns: 1000 }));
});

t.test('mutated valid jobspecs', async (t) => {
  t.ok(check(SAMPLE_JOBSPEC), 'the unmutated sample is fine');
  t.doesNotThrow(() => fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => check(mutate(SAMPLE_JOBSPEC, edits))), { seed: 42, numRuns: 2000 }));
});
