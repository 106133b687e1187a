/**
 * The `group` block: tasks placed together on one node, `count` times.
 */
import { bool, dur, field, int, keyed, many, one, str, strMap, type BlockSpec } from '../spec.js';
import { networkBlock } from './network.js';
import { affinityBlock, constraintBlock, spreadBlock } from './placement.js';
import { disconnectBlock, ephemeralDiskBlock, migrateBlock, rescheduleBlock, restartBlock, updateBlock } from './policies.js';
import { serviceBlock } from './service.js';
import { consulBlock, scalingBlock } from './task-parts.js';
import { taskBlock } from './task.js';

/** mountOptionsBlock is the CSI volume `mount_options` block. */
export const mountOptionsBlock = {
  name: 'mount_options',
  doc: 'File system options of a CSI volume.',
  fields: [
    field('fs_type', 'FSType', str(), 'File system type.'),
    field('mount_flags', 'MountFlags', { kind: 'stringList' }, 'Mount flags.'),
  ],
} satisfies BlockSpec;

/** volumeBlock is a group `volume "name"` request (host or CSI volume). */
export const volumeBlock = {
  name: 'volume',
  doc: 'A host or CSI volume the group needs; tasks mount it with `volume_mount`.',
  label: { json: 'Name', what: 'volume name' },
  fields: [
    field(undefined, 'Name', str(), 'Volume label, referenced by `volume_mount`.'),
    field('type', 'Type', str(['host', 'csi']), 'Volume type.', 'host'),
    field('source', 'Source', str(), 'Name of the host volume or ID of the CSI volume.'),
    field('read_only', 'ReadOnly', bool, 'Request read-only access.', 'false'),
    field('access_mode', 'AccessMode', str(), 'CSI access mode.'),
    field('attachment_mode', 'AttachmentMode', str(['file-system', 'block-device']), 'CSI attachment mode.'),
    field('per_alloc', 'PerAlloc', bool, 'Append `[<alloc index>]` to the source.', 'false'),
    field('mount_options', 'MountOptions', one(mountOptionsBlock), 'CSI mount options.'),
    field('sticky', 'Sticky', bool, 'Keep using the same dynamic host volume.', 'false'),
  ],
} satisfies BlockSpec;

/** groupBlock is `group "name" { count, task, network, ... }`. */
export const groupBlock = {
  name: 'group',
  doc: 'A set of tasks placed together on one node; `count` copies (allocations) are placed.',
  label: { json: 'Name', what: 'group name' },
  requiredJson: ['Name'],
  fields: [
    field(undefined, 'Name', str(), 'Group name, unique in the job.'),
    field('count', 'Count', int(0), 'Number of allocations.', '1 (or scaling.min)'),
    field('constraint', 'Constraints', many(constraintBlock), 'Placement constraints.'),
    field('affinity', 'Affinities', many(affinityBlock), 'Placement preferences.'),
    field('spread', 'Spreads', many(spreadBlock), 'Spread over attribute values.'),
    field('task', 'Tasks', many(taskBlock), 'The tasks of the group.'),
    field('volume', 'Volumes', keyed(volumeBlock), 'Volume requests, keyed by label.'),
    field('restart', 'RestartPolicy', one(restartBlock), 'Default restart policy of the tasks.'),
    field('disconnect', 'Disconnect', one(disconnectBlock), 'Client disconnect behaviour.'),
    field('reschedule', 'ReschedulePolicy', one(rescheduleBlock), 'Reschedule policy.'),
    field('ephemeral_disk', 'EphemeralDisk', one(ephemeralDiskBlock), 'Shared scratch disk.'),
    field('update', 'Update', one(updateBlock), 'Update strategy (merged over the job\'s).'),
    field('migrate', 'Migrate', one(migrateBlock), 'Drain migration strategy.'),
    field('network', 'Networks', many(networkBlock), 'Network and ports.'),
    field('meta', 'Meta', strMap, 'Metadata.'),
    field('service', 'Services', many(serviceBlock), 'Group services.'),
    field('shutdown_delay', 'ShutdownDelay', dur, 'Delay between deregistering services and stopping tasks.'),
    field('max_run_duration', 'MaxRunDuration', dur, 'Stop allocations that run longer than this.'),
    field('stop_after_client_disconnect', 'StopAfterClientDisconnect', dur, 'Deprecated: use disconnect.stop_on_client_after.'),
    field('max_client_disconnect', 'MaxClientDisconnect', dur, 'Deprecated: use disconnect.lost_after.'),
    field('prevent_reschedule_on_lost', 'PreventRescheduleOnLost', bool, 'Deprecated: use disconnect.replace.'),
    field('scaling', 'Scaling', one(scalingBlock), 'Horizontal scaling policy.'),
    field('consul', 'Consul', one(consulBlock), 'Consul cluster and namespace.'),
    field(undefined, 'RescheduleOnLost', bool, 'Set by the server (legacy).'),
  ],
} satisfies BlockSpec;
