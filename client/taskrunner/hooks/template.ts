/**
 * template hook: renders `template { data = "...", destination = "..." }` blocks. Supported:
 * `${NOMAD_*}`/`${env.X}`/`${attr.*}`/`${meta.*}`/`${node.*}` interpolation and the
 * consul-template forms `{{ env "X" }}` and `{{ .X }}`-free static text. Not supported: `source`
 * files from outside the task, Consul/Vault/Nomad-variable functions, change_mode (templates are
 * rendered before each start only).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DroverError } from '../../../api/errors.js';
import { safeJoinForWrite } from '../../allocdir/safe-join.js';
import { interpolateString } from '../interpolate.js';
import type { InterpolationScope } from '../interpolate.js';
import type { PrestartHook } from './hook.js';

/** renderTemplate renders static template text. */
export function renderTemplate(data: string, scope: InterpolationScope): string {
  const withEnv = data.replace(/\{\{-?\s*env\s+"([^"]+)"\s*-?\}\}/g, (_w, name: string) => scope.env[name] ?? '');
  return interpolateString(withEnv, scope);
}

/** templateHook runs before every start (templates may depend on the env). */
export const templateHook: PrestartHook = {
  name: 'template',
  async prestart(ctx) {
    const templates = ctx.task.Templates ?? [];
    if (templates.length === 0 || ctx.paths === undefined) return;
    const scope = { env: ctx.env, node: ctx.node, region: ctx.region };
    for (const [i, t] of templates.entries()) {
      const location = `Task[${ctx.task.Name}].Templates[${i}]`;
      const data = t['EmbeddedTmpl'];
      if (typeof data !== 'string') {
        throw new DroverError('DROVER_ERR_TEMPLATE_UNSUPPORTED', 'only templates with inline `data` are supported', { statusCode: 400, location: `${location}.EmbeddedTmpl` });
      }
      const destRel = interpolateString(String(t['DestPath'] ?? ''), scope);
      const dest = await safeJoinForWrite(ctx.paths.taskDir, destRel, `${location}.DestPath`);
      const perms = typeof t['Perms'] === 'string' ? parseInt(t['Perms'], 8) : 0o644;
      await mkdir(dirname(dest), { recursive: true });
      await writeFile(dest, renderTemplate(data, scope), { mode: Number.isFinite(perms) ? perms : 0o644 });
    }
  },
};
