// Error locations: every syntax and evaluation error is a DroverError whose location is the
// exact file:line:col of the fault and whose message starts with that location.
import t from 'tap';
import { evaluateHcl, parseHcl } from '../../jobspecs/hcl/index.js';
import { errorSummary } from './helpers.js';

const syntaxErrors: Array<[string, string, string, RegExp]> = [
  ['unterminated string', 'a = "abc\n', '1:5', /unterminated string: missing closing quote/],
  ['missing operand', 'a = 1 +\n', '1:8', /expected an expression, found newline/],
  ['unclosed block', 'job "x" {\n  a = 1\n', '1:9', /block is not closed: missing "}"/],
  ['duplicate attribute', 'a = 1\na = 2\n', '2:1', /attribute "a" is already defined at f\.hcl:1:1/],
  ['unterminated interpolation', 'a = "${ x\n', '1:6', /unterminated template sequence: missing "}"/],
  ['invalid escape', 'a = "x\\q"\n', '1:7', /invalid escape sequence "\\q"/],
  ['unterminated heredoc', 'a = <<EOF\nabc\n', '1:5', /unterminated heredoc: missing closing marker "EOF"/],
  ['unterminated comment', '/* abc\n', '1:1', /unterminated comment/],
  ['invalid character', 'a = @\n', '1:5', /invalid character "@"/],
  ['if without endif', 'a = "%{ if true }x"\n', '1:6', /%\{if\} has no matching %\{endif\}/],
  ['endif without if', 'a = "x%{ endif }"\n', '1:7', /unexpected %\{endif\} without a matching opening directive/],
  ['two attributes on one line', 'a = 1 b = 2\n', '1:7', /expected a newline after the attribute or block, found "b"/],
  ['stray closing brace', '}\n', '1:1', /unexpected "}" outside of a block/],
  ['empty argument', 'a = f(1,,)\n', '1:9', /expected an expression, found ","/],
  ['interpolated block label', 'job "${x}" {\n}\n', '1:6', /block labels must be literal strings/],
  ['conditional without else', 'a = true ? 1\n', '1:13', /expected ":" in conditional expression/],
  ['bad heredoc opener', 'a = <<\n', '1:5', /invalid heredoc/],
  ['unknown directive', 'a = "%{ while x }"\n', '1:9', /unknown template directive "while"/],
  ['expansion not last', 'a = f(x..., y)\n', '1:11', /"\.\.\." expansion must be on the last argument/],
  ['missing block brace', 'job "x"\n', '1:8', /expected "\{" to open block "job", found newline/],
];

t.test('syntax errors', async (t) => {
  for (const [name, src, at, message] of syntaxErrors) {
    const error = errorSummary(() => parseHcl(src, 'f.hcl'));
    t.equal(error.code, 'DROVER_ERR_HCL_SYNTAX', `${name}: code`);
    t.equal(error.location, `f.hcl:${at}`, `${name}: location`);
    t.ok(error.message.startsWith(`f.hcl:${at}: `), `${name}: message starts with the location`);
    t.match(error.message, message, `${name}: message`);
  }
});

const evalErrors: Array<[string, string, string, RegExp]> = [
  ['unknown variable with suggestion', 'locals {\n  port = 1\n}\nx = lokal.port\n', '4:5', /unknown variable "lokal"\. Did you mean "local"\?/],
  ['index out of range', 'x = [1, 2][5]\n', '1:12', /index 5 is out of range for a list of 2 elements/],
  ['interpolating a list', 'x = "a${[1]}"\n', '1:9', /cannot interpolate a tuple value into a string/],
  ['interpolating null', 'x = "a${null}"\n', '1:9', /cannot interpolate a null value/],
  ['unsupported attribute', 'x = { name = 1 }.nmae\n', '1:5', /unsupported attribute "nmae".*Did you mean "name"\?/],
  ['division by zero', 'x = 1 / 0\n', '1:5', /division by zero/],
  ['type mismatch in arithmetic', 'x = 1 + true\n', '1:5', /operator "\+": a number is required, got bool/],
  ['unknown function', 'x = lenght([])\n', '1:5', /call to unknown function "lenght"\. Did you mean "length"\?/],
  ['wrong argument count', 'x = join(",")\n', '1:5', /function join\(\) expects at least 2 arguments, got 1: join\(separator, list, lists\.\.\.\)/],
  ['wrong argument type', 'x = upper([1])\n', '1:11', /invalid value for the "str" parameter of upper\(\): a string is required, got tuple/],
  ['runtime reference in a directive', 'x = "%{ if NOMAD_X }y%{ endif }"\n', '1:12', /%\{if\} cannot use the runtime reference "NOMAD_X"/],
  ['runtime reference in arithmetic', 'x = NOMAD_ALLOC_INDEX + 1\n', '1:5', /"NOMAD_ALLOC_INDEX" is a runtime reference/],
  ['non-bool template condition', 'x = "%{ if 5 }y%{ endif }"\n', '1:12', /a bool is required, got number/],
  ['non-bool condition', 'x = 5 ? 1 : 2\n', '1:5', /a bool is required, got number/],
  ['for over a number', 'x = [for v in 3 : v]\n', '1:15', /the for expression collection must be a list, set, map or object, got number/],
  ['duplicate for key', 'x = { for v in ["a", "a"] : v => 1 }\n', '1:29', /duplicate key "a" in the for expression result; add "\.\.\."/],
  ['attribute of null', 'x = null.a\n', '1:5', /cannot read attribute "a" of a null value/],
  ['duplicate object key', 'x = { a = 1, "a" = 2 }\n', '1:14', /duplicate object key "a"/],
];

t.test('evaluation errors', async (t) => {
  for (const [name, src, at, message] of evalErrors) {
    const error = errorSummary(() => evaluateHcl(src, { filename: 'e.hcl' }));
    t.equal(error.code, 'DROVER_ERR_HCL_EVAL', `${name}: code`);
    t.equal(error.location, `e.hcl:${at}`, `${name}: location`);
    t.ok(error.message.startsWith(`e.hcl:${at}: `), `${name}: message starts with the location`);
    t.match(error.message, message, `${name}: message`);
  }
});

t.test('errors carry HTTP status 400', async (t) => {
  try {
    parseHcl('a = ', 'x.hcl');
    t.fail('expected an error');
  } catch (error) {
    t.match(error, { name: 'DroverError', code: 'DROVER_ERR_HCL_SYNTAX', statusCode: 400 });
  }
});
