// End to end: a realistic jobspec evaluates to the expected body, with positions.
import t from 'tap';
import { evaluateHcl } from '../../jobspecs/hcl/index.js';
import type { HclBlock, HclBody } from '../../jobspecs/hcl/index.js';
import { SAMPLE_JOBSPEC } from './sample-jobspec.js';

function block(body: HclBody, type: string, label?: string): HclBlock {
  const found = body.blocks.find((b) => b.type === type && (label === undefined || b.labels[0] === label));
  if (found === undefined) throw new Error(`no block ${type} ${label ?? ''}`);
  return found;
}
function attr(body: HclBody, name: string): unknown {
  return body.attributes.find((a) => a.name === name)?.value;
}

t.test('sample jobspec evaluates', async (t) => {
  const root = evaluateHcl(SAMPLE_JOBSPEC, { filename: 'web.nomad.hcl', vars: { image_tag: '1.27' }, env: { NOMAD_VAR_datacenters: '["eu-1", "eu-2"]' } });
  t.same(root.attributes, []);
  t.same(root.blocks.map((b) => b.type), ['job'], 'variable and locals blocks are consumed');
  const job = block(root, 'job', 'web');
  t.same(job.pos, { file: 'web.nomad.hcl', line: 30, column: 1 });
  t.same(attr(job.body, 'datacenters'), ['eu-1', 'eu-2']);
  t.same(attr(job.body, 'meta'), { app: 'web', tag: '1.27' });
  t.equal(attr(block(job.body, 'constraint').body, 'attribute'), '${attr.kernel.name}');
  const group = block(job.body, 'group', 'frontend');
  const ports = block(group.body, 'network').body.blocks;
  t.same(ports.map((p) => [p.labels[0], attr(p.body, 'to')]), [['http', 8080], ['metrics', 9100]]);
  const task = block(group.body, 'task', 'nginx');
  const config = block(task.body, 'config').body;
  t.equal(attr(config, 'image'), 'nginx:1.27');
  t.same(attr(config, 'ports'), ['http', 'metrics']);
  t.same(attr(config, 'args'), ['-c', '${NOMAD_TASK_DIR}/nginx.conf']);
  const env = block(task.body, 'env').body;
  t.same(env.attributes.map((a) => [a.name, a.value]), [['SERVICE_NAME', 'web-1-27'], ['ALLOC', '${NOMAD_ALLOC_ID}'], ['UPPER', 'X']]);
  t.equal(attr(block(task.body, 'template').body, 'data'), 'server {\n  listen {{ env "NOMAD_PORT_http" }};\n  server_name web-1-27;\n  # http = 8080\n  # metrics = 9100\n}\n');
  t.same(block(task.body, 'resources').body.attributes.map((a) => [a.name, a.value, a.pos.line, a.pos.column]), [['cpu', 500, 82, 9], ['memory', 256, 83, 9]]);
});
