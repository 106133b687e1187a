/**
 * CLI addressing and auth: flags first, then DROVER_* environment variables, then NOMAD_*
 * fallbacks, then defaults (http://127.0.0.1:4646, namespace "default"). A region is sent as
 * `?region=` on every request.
 */
import { HttpClient } from '../api/http-client.js';
import type { HttpClientOptions, RequestOptions } from '../api/http-client.js';

/** RegionClient adds `?region=` (from -region / DROVER_REGION) to every request it builds. */
class RegionClient extends HttpClient {
  constructor(opts: HttpClientOptions, private readonly region: string | undefined) {
    super(opts);
  }

  override url(path: string, opts: Pick<RequestOptions, 'query' | 'index' | 'waitMs'> = {}): string {
    const base = super.url(path, opts);
    if (!this.region) return base;
    const u = new URL(base);
    if (!u.searchParams.has('region')) u.searchParams.set('region', this.region);
    return u.toString();
  }
}

/** GlobalFlags are accepted by every command that talks to an agent. */
export interface GlobalFlags {
  address?: string;
  token?: string;
  region?: string;
  namespace?: string;
}

function env(name: string): string | undefined {
  return process.env[`DROVER_${name}`] || process.env[`NOMAD_${name}`] || undefined;
}

/** Connection is the resolved target of a command. */
export interface Connection {
  client: HttpClient;
  namespace: string;
  region: string | undefined;
  /** The ACL token, for requests made outside the HttpClient (exec WebSocket). */
  token: string | undefined;
}

/** connect resolves flags and environment into a client. */
export function connect(flags: GlobalFlags): Connection {
  const address = flags.address ?? env('ADDR') ?? 'http://127.0.0.1:4646';
  const token = flags.token ?? env('TOKEN');
  const region = flags.region ?? env('REGION');
  const namespace = flags.namespace ?? env('NAMESPACE') ?? 'default';
  const client = new RegionClient({ address: address.includes('://') ? address : `http://${address}`, ...(token ? { token } : {}) }, region);
  return { client, namespace, region, token };
}

/** addGlobalFlags declares -address, -token, -region, -namespace on a command. */
export function addGlobalFlags<T extends { option(flags: string, description: string): T }>(cmd: T): T {
  return cmd
    .option('--address <addr>', 'address of the Drover agent (env DROVER_ADDR, NOMAD_ADDR)')
    .option('--token <token>', 'ACL token (env DROVER_TOKEN, NOMAD_TOKEN)')
    .option('--region <region>', 'region (env DROVER_REGION, NOMAD_REGION)')
    .option('--namespace <ns>', 'namespace (env DROVER_NAMESPACE, NOMAD_NAMESPACE)');
}
