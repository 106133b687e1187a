// Locals (any order, dependency resolution, cycles) and dynamic block expansion.
import t from 'tap';
import { evaluateHcl } from '../../jobspecs/hcl/index.js';
import type { HclBlock } from '../../jobspecs/hcl/index.js';
import { errorSummary, evalOrError } from './helpers.js';

/** shape strips positions: block -> [type, labels, attributes, children]. */
function shape(block: HclBlock): unknown {
  return [block.type, block.labels, Object.fromEntries(block.body.attributes.map((a) => [a.name, a.value])), block.body.blocks.map(shape)];
}

t.test('locals resolve in dependency order across blocks', async (t) => {
  const src = `
locals {
  full = "\${local.prefix}-\${local.name}"
}
variable "env" {
  default = "prod"
}
locals {
  prefix = upper(var.env)
  name   = "api"
}`;
  t.equal(evalOrError('local.full', src), 'PROD-api');
  t.match(evalOrError('local.all', src), /^ERROR DROVER_ERR_HCL_EVAL: expr\.hcl:\d+:9: unknown local value "local\.all"/, 'unknown local is an error');
  t.same(evalOrError('keys(local)', src), ['full', 'name', 'prefix'], 'local as an object');
  t.match(evalOrError('1', 'locals {\n  all = local\n}'), /depends on itself/, 'a local that reads the whole local object is a cycle');
});

t.test('local errors', async (t) => {
  const rows: Array<[string, string, string, RegExp]> = [
    ['cycle', 'locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\n', 'job.hcl:2:3', /local value "a" depends on itself: local\.a -> local\.b -> local\.c -> local\.a/],
    ['self reference', 'locals {\n  a = local.a + 1\n}\n', 'job.hcl:2:3', /depends on itself/],
    ['duplicate', 'locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n', 'job.hcl:5:3', /local value "a" is already defined at job\.hcl:2:3/],
    ['unknown with suggestion', 'locals {\n  name = "x"\n}\nx = local.nmae\n', 'job.hcl:4:5', /unknown local value "local\.nmae"\. Did you mean "name"\?/],
    ['error in an unused local', 'locals {\n  bad = 1 + "x"\n}\n', 'job.hcl:2:9', /operator "\+": a number is required/],
  ];
  for (const [name, src, location, message] of rows) {
    const error = errorSummary(() => evaluateHcl(src, { filename: 'job.hcl' }));
    t.equal(error.code, 'DROVER_ERR_HCL_EVAL', `${name}: code`);
    t.equal(error.location, location, `${name}: location`);
    t.match(error.message, message, `${name}: message`);
  }
});

t.test('dynamic blocks expand', async (t) => {
  const src = `
locals {
  ports = { http = 80, https = 443 }
  vols  = [{ name = "a", ro = true, opts = ["x", "y"] }, { name = "b", ro = false, opts = [] }]
}
task "t" {
  dynamic "port" {
    for_each = local.ports
    labels   = [port.key]
    content {
      static = port.value
    }
  }
  dynamic "volume" {
    for_each = local.vols
    iterator = v
    content {
      name      = v.value.name
      index     = v.key
      read_only = v.value.ro
      dynamic "option" {
        for_each = v.value.opts
        content {
          value = "\${v.value.name}:\${option.value}"
        }
      }
    }
  }
  dynamic "empty" {
    for_each = []
    content {
      x = 1
    }
  }
  plain {
    y = 2
  }
}`;
  const body = evaluateHcl(src, { filename: 'job.hcl' });
  const task = body.blocks[0];
  t.ok(task);
  t.same(task && shape(task), ['task', ['t'], {}, [
    ['port', ['http'], { static: 80 }, []],
    ['port', ['https'], { static: 443 }, []],
    ['volume', [], { name: 'a', index: 0, read_only: true }, [['option', [], { value: 'a:x' }, []], ['option', [], { value: 'a:y' }, []]]],
    ['volume', [], { name: 'b', index: 1, read_only: false }, []],
    ['plain', [], { y: 2 }, []],
  ]]);
  t.same(task?.body.blocks[0]?.pos, { file: 'job.hcl', line: 10, column: 5 }, 'generated blocks point at their content block');
});

t.test('dynamic block errors', async (t) => {
  const rows: Array<[string, string, string, RegExp]> = [
    ['missing for_each', 'dynamic "x" {\n  content {\n  }\n}\n', 'job.hcl:1:1', /needs a for_each argument/],
    ['missing content', 'dynamic "x" {\n  for_each = [1]\n}\n', 'job.hcl:1:1', /needs a content block/],
    ['misspelled argument', 'dynamic "x" {\n  for_eahc = [1]\n  content {\n  }\n}\n', 'job.hcl:2:3', /unsupported argument "for_eahc" in dynamic "x"\. Did you mean "for_each"\?/],
    ['for_each not a collection', 'dynamic "x" {\n  for_each = 5\n  content {\n  }\n}\n', 'job.hcl:2:14', /must be a list, set, map or object, got number/],
    ['iterator not a name', 'dynamic "x" {\n  for_each = [1]\n  iterator = "it"\n  content {\n  }\n}\n', 'job.hcl:3:14', /iterator must be a bare name/],
  ];
  for (const [name, src, location, message] of rows) {
    const error = errorSummary(() => evaluateHcl(src, { filename: 'job.hcl' }));
    t.equal(error.location, location, `${name}: location`);
    t.match(error.message, message, `${name}: message`);
  }
});
