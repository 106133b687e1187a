/** driver_config hook: validates the interpolated `config { ... }` against the driver's JSON Schema. */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { DroverError } from '../../../api/errors.js';
import type { DriverPlugin } from '../../../plugins/driver.js';
import type { PrestartHook } from './hook.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<DriverPlugin, ValidateFunction>();

/** driverConfigHook runs after env (the schema sees interpolated values). */
export const driverConfigHook: PrestartHook = {
  name: 'driver_config',
  async prestart(ctx) {
    const driver = ctx.driver;
    if (driver === undefined) return;
    let validate = compiled.get(driver);
    if (validate === undefined) {
      validate = ajv.compile(driver.taskConfigSchema as object);
      compiled.set(driver, validate);
    }
    if (!validate(ctx.driverConfig)) {
      const first = validate.errors?.[0];
      const field = `Task[${ctx.task.Name}].Config${first?.instancePath.replace(/\//g, '.') ?? ''}`;
      throw new DroverError('DROVER_ERR_TASK_CONFIG_INVALID', `invalid ${driver.name} config: ${ajv.errorsText(validate.errors)}`, { statusCode: 400, location: field });
    }
  },
};
