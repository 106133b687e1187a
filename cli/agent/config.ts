/**
 * Agent configuration: Nomad's agent config format (HCL or JSON files, merged in order), dev
 * defaults, and command-line flags. Precedence: flags > files > dev defaults > defaults.
 *
 *   data_dir = "/var/lib/drover"
 *   bind_addr = "127.0.0.1"
 *   region = "global"   datacenter = "dc1"
 *   ports { http = 4646 }
 *   server { enabled = true  num_schedulers = 2  heartbeat_grace = "10s"  min_heartbeat_ttl = "10s" }
 *   server { enabled = true  etcd_endpoints = ["http://127.0.0.1:2379"]  etcd_prefix = "/drover/" }  (HA)
 *   client { enabled = true  servers = ["127.0.0.1:4646"]  node_class = ""  meta { k = "v" } }
 *   plugin "raw_exec" { config { enabled = true } }
 *   plugin "docker"   { config { allow_privileged = false } }
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DroverError } from '../../api/errors.js';
import { evaluateHcl } from '../../jobspecs/hcl/index.js';
import type { HclBody, HclValue } from '../../jobspecs/hcl/index.js';

/** AgentConfig is the resolved configuration of one agent. */
export interface AgentConfig {
  dev: boolean;
  dataDir: string;
  bindAddr: string;
  httpPort: number;
  region: string;
  datacenter: string;
  nodeName?: string;
  server: {
    enabled: boolean; numSchedulers: number; minHeartbeatTtlMs: number; heartbeatGraceMs: number;
    /** HA: etcd client URLs; empty selects the embedded store (one server). */
    etcdEndpoints?: string[];
    /** HA: key prefix of this cluster in etcd (default `/drover/`). */
    etcdPrefix?: string;
  };
  client: { enabled: boolean; servers: string[]; nodeClass: string; nodePool: string; meta: Record<string, string>; pluginDir?: string };
  plugins: Record<string, Record<string, unknown>>;
}

/** defaultAgentConfig is a production-shaped default (server and client off). */
export function defaultAgentConfig(): AgentConfig {
  return {
    dev: false,
    dataDir: '',
    bindAddr: '127.0.0.1',
    httpPort: 4646,
    region: 'global',
    datacenter: 'dc1',
    server: { enabled: false, numSchedulers: availableParallelism(), minHeartbeatTtlMs: 10_000, heartbeatGraceMs: 10_000 },
    client: { enabled: false, servers: [], nodeClass: '', nodePool: 'default', meta: {} },
    plugins: {},
  };
}

/** applyDevDefaults turns on server and client with raw_exec enabled (Nomad's DevConfig). */
export function applyDevDefaults(c: AgentConfig): AgentConfig {
  return {
    ...c,
    dev: true,
    server: { ...c.server, enabled: true, minHeartbeatTtlMs: 5_000, heartbeatGraceMs: 5_000 },
    client: { ...c.client, enabled: true },
    plugins: { ...c.plugins, raw_exec: { enabled: true, ...c.plugins.raw_exec }, docker: { volumes: { enabled: true }, ...c.plugins.docker } },
  };
}

const SECOND_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function durationMs(v: HclValue, where: string): number {
  if (typeof v === 'number') return v * 1000;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v) : null;
  if (!m) throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${where}: expected a duration like "10s"`, { statusCode: 400, location: where });
  return Number(m[1]) * SECOND_UNITS[m[2]!]!;
}

function attrs(body: HclBody): Map<string, { value: HclValue; where: string }> {
  return new Map(body.attributes.map((a) => [a.name, { value: a.value, where: `${a.pos.file}:${a.pos.line}:${a.pos.column}` }]));
}

function str(v: HclValue, where: string): string {
  if (typeof v !== 'string') throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${where}: expected a string`, { statusCode: 400, location: where });
  return v;
}

function strList(v: HclValue, where: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${where}: expected a list of strings`, { statusCode: 400, location: where });
  return v as string[];
}

/** mergeConfigFile applies one HCL or JSON agent config file onto `c`. */
export function mergeConfigFile(c: AgentConfig, path: string, source = readFileSync(path, 'utf8')): AgentConfig {
  const body = evaluateHcl(source, { filename: path });
  const out: AgentConfig = structuredClone(c);
  for (const [name, { value, where }] of attrs(body)) {
    switch (name) {
      case 'data_dir': out.dataDir = str(value, where); break;
      case 'bind_addr': out.bindAddr = str(value, where); break;
      case 'region': out.region = str(value, where); break;
      case 'datacenter': out.datacenter = str(value, where); break;
      case 'name': out.nodeName = str(value, where); break;
      case 'log_level': case 'log_json': case 'enable_debug': case 'disable_update_check': break;
      default: throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${where}: unknown agent option "${name}"`, { statusCode: 400, location: where });
    }
  }
  for (const block of body.blocks) {
    const b = attrs(block.body);
    const where = `${block.pos.file}:${block.pos.line}:${block.pos.column}`;
    switch (block.type) {
      case 'ports': {
        const http = b.get('http');
        if (http) out.httpPort = Number(http.value);
        break;
      }
      case 'server':
        for (const [k, { value, where: w }] of b) {
          if (k === 'enabled') out.server.enabled = value === true;
          else if (k === 'num_schedulers') out.server.numSchedulers = Number(value);
          else if (k === 'min_heartbeat_ttl') out.server.minHeartbeatTtlMs = durationMs(value, w);
          else if (k === 'heartbeat_grace') out.server.heartbeatGraceMs = durationMs(value, w);
          else if (k === 'etcd_endpoints') out.server.etcdEndpoints = strList(value, w);
          else if (k === 'etcd_prefix') out.server.etcdPrefix = str(value, w);
          else if (k !== 'bootstrap_expect') throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${w}: unknown server option "${k}"`, { statusCode: 400, location: w });
        }
        break;
      case 'client':
        for (const [k, { value, where: w }] of b) {
          if (k === 'enabled') out.client.enabled = value === true;
          else if (k === 'servers') out.client.servers = (value as string[]).map((s) => (s.includes('://') ? s : `http://${s}`));
          else if (k === 'node_class') out.client.nodeClass = str(value, w);
          else if (k === 'node_pool') out.client.nodePool = str(value, w);
          else if (k === 'plugin_dir') out.client.pluginDir = str(value, w);
          else throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${w}: unknown client option "${k}"`, { statusCode: 400, location: w });
        }
        for (const inner of block.body.blocks) if (inner.type === 'meta') for (const a of inner.body.attributes) out.client.meta[a.name] = String(a.value);
        break;
      case 'plugin': {
        const name = block.labels[0];
        if (!name) throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${where}: plugin block needs a name label`, { statusCode: 400, location: where });
        const cfg = block.body.blocks.find((x) => x.type === 'config');
        out.plugins[name] = { ...out.plugins[name], ...Object.fromEntries((cfg?.body.attributes ?? []).map((a) => [a.name, a.value])) };
        break;
      }
      default:
        throw new DroverError('DROVER_ERR_AGENT_CONFIG', `${where}: unknown block "${block.type}"`, { statusCode: 400, location: where });
    }
  }
  return out;
}
