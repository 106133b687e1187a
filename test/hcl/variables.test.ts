// Input variables: type constraints and conversion, defaults, validation, and the precedence
// -var > -var-file > DROVER_VAR_ > NOMAD_VAR_ > default.
import t from 'tap';
import type { EvaluateHclOptions } from '../../jobspecs/hcl/index.js';
import { errorSummary, evalOrError } from './helpers.js';
import { evaluateHcl } from '../../jobspecs/hcl/index.js';

const declarations = `variable "port" {
  type    = number
  default = 8080
}
variable "dcs" {
  type = list(string)
  default = ["dc1"]
}
variable "debug" {
  type    = bool
  default = false
}
variable "labels" {
  type    = map(string)
  default = { team = "core" }
}
variable "svc" {
  type = object({
    name = string
    port = optional(number, 80)
    tags = optional(set(string))
  })
  default = { name = "web", tags = ["b", "a", "b"] }
}
variable "pair" {
  type    = tuple([string, number])
  default = ["a", "1"]
}
variable "anything" {
  default = "x"
}`;

t.test('type constraints convert values', async (t) => {
  const rows: Array<[string, unknown, Partial<EvaluateHclOptions>]> = [
    ['var.port', 8080, {}],
    ['var.port', 9090, { vars: { port: '9090' } }],
    ['var.dcs', ['a', 'b'], { vars: { dcs: '["a", "b"]' } }],
    ['var.debug', true, { vars: { debug: 'true' } }],
    ['var.labels', { team: 'core' }, {}],
    ['var.labels', { a: '1' }, { vars: { labels: '{ a = 1 }' } }],
    ['var.svc', { name: 'web', port: 80, tags: ['a', 'b'] }, {}],
    ['var.svc', { name: 'api', port: 81, tags: null }, { vars: { svc: '{ name = "api", port = "81", extra = true }' } }],
    ['var.pair', ['a', 1], {}],
    ['var.anything', '[1, 2]', { vars: { anything: '[1, 2]' } }],
  ];
  for (const [expr, expected, opts] of rows) t.same(evalOrError(expr, declarations, opts), expected, `${expr} with ${JSON.stringify(opts)}`);
});

t.test('precedence: -var > -var-file > DROVER_VAR_ > NOMAD_VAR_ > default', async (t) => {
  const varFile = { filename: 'vals.hcl', source: 'port = 2000\n' };
  const laterFile = { filename: 'later.hcl', source: 'port = 2500\n' };
  const env = { DROVER_VAR_port: '3000', NOMAD_VAR_port: '4000' };
  const rows: Array<[string, Partial<EvaluateHclOptions>, number]> = [
    ['-var beats everything', { vars: { port: '1000' }, varFiles: [varFile], env }, 1000],
    ['var-file beats env', { varFiles: [varFile], env }, 2000],
    ['later var-files win', { varFiles: [varFile, laterFile] }, 2500],
    ['JSON var-files', { varFiles: [varFile, { filename: 'vals.json', source: '{"port": "2600"}' }] }, 2600],
    ['DROVER_VAR_ beats NOMAD_VAR_', { env }, 3000],
    ['NOMAD_VAR_ beats the default', { env: { NOMAD_VAR_port: '4000' } }, 4000],
    ['default last', {}, 8080],
  ];
  for (const [name, opts, expected] of rows) t.equal(evalOrError('var.port', declarations, opts), expected, name);
});

