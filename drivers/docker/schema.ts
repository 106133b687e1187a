/** docker schemas: plugin config and task `config {}` block (Nomad's field names, a subset). */
import type { JSONSchema7 } from '../../plugins/json-schema.js';

const stringList: JSONSchema7 = { type: 'array', items: { type: 'string' } };

/** dockerConfigSchema: `plugin "docker" { config { ... } }`. */
export const dockerConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    endpoint: { type: 'string', description: 'unix:///var/run/docker.sock (default) or tcp://host:port' },
    allow_privileged: { type: 'boolean', default: false, description: 'Allow `privileged` and host pid/ipc/uts/network modes.' },
    allow_caps: { ...stringList, description: 'Capabilities tasks may add (default: Docker\'s default set).' },
    volumes: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', default: false } } },
    image_pull_timeout: { type: 'string', description: 'Go duration; default 5m.' },
    extra_labels: { type: 'object', additionalProperties: { type: 'string' } },
    node_id: { type: 'string', minLength: 1, description: 'Labels containers com.drover.node_id and scopes dangling-container GC to this node.' },
  },
};

/** dockerTaskConfigSchema: the task `config {}` block. */
export const dockerTaskConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['image'],
  properties: {
    image: { type: 'string', minLength: 1 },
    force_pull: { type: 'boolean', default: false },
    image_pull_timeout: { type: 'string' },
    command: { type: 'string' },
    args: stringList,
    entrypoint: stringList,
    work_dir: { type: 'string' },
    hostname: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    ports: { ...stringList, description: 'Port labels from the group network block, mapped host value -> container `to`.' },
    volumes: { ...stringList, description: '`source:target[:ro]`; host sources outside the alloc dir need plugin volumes.enabled.' },
    network_mode: { type: 'string' },
    pid_mode: { type: 'string' },
    ipc_mode: { type: 'string' },
    uts_mode: { type: 'string' },
    privileged: { type: 'boolean', default: false },
    cap_add: stringList,
    cap_drop: stringList,
    readonly_rootfs: { type: 'boolean', default: false },
    memory_hard_limit: { type: 'integer', minimum: 0 },
    init: { type: 'boolean', default: false },
  },
};

/** Docker's default capability set: what `cap_add` may name unless allow_caps says otherwise. */
export const dockerDefaultCaps = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
