import t from 'tap';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QemuDriver } from '../../drivers/qemu/driver.js';
import { newTestTaskConfig, runDriverConformance, waitUntil } from '../conformance/driver.js';
import type { ConformanceScenario } from '../conformance/driver.js';
import { assertNever } from '../../api/errors.js';
import { freePort } from '../support/free-port.js';
import { connect } from 'node:net';
import { ISA_DEBUG_EXIT_ARGS, qemuUnavailableReason, writeBootImage } from '../support/qemu-image.js';

t.test('qemu driver', async (t) => {
  const reason = qemuUnavailableReason();
  if (reason !== undefined) return t.skip(reason, () => undefined);
  const images = await mkdtemp(join(tmpdir(), 'drover-qemu-images-'));
  t.teardown(() => rm(images, { recursive: true, force: true }));
  const exitNow = join(images, 'exit3.img');
  const exitLater = join(images, 'exit3-later.img');
  const forever = join(images, 'forever.img');
  await writeBootImage(exitNow, { message: 'DROVER EXIT', exitWithCode3AfterMs: 0 });
  await writeBootImage(exitLater, { message: 'DROVER EXIT LATER', exitWithCode3AfterMs: 3000 });
  await writeBootImage(forever, { message: 'ready' });
  const factory = async (): Promise<QemuDriver> => {
    const driver = new QemuDriver();
    await driver.setConfig({ image_paths: [images] });
    return driver;
  };

  /** The qemu subset: VMs exit through isa-debug-exit; signals and exec are not capabilities. */
  const qemuConfig = (scenario: ConformanceScenario): Record<string, unknown> | undefined => {
    switch (scenario) {
      case 'exits-with-code-3': return { image_path: exitNow, args: ISA_DEBUG_EXIT_ARGS };
      case 'exits-with-code-3-later': return { image_path: exitLater, args: ISA_DEBUG_EXIT_ARGS };
      case 'runs-until-stopped': return { image_path: forever };
      case 'ignores-stop-signal': return { image_path: forever, graceful_shutdown: true };
      case 'exits-7-on-sigusr1': return undefined;
      default: return assertNever(scenario, 'scenario');
    }
  };

  t.test('conformance (subset)', async (t) => {
    runDriverConformance(t, factory, qemuConfig, {
      invalidTaskConfig: { config: { accelerator: 'tcg' }, field: 'config.image_path' },
      resources: { memoryMB: 128 },
      slowMs: 30_000,
    });
  });

  t.test('the VM boots, answers QMP, and stops on the stop signal', async (t) => {
    const driver = await factory();
    const fp = await driver.fingerprint();
    t.match(fp.attributes['driver.qemu.version'], /^\d+\.\d+/);
    const config = await newTestTaskConfig(t, { image_path: forever }, { memoryMB: 128 });
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    await waitUntil(async () => (await readFile(config.stdoutPath, 'utf8').catch(() => '')).includes('ready'), 30_000, 'serial output');
    t.equal(await driver.queryStatus(handle.taskId), 'running', 'QMP reports the VM running');
    await driver.stop(handle.taskId, 10_000, 'SIGTERM');
    t.equal((await driver.wait(handle.taskId)).exitCode, 0, 'QEMU shut down cleanly');
  });

  t.test('graceful_shutdown sends an ACPI powerdown and kills after the timeout when the guest ignores it', async (t) => {
    const driver = await factory();
    const config = await newTestTaskConfig(t, { image_path: forever, graceful_shutdown: true }, { memoryMB: 128 });
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    await waitUntil(async () => (await readFile(config.stdoutPath, 'utf8').catch(() => '')).includes('ready'), 30_000, 'serial output');
    const before = Date.now();
    await driver.stop(handle.taskId, 1_000);
    t.ok(Date.now() - before >= 990, 'waited the kill timeout for the guest');
    t.equal((await driver.wait(handle.taskId)).signal, 9);
  });

  t.test('port_map forwards the allocated host port into the VM (user-mode hostfwd)', async (t) => {
    const driver = await factory();
    const hostPort = await freePort();
    const config = await newTestTaskConfig(t, { image_path: forever, port_map: { http: 8080 } }, { memoryMB: 128, ports: { http: { hostIp: '127.0.0.1', value: hostPort, to: 0 } } });
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    const connects = (): Promise<boolean> => new Promise((resolve) => {
      const socket = connect(hostPort, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    await waitUntil(connects, 30_000, `QEMU listening on 127.0.0.1:${hostPort}`);
    t.pass(`127.0.0.1:${hostPort} is forwarded by QEMU`);
    await t.rejects(driver.start(await newTestTaskConfig(t, { image_path: forever, port_map: { nope: 80 } })), { code: 'DROVER_ERR_TASK_CONFIG_INVALID', location: 'config.port_map.nope' });
  });

  t.test('kvm accelerator boots when /dev/kvm is usable', async (t) => {
    const driver = await factory();
    if ((await driver.fingerprint()).attributes['driver.qemu.kvm'] !== 'true') return t.skip('/dev/kvm not usable here', () => undefined);
    const config = await newTestTaskConfig(t, { image_path: exitNow, accelerator: 'kvm', args: ISA_DEBUG_EXIT_ARGS }, { memoryMB: 128 });
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    const result = await driver.wait(handle.taskId);
    t.equal(result.exitCode, 3, await readFile(config.stderrPath, 'utf8'));
  });

  t.test('images outside the alloc dir and args outside args_allowlist are refused (CVE-2021-43415)', async (t) => {
    const strict = new QemuDriver();
    await strict.setConfig({ args_allowlist: ['-no-reboot'] });
    await t.rejects(strict.start(await newTestTaskConfig(t, { image_path: forever })), { code: 'DROVER_ERR_QEMU_IMAGE_PATH', location: 'config.image_path' });
    await t.rejects(strict.start(await newTestTaskConfig(t, { image_path: '../../../../etc/passwd' })), { code: 'DROVER_ERR_QEMU_IMAGE_PATH' });
    const withImages = await factory();
    await withImages.setConfig({ image_paths: [images], args_allowlist: ['-no-reboot'] });
    await t.rejects(withImages.start(await newTestTaskConfig(t, { image_path: forever, args: ['-no-reboot', '-virtfs', 'local,path=/'] })), { code: 'DROVER_ERR_QEMU_ARG_DENIED', location: 'config.args[1]' });
  });
});
