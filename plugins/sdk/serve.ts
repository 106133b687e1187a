/**
 * The plugin author's SDK: `await serveDriver(new MyDriver())` in the plugin's main module.
 * It checks it was launched by an agent, opens the transport, prints the handshake line and
 * serves the DriverPlugin over JSON-RPC until the agent goes away (stdin closes).
 */
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverPlugin, TaskConfig, TaskHandle } from '../driver.js';
import { JsonRpcPeer } from '../external/json-rpc.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, PROTOCOL_VERSION, formatHandshake } from '../external/protocol.js';
import { execResultToWire } from '../external/wire.js';

/** ServeOptions choose the transport (default: a unix socket in the temp dir). */
export interface ServeOptions {
  transport?: 'unix' | 'stdio';
}

type P = Record<string, unknown>;

/** registerDriverMethods maps every protocol method onto `impl`. */
export function registerDriverMethods(peer: JsonRpcPeer, impl: DriverPlugin): void {
  const str = (p: unknown, key: string): string => String((p as P)[key]);
  peer.handle('driver.describe', async () => ({
    name: impl.name,
    configSchema: impl.configSchema,
    taskConfigSchema: impl.taskConfigSchema,
    capabilities: impl.capabilities,
  }));
  peer.handle('driver.setConfig', async (p) => impl.setConfig(((p as P)['config'] ?? {}) as Record<string, unknown>));
  peer.handle('driver.fingerprint', async () => impl.fingerprint());
  peer.handle('driver.start', async (p) => impl.start((p as P)['config'] as TaskConfig));
  peer.handle('driver.recover', async (p) => impl.recover((p as P)['handle'] as TaskHandle));
  peer.handle('driver.wait', async (p, signal) => impl.wait(str(p, 'taskId'), signal));
  peer.handle('driver.stop', async (p) => impl.stop(str(p, 'taskId'), Number((p as P)['timeoutMs']), (p as P)['signal'] as string | undefined));
  peer.handle('driver.destroy', async (p) => impl.destroy(str(p, 'taskId'), (p as P)['force'] === true));
  peer.handle('driver.inspect', async (p) => impl.inspect(str(p, 'taskId')));
  peer.handle('driver.stats', async (p) => impl.stats(str(p, 'taskId')));
  peer.handle('driver.signal', async (p) => impl.signal(str(p, 'taskId'), str(p, 'signal')));
  peer.handle('driver.exec', async (p) => execResultToWire(await impl.exec(str(p, 'taskId'), (p as P)['command'] as string[], Number((p as P)['timeoutMs']))));
  peer.handle('driver.shutdown', async () => impl.shutdown());
}

/** serveDriver runs the plugin side of the protocol; resolves when the agent disconnects. */
export async function serveDriver(impl: DriverPlugin, opts: ServeOptions = {}): Promise<void> {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write('This binary is a Drover driver plugin; it is started by a Drover client agent (plugin_dir), not by hand.\n');
    process.exit(1);
  }
  const handshake = (transport: { kind: 'unix'; path: string } | { kind: 'stdio' }): string =>
    `${formatHandshake({ protocolVersion: PROTOCOL_VERSION, pluginType: 'driver', name: impl.name, transport })}\n`;

  if (opts.transport === 'stdio') {
    process.stdout.write(handshake({ kind: 'stdio' }));
    const peer = new JsonRpcPeer(process.stdin, process.stdout, `plugin ${impl.name}`);
    registerDriverMethods(peer, impl);
    await new Promise<void>((resolve) => process.stdin.once('end', resolve));
    await impl.shutdown();
    return;
  }

  const path = join(tmpdir(), `drover-plugin-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    registerDriverMethods(new JsonRpcPeer(socket, socket, `plugin ${impl.name}`), impl);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const removeSocket = (): void => rmSync(path, { force: true });
  process.once('exit', removeSocket);
  process.stdout.write(handshake({ kind: 'unix', path }));
  // The agent keeps our stdin open for as long as it lives: EOF means it is gone.
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.once('end', resolve));
  for (const socket of sockets) socket.destroy();
  server.close();
  removeSocket();
  await impl.shutdown();
}
