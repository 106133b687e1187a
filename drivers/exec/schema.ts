/** exec schemas (Nomad's field names). */
import type { JSONSchema7 } from '../../plugins/json-schema.js';

/** Nomad's DefaultChrootEnv: host directories bound read-only into every exec task's root. */
export const defaultChrootEnv = ['/bin', '/etc', '/lib', '/lib32', '/lib64', '/run/resolvconf', '/sbin', '/usr', '/run/systemd/resolve'];

/** execConfigSchema: `plugin "exec" { config { ... } }`. */
export const execConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    chroot_env: { type: 'array', items: { type: 'string', pattern: '^/' }, description: 'Host directories bound read-only into the task root.' },
    default_user: { type: 'string', default: 'nobody' },
    pids_limit: { type: 'integer', minimum: 1, default: 2048 },
  },
};

/** execTaskConfigSchema: the task `config {}` block. */
export const execTaskConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['command'],
  properties: {
    command: { type: 'string', minLength: 1, description: 'Program inside the task root (PATH lookup, or absolute).' },
    args: { type: 'array', items: { type: 'string' } },
  },
};
