/** qemu schemas (Nomad's field names). */
import type { JSONSchema7 } from '../../plugins/json-schema.js';

/** qemuConfigSchema: `plugin "qemu" { config { ... } }`. */
export const qemuConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    image_paths: { type: 'array', items: { type: 'string', pattern: '^/' }, description: 'Host dirs images may come from besides the alloc dir.' },
    args_allowlist: { type: 'array', items: { type: 'string' }, description: 'When set, every `args` entry must be in it (CVE-2021-43415).' },
  },
};

/** qemuTaskConfigSchema: the task `config {}` block. */
export const qemuTaskConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['image_path'],
  properties: {
    image_path: { type: 'string', minLength: 1, description: 'Disk image, relative to the task dir or absolute within image_paths.' },
    accelerator: { type: 'string', enum: ['tcg', 'kvm'], default: 'tcg' },
    machine_type: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$', default: 'pc' },
    drive_interface: { type: 'string', enum: ['ide', 'scsi', 'sd', 'mtd', 'floppy', 'pflash', 'virtio', 'none'], default: 'ide' },
    graceful_shutdown: { type: 'boolean', default: false, description: 'Stop with an ACPI powerdown over QMP instead of a signal.' },
    args: { type: 'array', items: { type: 'string' } },
    port_map: { type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 65535 }, description: 'Port label -> guest port (user-mode hostfwd).' },
  },
};
