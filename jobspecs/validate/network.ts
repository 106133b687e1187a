/**
 * Validation of networks, ports and the services that refer to them.
 */
import type { Service } from '../../api/structs/job.js';
import type { NetworkResource } from '../../api/structs/resources.js';
import type { IssueSink } from './issues.js';

/** portLabelsOf lists every port label of some networks. */
export function portLabelsOf(networks: readonly NetworkResource[] | undefined): string[] {
  return (networks ?? []).flatMap((n) => [...(n.ReservedPorts ?? []), ...(n.DynamicPorts ?? [])].map((p) => p.Label));
}

/** validateNetworks: one group network, unique labels, port ranges, unique static ports. */
export function validateNetworks(sink: IssueSink, networks: readonly NetworkResource[] | undefined, seenLabels: Set<string>): void {
  if (networks === undefined) return;
  if (networks.length > 1) sink.error('only one network block is allowed', 'Networks');
  networks.forEach((n, i) => {
    const at = sink.at('Networks', i);
    if (!(['host', 'bridge', 'none'].includes(n.Mode) || n.Mode.startsWith('cni/'))) at.error(`network mode must be host, bridge, none or cni/<name>, got "${n.Mode}"`, 'Mode');
    const staticPorts = new Set<string>();
    (n.ReservedPorts ?? []).forEach((p, j) => {
      const portAt = at.at('ReservedPorts', j, `port "${p.Label}"`);
      if (p.Value < 1 || p.Value > 65535) portAt.error(`static port ${p.Value} is outside 1..65535`, 'Value');
      const key = `${p.HostNetwork}:${p.Value}`;
      if (staticPorts.has(key) && p.IgnoreCollision !== true) portAt.error(`static port ${p.Value} is used twice`, 'Value');
      staticPorts.add(key);
    });
    const ports = [...(n.ReservedPorts ?? []).map((p, j) => ({ p, field: 'ReservedPorts', j })), ...(n.DynamicPorts ?? []).map((p, j) => ({ p, field: 'DynamicPorts', j }))];
    for (const { p, field, j } of ports) {
      const portAt = at.at(field, j);
      if (p.Label === '') portAt.error('port needs a label');
      else if (!/^[a-zA-Z0-9_]+$/.test(p.Label)) portAt.error(`port label "${p.Label}" may only contain letters, digits and underscores`, 'Label');
      if (seenLabels.has(p.Label)) portAt.error(`port label "${p.Label}" is defined twice`, 'Label');
      seenLabels.add(p.Label);
      if (p.To < -1 || p.To > 65535) portAt.error(`port "${p.Label}" to = ${p.To} is outside -1..65535`, 'To');
    }
  });
}

/** isPortNumber: services and checks may name a port by number instead of label. */
function isPortNumber(label: string): boolean {
  return /^\d+$/.test(label);
}

/** validateServices: names, port labels that exist, checks with the fields their type needs. */
export function validateServices(sink: IssueSink, services: readonly Service[] | undefined, knownPorts: ReadonlySet<string>): void {
  const names = new Set<string>();
  services?.forEach((s, i) => {
    const at = sink.at('Services', i, `service "${s.Name}"`);
    if (!s.Name.includes('${') && !/^[a-zA-Z0-9][a-zA-Z0-9-]*$/.test(s.Name)) at.error('service name must be alphanumeric with dashes (RFC 1123)', 'Name');
    const key = `${s.Name}/${s.PortLabel}`;
    if (names.has(key)) at.error('service is defined twice with the same port');
    names.add(key);
    if (s.PortLabel !== '' && !isPortNumber(s.PortLabel) && !knownPorts.has(s.PortLabel) && s.AddressMode !== 'driver') {
      at.error(`port label "${s.PortLabel}" is not defined by any network block`, 'PortLabel');
    }
    if (s.Provider === 'nomad' && s.Connect !== undefined) at.error('Connect is only supported with provider "consul"', 'Connect');
    s.Checks?.forEach((c, j) => {
      const checkAt = at.at('Checks', j, `check "${c.Name}"`);
      if (!['http', 'tcp', 'grpc', 'script'].includes(c.Type)) checkAt.error(`check type must be http, tcp, grpc or script, got "${c.Type}"`, 'Type');
      if (c.Interval < 1e9) checkAt.error('check interval must be at least 1s', 'Interval');
      if (c.Timeout <= 0 && c.Type !== '') checkAt.error('check timeout must be greater than zero', 'Timeout');
      if (c.Type === 'http' && (c.Path ?? '') === '') checkAt.error('http check needs a path', 'Path');
      if (c.Type === 'script' && (c.Command ?? '') === '') checkAt.error('script check needs a command', 'Command');
      const port = c.PortLabel ?? '';
      if (port !== '' && !isPortNumber(port) && !knownPorts.has(port)) checkAt.error(`check port label "${port}" is not defined by any network block`, 'PortLabel');
      if (c.Type !== 'script' && port === '' && s.PortLabel === '' && c.Type !== '') checkAt.error(`${c.Type} check needs a port (on the check or its service)`, 'PortLabel');
    });
  });
}
