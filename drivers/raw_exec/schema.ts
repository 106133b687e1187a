/** raw_exec schemas: agent plugin config and task `config {}` block (Nomad's field names). */
import type { JSONSchema7 } from '../../plugins/json-schema.js';

/** rawExecConfigSchema: `plugin "raw_exec" { config { enabled = true } }`. */
export const rawExecConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false },
  },
};

/** rawExecTaskConfigSchema: `config { command = "...", args = [...] }`. */
export const rawExecTaskConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  required: ['command'],
  properties: {
    command: { type: 'string', minLength: 1, description: 'Program to run (PATH lookup, or relative to the task dir).' },
    args: { type: 'array', items: { type: 'string' } },
    work_dir: { type: 'string', description: 'Working directory; default the task dir.' },
  },
};
