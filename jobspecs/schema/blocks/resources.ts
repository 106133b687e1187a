/**
 * The task `resources` block (+ `device`, `numa`).
 */
import { affinityBlock, constraintBlock } from './placement.js';
import { networkBlock } from './network.js';
import { field, int, many, one, str, type BlockSpec } from '../spec.js';

/** deviceBlock is `device "vendor/type/name" { count, constraint, affinity }`. */
export const deviceBlock = {
  name: 'device',
  doc: 'A device request, e.g. `device "nvidia/gpu"`.',
  label: { json: 'Name', what: 'device name' },
  fields: [
    field(undefined, 'Name', str(), 'Device name: `<type>`, `<vendor>/<type>` or `<vendor>/<type>/<model>`.'),
    field('count', 'Count', int(0), 'Number of device instances.', '1'),
    field('constraint', 'Constraints', many(constraintBlock), 'Constraints on device attributes (`${device.attr.memory}`).'),
    field('affinity', 'Affinities', many(affinityBlock), 'Preferences on device attributes.'),
  ],
} satisfies BlockSpec;

/** numaBlock is the resources `numa` block. */
export const numaBlock = {
  name: 'numa',
  doc: 'NUMA placement of reserved cores.',
  fields: [field('affinity', 'Affinity', str(['none', 'prefer', 'require']), 'How strictly cores must share a NUMA node.', 'none')],
} satisfies BlockSpec;

/** resourcesBlock is the task `resources` block. CPU in MHz, memory in MB. */
export const resourcesBlock = {
  name: 'resources',
  doc: 'What the task needs from the node: CPU (MHz) or cores, memory (MB), devices.',
  fields: [
    field('cpu', 'CPU', int(0), 'CPU in MHz (min 1).', '100'),
    field('cores', 'Cores', int(0), 'Whole reserved cores (instead of `cpu`).'),
    field('memory', 'MemoryMB', int(0), 'Memory in MB (min 10).', '300'),
    field('memory_max', 'MemoryMaxMB', int(0), 'Memory limit in MB when oversubscription is enabled.'),
    field('disk', 'DiskMB', int(0), 'Disk in MB (deprecated: use ephemeral_disk).'),
    field('secrets', 'SecretsMB', int(0), 'Size of the secrets tmpfs in MB.'),
    field(undefined, 'IOPS', int(0), 'Deprecated and ignored (accepted for old jobs).'),
    field('device', 'Devices', many(deviceBlock), 'Device requests.'),
    field('numa', 'NUMA', one(numaBlock), 'NUMA placement.'),
    field('network', 'Networks', many(networkBlock), 'Task-level network (deprecated: use the group network).'),
  ],
} satisfies BlockSpec;
