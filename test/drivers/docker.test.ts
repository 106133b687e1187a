import t from 'tap';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { DockerDriver } from '../../drivers/docker/driver.js';
import { LABEL_ALLOC_ID, LABEL_TASK_ID, LABEL_TASK_NAME } from '../../drivers/docker/container-options.js';
import { newTestTaskConfig, runDriverConformance, waitUntil } from '../conformance/driver.js';
import type { ConformanceScenario } from '../conformance/driver.js';
import { scenarioScript } from '../conformance/shell-scenarios.js';
import { TEST_IMAGE, dockerUnavailableReason } from '../support/docker.js';
import { freePort } from '../support/free-port.js';

const sh = (script: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ image: TEST_IMAGE, command: '/bin/sh', args: ['-c', script], ...extra });

/** What each conformance scenario looks like as a docker task (sh is PID 1 of the container). */
function dockerConfig(scenario: ConformanceScenario): Record<string, unknown> {
  return sh(scenarioScript(scenario));
}

t.test('docker driver', async (t) => {
  const reason = await dockerUnavailableReason();
  if (reason !== undefined) return t.skip(reason, () => undefined);
  const docker = new Dockerode({ socketPath: '/var/run/docker.sock' });

  t.test('conformance', async (t) => {
    runDriverConformance(t, async () => new DockerDriver(), dockerConfig, {
      invalidTaskConfig: { config: { command: 'x' }, field: 'config.image' },
      exec: { command: ['/bin/sh', '-c', 'echo exec-ok-$DROVER_CONFORMANCE'], expectStdout: 'exec-ok-1' },
      execStreaming: { command: ['/bin/sh', '-c', 'read line; echo got-$line'], stdin: 'hello\n', expectStdout: 'got-hello' },
    });
  });

  t.test('busybox httpd answers on the mapped host port; labels and limits are set', async (t) => {
    const driver = new DockerDriver();
    const hostPort = await freePort();
    const config = await newTestTaskConfig(t, 
      { image: TEST_IMAGE, command: 'busybox', args: ['httpd', '-f', '-p', '8080', '-h', '/local'], ports: ['http'] },
      { memoryMB: 64, cpuMhz: 250, ports: { http: { hostIp: '127.0.0.1', value: hostPort, to: 8080 } } },
    );
    await writeFile(join(config.localDir, 'index.html'), 'hello from drover\n');
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    let body = '';
    await waitUntil(async () => {
      body = await fetch(`http://127.0.0.1:${hostPort}/`).then((r) => r.text(), () => '');
      return body !== '';
    }, 15_000, 'httpd to answer');
    t.equal(body, 'hello from drover\n');
    const info = await docker.getContainer(String(handle.state['containerId'])).inspect();
    t.equal(info.Config.Labels[LABEL_ALLOC_ID], config.allocId);
    t.equal(info.Config.Labels[LABEL_TASK_NAME], config.name);
    t.equal(info.Config.Labels[LABEL_TASK_ID], config.id);
    t.equal(info.HostConfig.Memory, 64 * 1024 * 1024);
    t.equal(info.HostConfig.CpuShares, 250);
    const stats = await driver.stats(handle.taskId);
    t.ok(stats.memory.usage > 0, 'stats report memory usage');
  });

  t.test('an unreachable registry fails the pull fast, naming the image', async (t) => {
    const driver = new DockerDriver();
    const before = Date.now();
    await t.rejects(driver.start(await newTestTaskConfig(t, { image: 'registry.invalid/drover/nope:1' })), {
      code: 'DROVER_ERR_DOCKER_IMAGE_PULL',
      message: /registry\.invalid\/drover\/nope:1/,
    });
    t.ok(Date.now() - before < 30_000, 'failed fast');
    await t.rejects(driver.start(await newTestTaskConfig(t, { image: TEST_IMAGE, force_pull: true, command: 'true' })), { code: 'DROVER_ERR_DOCKER_IMAGE_PULL' }, 'force_pull pulls even a local image');
  });

  t.test('stdout and stderr are demultiplexed into their files', async (t) => {
    const driver = new DockerDriver();
    const config = await newTestTaskConfig(t, sh('echo to-out; echo to-err >&2'));
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    await driver.wait(handle.taskId);
    t.equal(await readFile(config.stdoutPath, 'utf8'), 'to-out\n');
    t.equal(await readFile(config.stderrPath, 'utf8'), 'to-err\n');
  });

  t.test('dangerous options are refused unless the plugin config allows them', async (t) => {
    const outside = await newTestTaskConfig(t, {});
    await mkdir(join(outside.taskDir, 'data'), { recursive: true });
    await symlink('/etc', join(outside.taskDir, 'etc-link'));
    const cases: Array<{ name: string; config: Record<string, unknown>; field: string }> = [
      { name: 'privileged', config: { privileged: true }, field: 'config.privileged' },
      { name: 'host network', config: { network_mode: 'host' }, field: 'config.network_mode' },
      { name: 'host pid namespace', config: { pid_mode: 'host' }, field: 'config.pid_mode' },
      { name: 'host ipc namespace', config: { ipc_mode: 'host' }, field: 'config.ipc_mode' },
      { name: 'host uts namespace', config: { uts_mode: 'host' }, field: 'config.uts_mode' },
      { name: 'capability outside allow_caps', config: { cap_add: ['SYS_ADMIN'] }, field: 'config.cap_add[0]' },
      { name: 'host path outside the alloc dir', config: { volumes: ['/etc:/host-etc:ro'] }, field: 'config.volumes[0]' },
      { name: 'path traversal out of the task dir', config: { volumes: ['../../../etc:/x'] }, field: 'config.volumes[0]' },
      { name: 'symlink inside the alloc dir pointing out (CVE-2026-14896)', config: { volumes: ['etc-link:/x'] }, field: 'config.volumes[0]' },
    ];
    const driver = new DockerDriver();
    for (const c of cases) {
      const config = { ...outside, id: `${outside.id}-${cases.indexOf(c)}`, driverConfig: { image: TEST_IMAGE, command: 'true', ...c.config } };
      await t.rejects(driver.start(config), { code: 'DROVER_ERR_DOCKER_OPTION_DENIED', location: c.field }, `${c.name} is refused`);
    }
    const permissive = new DockerDriver();
    await permissive.setConfig({ allow_privileged: true, volumes: { enabled: true } });
    const allowed = { ...outside, id: `${outside.id}-allowed`, driverConfig: { image: TEST_IMAGE, command: 'true', volumes: ['data:/data'], cap_add: ['SYS_ADMIN'] } };
    const handle = await permissive.start(allowed);
    t.equal((await permissive.wait(handle.taskId)).exitCode, 0, 'allowed when the operator enables it');
    await permissive.destroy(handle.taskId, true);
  });
});

