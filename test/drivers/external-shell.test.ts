/**
 * The example external driver (`shell`) through the real plugin host: a child process, the
 * handshake line, JSON-RPC over a unix socket (and over stdio). The whole conformance suite
 * runs against the wrapped DriverPlugin.
 */
import t from 'tap';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchExternalDriver } from '../../plugins/external/host.js';
import type { ExternalDriver } from '../../plugins/external/host.js';
import { loadExternalDrivers } from '../../plugins/external/discover.js';
import { parseHandshake } from '../../plugins/external/protocol.js';
import { newTestTaskConfig, runDriverConformance } from '../conformance/driver.js';
import type { ConformanceScenario } from '../conformance/driver.js';
import { scenarioScript } from '../conformance/shell-scenarios.js';
import { builtinDrivers } from '../../drivers/index.js';

const pluginMain = fileURLToPath(new URL('../../drivers/external-example/main.js', import.meta.url));

/** What each conformance scenario looks like as a `shell` task. */
function shellConfig(scenario: ConformanceScenario): Record<string, unknown> {
  return { script: scenarioScript(scenario) };
}

async function pluginDir(transport: 'unix' | 'stdio'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drover-plugins-'));
  const wrapper = join(dir, 'drover-driver-shell');
  await writeFile(wrapper, `#!/bin/sh\nDROVER_EXAMPLE_TRANSPORT=${transport} exec "${process.execPath}" "${pluginMain}"\n`);
  await chmod(wrapper, 0o755);
  return dir;
}

const quiet = { onLog: () => undefined };

for (const transport of ['unix', 'stdio'] as const) {
  t.test(`conformance over ${transport}`, async (t) => {
    const dir = await pluginDir(transport);
    const launched: ExternalDriver[] = [];
    runDriverConformance(t, async () => {
      const driver = await launchExternalDriver(join(dir, 'drover-driver-shell'), quiet);
      launched.push(driver);
      return driver;
    }, shellConfig, {
      invalidTaskConfig: { config: { shell: '/bin/zsh' }, field: 'config.script' },
      exec: { command: ['/bin/sh', '-c', 'echo exec-ok-$DROVER_CONFORMANCE'], expectStdout: 'exec-ok-1' },
      execStreaming: { command: ['/bin/sh', '-c', 'read line; echo got-$line'], stdin: 'hello\n', expectStdout: 'got-hello' },
      cleanup: async () => {
        for (const d of launched) await d.shutdown();
        await rm(dir, { recursive: true, force: true });
      },
    });
  });
}

t.test('a crashed plugin process is relaunched and its tasks recovered', async (t) => {
  const dir = await pluginDir('unix');
  const driver = await launchExternalDriver(join(dir, 'drover-driver-shell'), quiet);
  t.teardown(async () => {
    await driver.shutdown();
    await rm(dir, { recursive: true, force: true });
  });
  const handle = await driver.start(await newTestTaskConfig(t, { script: 'trap "exit 4" TERM; while :; do sleep 0.1; done' }));
  const firstPid = driver.pid;
  process.kill(firstPid ?? 0, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 0));
  const deadline = Date.now() + 10_000;
  let status = await driver.inspect(handle.taskId).catch(() => undefined);
  while (status === undefined && Date.now() < deadline) status = await driver.inspect(handle.taskId).catch(() => undefined);
  t.equal(status?.state, 'running', 'task kept running across the plugin crash');
  t.not(driver.pid, firstPid, 'a new plugin process serves the driver');
  await driver.signal(handle.taskId, 'SIGTERM');
  t.equal((await driver.wait(handle.taskId)).exitCode, 4);
  await driver.destroy(handle.taskId, false);
});

t.test('handshake lines are validated', async (t) => {
  t.same(parseHandshake('DROVER_PLUGIN|1|driver|shell|unix:/tmp/x.sock'), { protocolVersion: 1, pluginType: 'driver', name: 'shell', transport: { kind: 'unix', path: '/tmp/x.sock' } });
  for (const bad of ['1|2|unix|/tmp/x|grpc', 'DROVER_PLUGIN|2|driver|shell|stdio', 'DROVER_PLUGIN|1|device|shell|stdio', 'DROVER_PLUGIN|1|driver|../x|stdio', 'DROVER_PLUGIN|1|driver|shell|tcp:1.2.3.4:5']) {
    t.throws(() => parseHandshake(bad), { code: 'DROVER_ERR_PLUGIN_HANDSHAKE' }, bad);
  }
});

t.test('plugin_dir: plugins are discovered, non-plugins reported, builtins not overridden', async (t) => {
  const dir = await pluginDir('unix');
  await writeFile(join(dir, 'not-a-plugin'), '#!/bin/sh\necho hello\n');
  await chmod(join(dir, 'not-a-plugin'), 0o755);
  await writeFile(join(dir, 'README'), 'not executable');
  const report = await loadExternalDrivers(dir, { ...quiet, handshakeTimeoutMs: 5_000 });
  t.teardown(async () => {
    for (const d of report.drivers) await d.shutdown();
  });
  t.same(report.drivers.map((d) => d.name), ['shell']);
  t.equal(report.failures.length, 1);
  t.match(report.failures[0]?.error, /not-a-plugin/);
  const drivers = await builtinDrivers({ enableRawExec: false, pluginDir: dir });
  t.teardown(async () => {
    for (const d of drivers.values()) await d.shutdown();
    await rm(dir, { recursive: true, force: true });
  });
  t.ok(drivers.has('shell'), 'external driver registered by name');
  t.ok(drivers.has('raw_exec') && drivers.has('mock_driver'), 'builtins present');
});
