/**
 * safeJoinForWrite: where the agent writes files on a task's behalf (templates, artifacts,
 * dispatch payloads). The destination must stay inside `base` lexically, and its deepest existing
 * ancestor, with symlinks resolved, must also be inside `base` (CVE-2019-14802, CVE-2020-27195,
 * CVE-2024-1329: interpolated or symlinked destinations escaping the alloc dir).
 */
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { DroverError } from '../../api/errors.js';

function inside(base: string, p: string): boolean {
  const rel = relative(base, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** safeJoinForWrite returns `base/rel` or throws DROVER_ERR_PATH_FORBIDDEN. */
export async function safeJoinForWrite(base: string, rel: string, location: string): Promise<string> {
  const forbidden = (why: string): DroverError => new DroverError('DROVER_ERR_PATH_FORBIDDEN', `${location} ${JSON.stringify(rel)} ${why}`, { statusCode: 400, location });
  if (rel.includes('\0')) throw forbidden('contains a NUL byte');
  const target = resolve(base, rel);
  if (!inside(base, target)) throw forbidden('escapes the task directory');
  const realBase = await realpath(base);
  let probe = target;
  while (true) {
    try {
      const real = await realpath(probe);
      if (!inside(realBase, real)) throw forbidden('resolves outside the task directory');
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const parent = dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  return target;
}
