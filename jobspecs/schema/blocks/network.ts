/**
 * Network blocks: `network` (+ `port`, `dns`, `cni`). HCL writes every port as `port "label"`;
 * JSON splits them into ReservedPorts (with `static`) and DynamicPorts.
 */
import { bool, field, int, many, one, str, strList, strMap, type BlockSpec, type JsonObject, type JsonValue } from '../spec.js';

/** portBlock is `port "label" { static, to, host_network, ignore_collision }`. */
export const portBlock = {
  name: 'port',
  doc: 'A port the allocation needs: static (fixed host port) or dynamic (picked by the scheduler).',
  label: { json: 'Label', what: 'port label' },
  fields: [
    field(undefined, 'Label', str(), 'The port label services and tasks refer to (`NOMAD_PORT_<label>`).'),
    field('static', 'Value', int(0, 65535), 'Fixed host port; omit for a dynamic port.'),
    field('to', 'To', int(-1, 65535), 'Port inside the task\'s network namespace (bridge mode); -1 = same as the host port.'),
    field('host_network', 'HostNetwork', str(), 'Name of the client host network to bind on.', 'default'),
    field('ignore_collision', 'IgnoreCollision', bool, 'Allow a static port to be shared by several allocations.'),
  ],
} satisfies BlockSpec;

/** dnsBlock is the network `dns` block. */
export const dnsBlock = {
  name: 'dns',
  doc: 'DNS configuration of the allocation\'s network namespace.',
  fields: [
    field('servers', 'Servers', strList, 'Name servers.'),
    field('searches', 'Searches', strList, 'Search domains.'),
    field('options', 'Options', strList, 'resolv.conf options.'),
  ],
} satisfies BlockSpec;

/** cniBlock is the network `cni` block. */
export const cniBlock = {
  name: 'cni',
  doc: 'Arguments passed to CNI plugins.',
  fields: [field('args', 'Args', strMap, 'CNI_ARGS key/value pairs.')],
} satisfies BlockSpec;

/** splitPorts moves HCL `port` blocks into ReservedPorts / DynamicPorts. */
function splitPorts(network: JsonObject): void {
  const ports = network.port;
  delete network.port;
  if (!Array.isArray(ports)) return;
  const reserved: JsonValue[] = [];
  const dynamic: JsonValue[] = [];
  for (const port of ports) {
    const p = port as JsonObject;
    if (typeof p.Value === 'number' && p.Value > 0) reserved.push(p);
    else dynamic.push(p);
  }
  if (reserved.length > 0) network.ReservedPorts = [...(Array.isArray(network.ReservedPorts) ? network.ReservedPorts : []), ...reserved];
  if (dynamic.length > 0) network.DynamicPorts = [...(Array.isArray(network.DynamicPorts) ? network.DynamicPorts : []), ...dynamic];
}

/** networkBlock is the group (or legacy task resources) `network` block. */
export const networkBlock = {
  name: 'network',
  doc: 'The network of the allocation: mode and the ports it needs.',
  fields: [
    field('mode', 'Mode', str(), 'Network mode: `host`, `bridge`, `none` or `cni/<name>`.', 'host'),
    field('mbits', 'MBits', int(0), 'Bandwidth in Mbit/s (deprecated).'),
    field('hostname', 'Hostname', str(), 'Hostname inside the network namespace (bridge mode).'),
    field('port', undefined, many(portBlock), 'A port; becomes ReservedPorts (with `static`) or DynamicPorts in JSON.'),
    field(undefined, 'ReservedPorts', many(portBlock), 'Static ports.'),
    field(undefined, 'DynamicPorts', many(portBlock), 'Dynamic ports.'),
    field('dns', 'DNS', one(dnsBlock), 'DNS configuration.'),
    field('cni', 'CNI', one(cniBlock), 'CNI arguments.'),
    field(undefined, 'Device', str(), 'Host network device (set by the scheduler).'),
    field(undefined, 'CIDR', str(), 'CIDR (set by the scheduler).'),
    field(undefined, 'IP', str(), 'IP address (set by the scheduler).'),
  ],
  finish: splitPorts,
} satisfies BlockSpec;
