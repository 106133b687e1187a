/**
 * artifact hook: fetches `artifact` blocks into the task dir. Only local `file://` sources (or
 * plain absolute paths) are supported; http(s), git, s3 and archive unpacking are not implemented
 * and fail the task with DROVER_ERR_ARTIFACT_UNSUPPORTED. Destinations are confined to the task dir.
 */
import { cp, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DroverError } from '../../../api/errors.js';
import { safeJoinForWrite } from '../../allocdir/safe-join.js';
import { interpolateString } from '../interpolate.js';
import type { PrestartHook } from './hook.js';

/** artifactSourcePath maps a getter source to a local path, or throws for unsupported schemes. */
export function artifactSourcePath(source: string, location: string): string {
  if (source.startsWith('file://')) return fileURLToPath(source);
  if (source.startsWith('/')) return source;
  throw new DroverError('DROVER_ERR_ARTIFACT_UNSUPPORTED', `artifact source ${JSON.stringify(source)}: only file:// sources are supported`, { statusCode: 400, location });
}

/** artifactHook runs once per task (done after every artifact is in place). */
export const artifactHook: PrestartHook = {
  name: 'artifact',
  async prestart(ctx) {
    const artifacts = ctx.task.Artifacts ?? [];
    if (artifacts.length === 0 || ctx.paths === undefined) return { done: true };
    const scope = { env: ctx.env, node: ctx.node, region: ctx.region };
    ctx.emit({ Type: 'Downloading Artifacts', DisplayMessage: 'Client is downloading artifacts', Message: '' });
    for (const [i, a] of artifacts.entries()) {
      const location = `Task[${ctx.task.Name}].Artifacts[${i}]`;
      const src = artifactSourcePath(interpolateString(String(a['GetterSource'] ?? ''), scope), `${location}.GetterSource`);
      const relDest = interpolateString(String(a['RelativeDest'] ?? 'local/'), scope);
      const destDir = await safeJoinForWrite(ctx.paths.taskDir, relDest, `${location}.RelativeDest`);
      const mode = String(a['GetterMode'] ?? 'any');
      const dest = mode === 'file' ? destDir : join(destDir, basename(src));
      await mkdir(dirname(dest), { recursive: true });
      try {
        await cp(src, dest, { recursive: true, dereference: false, errorOnExist: false, force: true });
      } catch (cause) {
        throw new DroverError('DROVER_ERR_ARTIFACT_FAILED', `artifact ${JSON.stringify(src)}: ${(cause as Error).message}`, { statusCode: 400, location, cause });
      }
    }
    return { done: true };
  },
};
