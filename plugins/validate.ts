/**
 * ajv validation of driver configuration. Errors are strings that name the field the way a
 * jobspec author sees it: `config.image: is required`, `config.args[1]: must be string`.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { DriverPlugin } from './driver.js';
import type { JSONSchema7 } from './json-schema.js';

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
const compiled = new WeakMap<JSONSchema7, ValidateFunction>();

function compile(schema: JSONSchema7): ValidateFunction {
  let fn = compiled.get(schema);
  if (fn === undefined) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** pointerToField turns `/args/1` into `args[1]` and `/auth/username` into `auth.username`. */
function pointerToField(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

/** describeError renders one ajv error as `<prefix><field>: <message>`. */
function describeError(prefix: string, e: ErrorObject): string {
  const at = prefix + pointerToField(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return `${at}.${String((e.params as { missingProperty: string }).missingProperty)}: is required`;
    case 'additionalProperties':
      return `${at}.${String((e.params as { additionalProperty: string }).additionalProperty)}: unknown field`;
    case 'enum':
      return `${at}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    default:
      return `${at}: ${e.message ?? 'is invalid'}`;
  }
}

/** validateAgainst validates `value` against `schema`; returns field-named errors (empty when valid). */
export function validateAgainst(schema: JSONSchema7, value: unknown, prefix: string): string[] {
  const validate = compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => describeError(prefix, e));
}

/** validateTaskConfig checks a task's `config {}` block against the driver's taskConfigSchema. */
export function validateTaskConfig(driver: Pick<DriverPlugin, 'taskConfigSchema'>, config: Record<string, unknown>): string[] {
  return validateAgainst(driver.taskConfigSchema, config, 'config');
}

/** validatePluginConfig checks an agent `plugin "<name>" { config {} }` block against configSchema. */
export function validatePluginConfig(driver: Pick<DriverPlugin, 'configSchema'>, config: Record<string, unknown>): string[] {
  return validateAgainst(driver.configSchema, config, 'plugin.config');
}
