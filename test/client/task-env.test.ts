import t from 'tap';
import { interpolateString, interpolateValue } from '../../client/taskrunner/interpolate.js';
import { buildTaskEnv } from '../../client/taskrunner/task-env.js';
import { renderTemplate } from '../../client/taskrunner/hooks/template.js';
import { mockClientAlloc, mockTask } from '../mock/client.js';

const node = {
  ID: 'node-id-1', Name: 'node-1', Datacenter: 'dc1', NodeClass: 'linux-medium', NodePool: 'default',
  Attributes: { 'kernel.name': 'linux', 'unique.network.ip-address': '10.0.0.5' }, Meta: { rack: 'r7' },
};

t.test('task environment', async (t) => {
  const task = mockTask('web', 'mock_driver', {}, { Meta: { 'owner-team': 'core' }, Env: { GREETING: 'hi ${NOMAD_TASK_NAME} on ${attr.kernel.name}', PORT: '${NOMAD_PORT_http}' } });
  const alloc = mockClientAlloc('node-id-1', [task], { jobId: 'shop', meta: { tier: 'gold' } });
  alloc.Name = 'shop.g[3]';
  const env = buildTaskEnv({ alloc, task, node, region: 'eu', allocDir: '/d/alloc', paths: { taskDir: '/d/web', localDir: '/d/web/local', secretsDir: '/d/web/secrets', tmpDir: '/d/web/tmp' } });
  const want: Record<string, string> = {
    NOMAD_ALLOC_ID: alloc.ID, NOMAD_SHORT_ALLOC_ID: alloc.ID.slice(0, 8), NOMAD_ALLOC_NAME: 'shop.g[3]', NOMAD_ALLOC_INDEX: '3',
    NOMAD_JOB_ID: 'shop', NOMAD_JOB_NAME: 'shop', NOMAD_GROUP_NAME: 'g', NOMAD_TASK_NAME: 'web', NOMAD_NAMESPACE: 'default',
    NOMAD_REGION: 'eu', NOMAD_DC: 'dc1', NOMAD_ALLOC_DIR: '/d/alloc', NOMAD_TASK_DIR: '/d/web/local', NOMAD_SECRETS_DIR: '/d/web/secrets',
    NOMAD_CPU_LIMIT: '100', NOMAD_MEMORY_LIMIT: '64',
    NOMAD_PORT_http: '25000', NOMAD_IP_http: '127.0.0.1', NOMAD_HOST_PORT_http: '25000', NOMAD_ADDR_http: '127.0.0.1:25000',
    NOMAD_META_tier: 'gold', NOMAD_META_TIER: 'gold', NOMAD_META_owner_team: 'core', NOMAD_META_OWNER_TEAM: 'core',
    GREETING: 'hi web on linux', PORT: '25000',
  };
  for (const [k, v] of Object.entries(want)) t.equal(env[k], v, k);
});

t.test('interpolation', async (t) => {
  const scope = { env: { NOMAD_ALLOC_ID: 'a1', HOME: '/root' }, node, region: 'eu' };
  const table: Array<[string, string]> = [
    ['${NOMAD_ALLOC_ID}', 'a1'],
    ['${env.HOME}/x', '/root/x'],
    ['${attr.kernel.name}', 'linux'],
    ['${meta.rack}', 'r7'],
    ['${node.unique.id}', 'node-id-1'],
    ['${node.unique.name}', 'node-1'],
    ['${node.datacenter}', 'dc1'],
    ['${node.class}', 'linux-medium'],
    ['${node.pool}', 'default'],
    ['${node.region}', 'eu'],
    ['${UNKNOWN_VAR} stays', '${UNKNOWN_VAR} stays'],
    ['${attr.missing}', '${attr.missing}'],
    ['no refs', 'no refs'],
  ];
  for (const [input, want] of table) t.equal(interpolateString(input, scope), want, input);
  t.same(interpolateValue({ command: '/bin/${env.HOME}', args: ['${NOMAD_ALLOC_ID}', 3], nested: { k: '${meta.rack}' } }, scope),
    { command: '/bin//root', args: ['a1', 3], nested: { k: 'r7' } });
});

t.test('template rendering', async (t) => {
  const scope = { env: { NOMAD_TASK_NAME: 'web' }, node, region: 'eu' };
  t.equal(renderTemplate('task={{ env "NOMAD_TASK_NAME" }} rack=${meta.rack}\n', scope), 'task=web rack=r7\n');
});
