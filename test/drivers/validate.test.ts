/** validateTaskConfig: errors name the field the way a jobspec author wrote it. */
import t from 'tap';
import { validatePluginConfig, validateTaskConfig } from '../../plugins/validate.js';
import { dockerConfigSchema, dockerTaskConfigSchema } from '../../drivers/docker/schema.js';

const docker = { taskConfigSchema: dockerTaskConfigSchema, configSchema: dockerConfigSchema };

const cases: Array<{ config: Record<string, unknown>; errors: string[] }> = [
  { config: { image: 'busybox:1' }, errors: [] },
  { config: {}, errors: ['config.image: is required'] },
  { config: { image: 1 }, errors: ['config.image: must be string'] },
  { config: { image: 'x', args: ['ok', 2] }, errors: ['config.args[1]: must be string'] },
  { config: { image: 'x', imagee: 'typo' }, errors: ['config.imagee: unknown field'] },
  { config: { image: 'x', labels: { a: 1 } }, errors: ['config.labels.a: must be string'] },
  { config: { args: 'not-a-list' }, errors: ['config.image: is required', 'config.args: must be array'] },
];

for (const c of cases) {
  t.same(validateTaskConfig(docker, c.config), c.errors, `${JSON.stringify(c.config)} -> ${c.errors.length === 0 ? 'valid' : c.errors.join('; ')}`);
}

t.same(validatePluginConfig(docker, { volumes: { enabled: 'yes' } }), ['plugin.config.volumes.enabled: must be boolean'], 'plugin config errors are prefixed plugin.config');
