/**
 * Port assignment for one allocation on one node: static ports are checked for collisions,
 * dynamic ports are picked in [MinDynamicPort, MaxDynamicPort] avoiding the node's reserved
 * ports, ports proposed allocations hold, and ports already given to this allocation.
 * Like Nomad: up to 20 random picks (seeded: deterministic per evaluation), then a scan.
 */
import type { NetworkResource, Node, Port } from '../../../api/structs/index.js';
import { hostNetworkIp, isDefaultHostNetwork } from '../feasible/network-check.js';
import type { Prng } from '../feasible/shuffle.js';
import type { NodeUsage } from '../node-usage.js';
import { nodeHostIp, nodeReservedPorts, portKey } from '../ports.js';

const RANDOM_PICKS = 20;
const DEFAULT_MIN_DYNAMIC = 20000;
const DEFAULT_MAX_DYNAMIC = 32000;

/** SharedPort is a grant entry of AllocatedResources.Shared.Ports. */
export interface SharedPort { Label: string; Value: number; To: number; HostIP: string }

/** PortAssignment is the result for a list of network asks. */
export type PortAssignment =
  | { readonly ok: true; readonly networks: NetworkResource[]; readonly ports: SharedPort[] }
  | { readonly ok: false; readonly dimension: string };

/** PortAssigner hands out ports on one node for one allocation (it remembers what it gave). */
export class PortAssigner {
  private readonly taken = new Set<string>();
  private readonly reserved: ReadonlySet<number>;
  private readonly min: number;
  private readonly max: number;

  constructor(private readonly node: Node, private readonly usage: NodeUsage, private readonly rng: Prng) {
    this.reserved = nodeReservedPorts(node);
    this.min = node.NodeResources.MinDynamicPort > 0 ? node.NodeResources.MinDynamicPort : DEFAULT_MIN_DYNAMIC;
    this.max = node.NodeResources.MaxDynamicPort > 0 ? node.NodeResources.MaxDynamicPort : DEFAULT_MAX_DYNAMIC;
  }

  private ipFor(p: Port): string {
    return isDefaultHostNetwork(p.HostNetwork) ? nodeHostIp(this.node) : hostNetworkIp(this.node, p.HostNetwork) ?? nodeHostIp(this.node);
  }

  private free(ip: string, port: number): boolean {
    const key = portKey(ip, port);
    return !this.reserved.has(port) && !this.usage.portInUse(key) && !this.taken.has(key);
  }

  private pickDynamic(ip: string): number | undefined {
    const span = this.max - this.min + 1;
    for (let i = 0; i < RANDOM_PICKS; i++) {
      const p = this.min + this.rng.int(span);
      if (this.free(ip, p)) return p;
    }
    for (let p = this.min; p <= this.max; p++) if (this.free(ip, p)) return p;
    return undefined;
  }

  /** assign grants every port of `asks`; `shared` ports are also listed in Shared.Ports. */
  assign(asks: readonly NetworkResource[], shared: boolean): PortAssignment {
    const networks: NetworkResource[] = [];
    const ports: SharedPort[] = [];
    for (const ask of asks) {
      const reservedOut: Port[] = [];
      const dynamicOut: Port[] = [];
      for (const p of ask.ReservedPorts ?? []) {
        const ip = this.ipFor(p);
        if (p.IgnoreCollision !== true && !this.free(ip, p.Value)) {
          return { ok: false, dimension: `network: reserved port collision ${p.Label}=${p.Value}` };
        }
        this.taken.add(portKey(ip, p.Value));
        reservedOut.push({ ...p, To: p.To === -1 ? p.Value : p.To });
        if (shared) ports.push({ Label: p.Label, Value: p.Value, To: p.To === -1 ? p.Value : p.To, HostIP: ip });
      }
      for (const p of ask.DynamicPorts ?? []) {
        const ip = this.ipFor(p);
        const value = this.pickDynamic(ip);
        if (value === undefined) return { ok: false, dimension: 'network: dynamic port selection failed' };
        this.taken.add(portKey(ip, value));
        const to = p.To === -1 ? value : p.To;
        dynamicOut.push({ ...p, Value: value, To: to });
        if (shared) ports.push({ Label: p.Label, Value: value, To: to, HostIP: ip });
      }
      // The network's address is the one its ports bind on (a named host network's address
      // when the ports name one), else the node's.
      const firstPort = ask.ReservedPorts?.[0] ?? ask.DynamicPorts?.[0];
      const ip = firstPort === undefined ? nodeHostIp(this.node) : this.ipFor(firstPort);
      networks.push({ ...ask, IP: ip, ReservedPorts: reservedOut, DynamicPorts: dynamicOut });
    }
    return { ok: true, networks, ports };
  }
}
