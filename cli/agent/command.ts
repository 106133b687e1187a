/**
 * `drover agent`: flags, banner and signal handling around runAgent.
 *
 *   drover agent -dev [-data-dir DIR] [-http-port N] [-bind ADDR] [-config FILE ...]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { applyDevDefaults, defaultAgentConfig, mergeConfigFile } from './config.js';
import type { AgentConfig } from './config.js';
import { runAgent } from './run.js';

interface AgentFlags {
  dev?: boolean;
  dataDir?: string;
  httpPort?: string;
  bind?: string;
  config?: string[];
  server?: boolean;
  client?: boolean;
  servers?: string;
  nodeClass?: string;
  logLevel?: string;
  etcdEndpoints?: string;
  etcdPrefix?: string;
}

function resolveConfig(flags: AgentFlags): AgentConfig {
  let c = defaultAgentConfig();
  if (flags.dev) c = applyDevDefaults(c);
  for (const file of flags.config ?? []) c = mergeConfigFile(c, file);
  if (flags.dataDir) c.dataDir = flags.dataDir;
  if (flags.httpPort !== undefined) c.httpPort = Number(flags.httpPort);
  if (flags.bind) c.bindAddr = flags.bind;
  if (flags.server) c.server.enabled = true;
  if (flags.client) c.client.enabled = true;
  if (flags.servers) c.client.servers = flags.servers.split(',').map((s) => (s.includes('://') ? s : `http://${s}`));
  if (flags.nodeClass) c.client.nodeClass = flags.nodeClass;
  if (flags.etcdEndpoints) c.server.etcdEndpoints = flags.etcdEndpoints.split(',').filter((e) => e !== '');
  if (flags.etcdPrefix) c.server.etcdPrefix = flags.etcdPrefix;
  if (!c.dataDir && c.dev) c.dataDir = mkdtempSync(join(tmpdir(), 'drover-dev-'));
  return c;
}

function banner(c: AgentConfig, address: string): string {
  const lines = [
    '==> Drover agent configuration:',
    '',
    `       Advertise Addrs: HTTP: ${address}`,
    `            Bind Addrs: HTTP: ${c.bindAddr}:${address.split(':').pop()}`,
    `                Client: ${c.client.enabled}`,
    `             Log Level: ${c.dev ? 'DEBUG' : 'INFO'}`,
    `                Region: ${c.region} (DC: ${c.datacenter})`,
    `                Server: ${c.server.enabled}`,
    `              Data Dir: ${c.dataDir}`,
    `        Num Schedulers: ${c.server.enabled ? c.server.numSchedulers : 0}`,
    '',
    '==> Drover agent started! Log data will stream in below:',
    '',
  ];
  return lines.join('\n');
}

/** registerAgentCommand adds `agent` to the CLI. */
export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('Run a Drover agent (server and/or client)')
    .option('--dev', 'development mode: server + client in one process, raw_exec enabled')
    .option('--data-dir <dir>', 'directory for state (default in -dev: a fresh temp dir)')
    .option('--http-port <port>', 'HTTP API port (default 4646; 0 picks a free port)')
    .option('--bind <addr>', 'address to bind the HTTP API to (default 127.0.0.1)')
    .option('--config <file...>', 'agent config file(s), HCL or JSON, merged in order')
    .option('--server', 'enable server mode')
    .option('--client', 'enable client mode')
    .option('--servers <addrs>', 'comma-separated server addresses for the client')
    .option('--node-class <class>', 'node class of the client')
    .option('--log-level <level>', 'log level (INFO, DEBUG, WARN, ERROR)')
    .option('--etcd-endpoints <urls>', 'HA: comma-separated etcd client URLs (selects the etcd store)')
    .option('--etcd-prefix <prefix>', 'HA: key prefix of this cluster in etcd (default /drover/)')
    .action(async (flags: AgentFlags) => {
      const config = resolveConfig(flags);
      const quiet = (flags.logLevel ?? '').toUpperCase() === 'ERROR';
      const log = (level: 'info' | 'warn' | 'error', message: string): void => {
        if (quiet && level !== 'error') return;
        process.stderr.write(`    ${new Date().toISOString()} [${level.toUpperCase()}] ${message}\n`);
      };
      const agent = await runAgent(config, log);
      process.stdout.write(banner(config, agent.address));
      let stopping = false;
      const stop = (sig: string): void => {
        if (stopping) return;
        stopping = true;
        log('info', `caught signal ${sig}, shutting down (tasks keep running)`);
        agent.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
