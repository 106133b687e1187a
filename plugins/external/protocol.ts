/**
 * The external plugin protocol, version 1 (plugins/external/PROTOCOL.md is the prose spec).
 *
 * 1. The agent runs the plugin executable with DROVER_PLUGIN_MAGIC_COOKIE set.
 * 2. The plugin prints one handshake line on stdout:
 *      DROVER_PLUGIN|1|driver|<name>|unix:<socket path>     or     DROVER_PLUGIN|1|driver|<name>|stdio
 * 3. Then JSON-RPC 2.0, one JSON message per line, over that unix socket (or stdin/stdout).
 */
import { DroverError } from '../../api/errors.js';

/** The cookie the agent sets so a plugin binary knows it was launched as a plugin. */
export const MAGIC_COOKIE_KEY = 'DROVER_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = '6d1c0ad1c5b44a44a3d1f0e59e5c3b7f-drover-driver-plugin';
/** Protocol versions this host speaks. */
export const PROTOCOL_VERSION = 1;
/** Longest accepted JSON-RPC line (bytes): bounds the memory a misbehaving peer can take. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Transport the plugin chose. */
export type PluginTransport = { kind: 'unix'; path: string } | { kind: 'stdio' };

/** Handshake is the parsed first line of a plugin's stdout. */
export interface Handshake {
  protocolVersion: number;
  pluginType: 'driver';
  name: string;
  transport: PluginTransport;
}

/** formatHandshake renders the handshake line (without newline). */
export function formatHandshake(h: Handshake): string {
  const transport = h.transport.kind === 'unix' ? `unix:${h.transport.path}` : 'stdio';
  return ['DROVER_PLUGIN', String(h.protocolVersion), h.pluginType, h.name, transport].join('|');
}

function badHandshake(line: string, why: string): DroverError {
  return new DroverError('DROVER_ERR_PLUGIN_HANDSHAKE', `invalid plugin handshake ${JSON.stringify(line.slice(0, 200))}: ${why}`, { statusCode: 500, location: 'handshake' });
}

/** parseHandshake validates a handshake line; throws DROVER_ERR_PLUGIN_HANDSHAKE. */
export function parseHandshake(line: string): Handshake {
  const parts = line.trim().split('|');
  if (parts.length !== 5 || parts[0] !== 'DROVER_PLUGIN') throw badHandshake(line, 'expected DROVER_PLUGIN|<version>|driver|<name>|<transport>');
  const [, version, type, name = '', transport = ''] = parts;
  if (Number(version) !== PROTOCOL_VERSION) throw badHandshake(line, `unsupported protocol version ${version}; this agent speaks ${PROTOCOL_VERSION}`);
  if (type !== 'driver') throw badHandshake(line, `unsupported plugin type ${type}`);
  if (!/^[a-z0-9_-]{1,64}$/.test(name)) throw badHandshake(line, 'plugin name must match ^[a-z0-9_-]{1,64}$');
  if (transport === 'stdio') return { protocolVersion: 1, pluginType: 'driver', name, transport: { kind: 'stdio' } };
  if (transport.startsWith('unix:/')) return { protocolVersion: 1, pluginType: 'driver', name, transport: { kind: 'unix', path: transport.slice(5) } };
  throw badHandshake(line, 'transport must be unix:<absolute path> or stdio');
}

/** The RPC methods of a driver plugin (params/results in PROTOCOL.md). */
export const DRIVER_METHODS = [
  'driver.describe', 'driver.setConfig', 'driver.fingerprint', 'driver.start', 'driver.recover', 'driver.wait',
  'driver.stop', 'driver.destroy', 'driver.inspect', 'driver.stats', 'driver.signal', 'driver.exec', 'driver.shutdown',
] as const;

/** DriverMethod is one RPC method name. */
export type DriverMethod = (typeof DRIVER_METHODS)[number];

/** Notification a caller sends to cancel a long call (wait). */
export const CANCEL_NOTIFICATION = '$/cancelRequest';

/** JSON-RPC error code for a DroverError raised by the implementation. */
export const DRIVER_ERROR_CODE = -32000;

/** RpcErrorData carries the DroverError fields across the wire. */
export interface RpcErrorData {
  droverCode: string;
  statusCode: number;
  location?: string;
}