t.test('docker: logs resume after recover without loss or duplication', async (t) => {
  const reason = await dockerUnavailableReason();
  if (reason !== undefined) return t.skip(reason, () => undefined);
  const first = new DockerDriver();
  const config = await newTestTaskConfig(t, sh('echo before; sleep 2; echo after; sleep 1'));
  const handle = await first.start(config);
  await waitUntil(async () => (await readFile(config.stdoutPath, 'utf8').catch(() => '')).includes('before'), 15_000, 'first line');
  await first.shutdown();
  const second = new DockerDriver();
  await second.recover(JSON.parse(JSON.stringify(handle)) as typeof handle);
  t.teardown(() => second.destroy(handle.taskId, true));
  t.equal((await second.wait(handle.taskId)).exitCode, 0);
  t.equal(await readFile(config.stdoutPath, 'utf8'), 'before\nafter\n');
});

t.test('docker: recover finds the container by its task-id label when the ID in the handle is stale', async (t) => {
  const reason = await dockerUnavailableReason();
  if (reason !== undefined) return t.skip(reason, () => undefined);
  const first = new DockerDriver();
  const handle = await first.start(await newTestTaskConfig(t, sh('sleep 30')));
  t.teardown(() => first.destroy(handle.taskId, true));
  const second = new DockerDriver();
  await second.recover({ ...handle, state: { ...handle.state, containerId: '0000000000000000000000000000000000000000000000000000000000000000' } });
  t.equal((await second.inspect(handle.taskId)).attributes['container_id'], handle.state['containerId']);
  await second.destroy(handle.taskId, true);
});

t.test('docker: dangling-container GC removes only untracked containers of its own node', async (t) => {
  const reason = await dockerUnavailableReason();
  if (reason !== undefined) return t.skip(reason, () => undefined);
  const nodeId = `node-${Date.now()}-${process.pid}`;
  const owner = new DockerDriver();
  await owner.setConfig({ node_id: nodeId });
  const kept = await owner.start(await newTestTaskConfig(t, sh('sleep 30')));
  const orphan = await owner.start(await newTestTaskConfig(t, sh('sleep 30')));
  t.teardown(async () => {
    await owner.destroy(kept.taskId, true);
    await owner.destroy(orphan.taskId, true);
  });
  const restarted = new DockerDriver();
  await restarted.setConfig({ node_id: nodeId });
  await restarted.recover(kept);
  const otherNode = new DockerDriver();
  await otherNode.setConfig({ node_id: `${nodeId}-other` });
  t.same(await otherNode.gcDanglingContainers(0), [], 'another node never touches our containers');
  t.same(await restarted.gcDanglingContainers(60_000), [], 'containers younger than the creation grace are kept');
  t.same(await restarted.gcDanglingContainers(0), [orphan.state['containerId']], 'only the untracked container is removed');
  t.equal((await restarted.inspect(kept.taskId)).state, 'running');
});
