// Hardening: every limit produces a located DroverError instead of a crash or a hang.
import t from 'tap';
import { evaluateHcl, parseHcl } from '../../jobspecs/hcl/index.js';
import type { EvaluateHclOptions } from '../../jobspecs/hcl/index.js';
import { errorSummary } from './helpers.js';

const rows: Array<[string, string, Partial<EvaluateHclOptions>, string, RegExp]> = [
  ['source size', `a = "${'x'.repeat(200)}"\n`, { limits: { maxSourceBytes: 100 } }, 'DROVER_ERR_HCL_SYNTAX', /larger than the limit of 100 bytes/],
  ['expression nesting', `a = ${'['.repeat(200)}${']'.repeat(200)}\n`, {}, 'DROVER_ERR_HCL_SYNTAX', /nesting deeper than the limit of 64/],
  ['unary chain', `a = ${'-'.repeat(50_000)}1\n`, {}, 'DROVER_ERR_HCL_SYNTAX', /nesting deeper than the limit/],
  ['parenthesis chain', `a = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n`, {}, 'DROVER_ERR_HCL_SYNTAX', /nesting deeper than the limit/],
  ['block nesting', `${'b {\n'.repeat(100)}${'}\n'.repeat(100)}`, {}, 'DROVER_ERR_HCL_SYNTAX', /nesting deeper than the limit/],
  ['template directive nesting', `a = "${'%{ if true }'.repeat(100)}${'%{ endif }'.repeat(100)}"\n`, {}, 'DROVER_ERR_HCL_SYNTAX', /nested deeper than the limit/],
  ['string literal length', `a = "${'x'.repeat(200)}"\n`, { limits: { maxStringLength: 100 } }, 'DROVER_ERR_HCL_SYNTAX', /longer than the limit of 100/],
  ['heredoc length', `a = <<EOF\n${'x'.repeat(200)}\nEOF\n`, { limits: { maxStringLength: 100 } }, 'DROVER_ERR_HCL_SYNTAX', /longer than the limit of 100/],
  ['node count', `a = [${'1,'.repeat(200)}]\n`, { limits: { maxNodes: 100 } }, 'DROVER_ERR_HCL_SYNTAX', /more than 100 syntax nodes/],
  ['for expression output', 'a = [for i in range(50) : [for j in range(50) : j]]\n', { limits: { maxEvalSteps: 1000 } }, 'DROVER_ERR_HCL_EVAL', /more than 1000 steps/],
  ['for expression size', `a = [for i in [${'1, '.repeat(20)}] : i]\n`, { limits: { maxCollectionLength: 10 } }, 'DROVER_ERR_HCL_EVAL', /more than 10 elements/],
  ['range size', 'a = range(1e9)\n', {}, 'DROVER_ERR_HCL_EVAL', /more than the limit of 100000/],
  ['setproduct size', 'a = setproduct(range(1000), range(1000))\n', {}, 'DROVER_ERR_HCL_EVAL', /setproduct\(\) would produce 1000000 elements/],
  ['template output size', 'locals {\n  s = "xxxxxxxxxx"\n}\na = "%{ for i in range(100) }${local.s}%{ endfor }"\n', { limits: { maxStringLength: 500 } }, 'DROVER_ERR_HCL_EVAL', /template result is longer than the limit of 500/],
  ['function output size', 'a = join("", [for i in range(100) : "xxxxxxxxxx"])\n', { limits: { maxStringLength: 500 } }, 'DROVER_ERR_HCL_EVAL', /join\(\) produced a string longer than the limit/],
  ['format width', 'a = format("%999999999d", 1)\n', {}, 'DROVER_ERR_HCL_EVAL', /width or precision larger than/],
  ['deep JSON', `a = jsondecode("${'['.repeat(100)}${']'.repeat(100)}")\n`, {}, 'DROVER_ERR_HCL_EVAL', /nested deeper than 64/],
  ['local chain depth', `locals {\n${Array.from({ length: 300 }, (_, i) => `  l${i} = local.l${i + 1}\n`).join('')}  l300 = 1\n}\n`, {}, 'DROVER_ERR_HCL_EVAL', /more than 128 levels deep/],
  ['local value depth', `locals {\n${Array.from({ length: 100 }, (_, i) => `  l${i} = [[[local.l${i + 1}]]]\n`).join('')}  l100 = 1\n}\n`, {}, 'DROVER_ERR_HCL_EVAL', /nested deeper than the limit of 256/],
  ['evaluation depth through locals', `locals {\n${Array.from({ length: 120 }, (_, i) => `  l${i} = ${'['.repeat(30)}local.l${i + 1}${']'.repeat(30)}\n`).join('')}  l120 = 1\n}\n`, {}, 'DROVER_ERR_HCL_EVAL', /evaluation nests deeper than the limit of 1000/],
  ['dynamic expansion', `dynamic "x" {\n  for_each = [${'1, '.repeat(20)}]\n  content {\n  }\n}\n`, { limits: { maxCollectionLength: 10 } }, 'DROVER_ERR_HCL_EVAL', /more than 10 elements/],
  ['exponential regex', 'a = regex("(x+x+)+y", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")\n', {}, 'DROVER_ERR_HCL_EVAL', /exponential time/],
];

for (const [name, src, opts, code, message] of rows) {
  const started = process.hrtime.bigint();
  const error = errorSummary(() => evaluateHcl(src, { filename: 'l.hcl', ...opts }));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  t.equal(error.code, code, `${name}: code (${error.message.slice(0, 120)})`);
  t.match(error.location, /^l\.hcl:\d+:\d+$/, `${name}: located`);
  t.match(error.message, message, `${name}: message`);
  t.ok(elapsedMs < 5000, `${name}: bounded time (${elapsedMs.toFixed(0)} ms)`);
}

t.test('the default source limit is 4 MiB', async (t) => {
  const big = `a = "${'x'.repeat(4 * 1024 * 1024)}"\n`;
  t.match(errorSummary(() => parseHcl(big, 'big.hcl')).message, /^big\.hcl:1:1: source is larger than the limit of 4194304 bytes/);
});
