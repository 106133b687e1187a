/**
 * Validation of each task's driver `config` against the driver's taskConfigSchema (the
 * `DriverPlugin.taskConfigSchema` of plugins/driver.ts), so a bad config is rejected at submit
 * time with the field named instead of failing on a client. Nested HCL blocks inside `config`
 * arrive as lists of objects (`mount { ... }` -> `"mount": [{...}]`): schemas must expect that.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Job } from '../../api/structs/job.js';
import type { JSONSchema7 } from '../../plugins/json-schema.js';
import { jsonPathOf } from '../schema/limits.js';
import { didYouMean } from '../schema/suggest.js';
import { IssueSink, type ValidationIssue } from './issues.js';

const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: false, strict: false });
const compiled = new WeakMap<JSONSchema7, ValidateFunction>();

function validatorFor(schema: JSONSchema7): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function segmentsOf(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
  });
}

function describe(error: ErrorObject, schema: JSONSchema7): { field: string; message: string } {
  const segments = segmentsOf(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const name = String(error.params.additionalProperty);
    const known = segments.length === 0 ? Object.keys(schema.properties ?? {}) : [];
    return { field: jsonPathOf(['Config', ...segments, name]), message: `unknown driver config field "${name}"${didYouMean(name, known)}` };
  }
  if (error.keyword === 'required') {
    const name = String(error.params.missingProperty);
    return { field: jsonPathOf(['Config', ...segments, name]), message: `missing required driver config field "${name}"` };
  }
  return { field: jsonPathOf(['Config', ...segments]), message: `driver config ${jsonPathOf(segments) || 'value'} ${error.message ?? 'is invalid'}` };
}

/**
 * validateDriverConfigs checks every task whose driver has a schema in `schemas` (by driver
 * name). Tasks of drivers without a schema are not checked here (the client will).
 */
export function validateDriverConfigs(job: Job, schemas: Readonly<Record<string, JSONSchema7>>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const root = IssueSink.root(issues);
  job.TaskGroups.forEach((tg, i) => {
    tg.Tasks.forEach((task, j) => {
      const schema = schemas[task.Driver];
      if (schema === undefined) return;
      const validate = validatorFor(schema);
      if (validate(task.Config)) return;
      const sink = root.at('TaskGroups', i, `group "${tg.Name}"`).at('Tasks', j, `task "${task.Name}"`);
      for (const error of (validate.errors ?? []).slice(0, 20)) {
        const { field, message } = describe(error, schema);
        sink.error(message, field);
      }
    });
  });
  return issues;
}