t.test('variable errors are located and name the variable', async (t) => {
  const src = 'variable "region" {\n  type = string\n}\nvariable "count" {\n  type = number\n  default = 1\n}\nx = var.region\n';
  const rows: Array<[string, Partial<EvaluateHclOptions>, string, string | undefined, RegExp]> = [
    ['missing required variable', {}, 'DROVER_ERR_HCL_VARIABLE', 'job.hcl:1:1', /variable "region" is required/],
    ['unknown -var name', { vars: { region: 'x', cuont: '2' } }, 'DROVER_ERR_HCL_VARIABLE', '<-var cuont>:1:1', /undeclared variable "cuont"\. Did you mean "count"\?/],
    ['-var of the wrong type', { vars: { region: 'x', count: 'many' } }, 'DROVER_ERR_HCL_VARIABLE', '<-var count>:1:1', /a number is required, got string "many"/],
    ['var-file with undeclared name', { varFiles: [{ filename: 'v.hcl', source: 'region = "x"\nregoin = "y"\n' }] }, 'DROVER_ERR_HCL_VARIABLE', 'v.hcl:2:1', /undeclared variable "regoin"\. Did you mean "region"\?/],
    ['JSON var-file with undeclared name', { varFiles: [{ filename: 'v.json', source: '{\n  "region": "x",\n  "regoin": 1\n}' }] }, 'DROVER_ERR_HCL_VARIABLE', 'v.json:3:3', /undeclared variable "regoin"/],
    ['invalid JSON var-file', { varFiles: [{ filename: 'v.json', source: '{"region": }' }] }, 'DROVER_ERR_HCL_SYNTAX', 'v.json:1:1', /invalid JSON variable file/],
    ['JSON var-file that is not an object', { varFiles: [{ filename: 'v.json', source: '[1]' }] }, 'DROVER_ERR_HCL_VARIABLE', 'v.json:1:1', /must hold one object/],
    ['env of the wrong type', { vars: { region: 'x' }, env: { DROVER_VAR_count: 'x' } }, 'DROVER_ERR_HCL_VARIABLE', '<env DROVER_VAR_count>:1:1', /a number is required/],
  ];
  for (const [name, opts, code, location, message] of rows) {
    const error = errorSummary(() => evaluateHcl(src, { filename: 'job.hcl', ...opts }));
    t.equal(error.code, code, `${name}: code`);
    t.equal(error.location, location, `${name}: location`);
    t.match(error.message, message, `${name}: message`);
    if (location !== undefined) t.ok(error.message.startsWith(`${location}: `), `${name}: message starts with the location`);
  }
});

t.test('declaration errors', async (t) => {
  const rows: Array<[string, string, string, RegExp]> = [
    ['default does not match the type', 'variable "a" {\n  type = number\n  default = "x"\n}\n', 'job.hcl:3:13', /invalid default value for variable "a": a number is required/],
    ['unknown argument', 'variable "a" {\n  defualt = 1\n}\n', 'job.hcl:2:3', /unsupported argument "defualt" in variable "a"\. Did you mean "default"\?/],
    ['unknown type', 'variable "a" {\n  type = strng\n}\n', 'job.hcl:2:10', /unknown type "strng"\. Did you mean "string"\?/],
    ['duplicate declaration', 'variable "a" {\n}\nvariable "a" {\n}\n', 'job.hcl:3:1', /variable "a" is already declared at job\.hcl:1:1/],
    ['undeclared var reference', 'variable "port" {\n  default = 1\n}\nx = var.prot\n', 'job.hcl:4:5', /unknown variable "var\.prot": no variable "prot" is declared\. Did you mean "port"\?/],
  ];
  for (const [name, src, location, message] of rows) {
    const error = errorSummary(() => evaluateHcl(src, { filename: 'job.hcl' }));
    t.equal(error.location, location, `${name}: location`);
    t.match(error.message, message, `${name}: message`);
  }
});

t.test('validation blocks', async (t) => {
  const src = `variable "count" {
  type = number
  default = 3
  validation {
    condition     = var.count > 0 && var.count < 10
    error_message = "count must be between 1 and 9"
  }
}
x = var.count
`;
  t.equal(evalOrError('var.count', src.replace(/x = var.count\n/, '')), 3, 'a valid value passes');
  const error = errorSummary(() => evaluateHcl(src, { filename: 'job.hcl', vars: { count: '12' } }));
  t.equal(error.code, 'DROVER_ERR_HCL_VARIABLE');
  t.equal(error.location, 'job.hcl:5:21');
  t.match(error.message, /invalid value for variable "count": count must be between 1 and 9/);
});

t.test('the variables block and descriptions/sensitive', async (t) => {
  const src = 'variables {\n  a = 1\n  b = "two"\n}\nvariable "s" {\n  description = "secret"\n  sensitive = true\n  default = "x"\n}\n';
  t.same(evalOrError('[var.a, var.b, var.s]', src), [1, 'two', 'x']);
  t.same(evaluateHcl(src, { filename: 'job.hcl' }).blocks, [], 'variable blocks are not part of the output');
});
