/**
 * NetworkCheck: the group's network mode must be available on the node, and every port that
 * names a host network must resolve to one of the node's networks.
 *
 * Modes: `host` (every node) and `none` always pass; `bridge` needs a node network in bridge
 * mode or the CNI bridge plugin fingerprint (`plugins.cni.version.bridge`); `cni/<name>` needs
 * `plugins.cni.version.<name>`. A host network alias resolves to a node network whose `Device`
 * is the alias (`default` or empty always resolves to the node's address).
 * Scope: 'node' - node networks are not part of the client's computed class hash.
 */
import type { NetworkResource, Node, TaskGroup } from '../../../api/structs/index.js';
import type { FeasibilityCheck } from './contracts.js';
import { FEASIBLE, filtered } from './contracts.js';

/** NetworkAsk is the prepared state: the group's mode and the host networks its ports name. */
export interface NetworkAsk {
  readonly mode: string;
  readonly hostNetworks: ReadonlyArray<{ readonly alias: string; readonly label: string }>;
}

/** isDefaultHostNetwork: the alias means "the node's own address". */
export function isDefaultHostNetwork(alias: string | undefined): boolean {
  return alias === undefined || alias === '' || alias === 'default';
}

/** hostNetworkIp resolves a host network alias to the node address it binds on. */
export function hostNetworkIp(node: Node, alias: string): string | undefined {
  for (const n of node.NodeResources.Networks ?? []) {
    if (n.Device === alias) return n.IP !== undefined && n.IP !== '' ? n.IP : undefined;
  }
  return undefined;
}

function nodeSupportsMode(node: Node, mode: string): boolean {
  if (mode === 'host' || mode === 'none' || mode === '') return true;
  if (mode === 'bridge') {
    return (node.NodeResources.Networks ?? []).some((n) => n.Mode === 'bridge')
      || node.Attributes['plugins.cni.version.bridge'] !== undefined;
  }
  if (mode.startsWith('cni/')) return node.Attributes[`plugins.cni.version.${mode.slice(4)}`] !== undefined;
  return (node.NodeResources.Networks ?? []).some((n) => n.Mode === mode);
}

function collectHostNetworks(networks: readonly NetworkResource[], into: Array<{ alias: string; label: string }>): void {
  for (const n of networks) {
    for (const p of [...(n.ReservedPorts ?? []), ...(n.DynamicPorts ?? [])]) {
      if (!isDefaultHostNetwork(p.HostNetwork)) into.push({ alias: p.HostNetwork, label: p.Label });
    }
  }
}

/** networkCheck rejects nodes lacking the group's network mode or a named host network. */
export const networkCheck: FeasibilityCheck<NetworkAsk> = {
  name: 'network',
  prepare: (tg: TaskGroup) => {
    const mode = tg.Networks?.[0]?.Mode ?? 'host';
    const hostNetworks: Array<{ alias: string; label: string }> = [];
    collectHostNetworks(tg.Networks ?? [], hostNetworks);
    for (const task of tg.Tasks) collectHostNetworks(task.Resources.Networks ?? [], hostNetworks);
    if ((mode === 'host' || mode === '') && hostNetworks.length === 0) return undefined;
    return { mode, hostNetworks };
  },
  scope: () => 'node',
  check: (node, ask) => {
    if (!nodeSupportsMode(node, ask.mode)) return filtered(`missing network mode ${ask.mode}`);
    for (const hn of ask.hostNetworks) {
      if (hostNetworkIp(node, hn.alias) === undefined) return filtered(`missing host network "${hn.alias}" for port "${hn.label}"`);
    }
    return FEASIBLE;
  },
};
