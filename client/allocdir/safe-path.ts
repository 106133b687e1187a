/**
 * resolveInAllocDir: the only way the fs endpoints turn a user-supplied path into a host path.
 *
 * Rules (reliability-and-security.md §4.3: CVE-2024-1329, CVE-2022-24683, GH-19887):
 * - the path is relative to the allocation root; absolute paths and NUL bytes are refused;
 * - `..` may not climb above the root (checked lexically first);
 * - the real path (all symlinks resolved) must still be inside the real root, so a symlink
 *   planted by a task cannot point the agent outside the allocation;
 * - `<task>/secrets` and anything under it is never served.
 * The caller must open the returned path with O_NOFOLLOW where possible to narrow the
 * check-then-open window further.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { DroverError } from '../../api/errors.js';

/** SafePath is a vetted host path plus its normalised alloc-relative form. */
export interface SafePath {
  hostPath: string;
  relPath: string;
}

function refuse(msg: string, userPath: string, statusCode = 403): DroverError {
  return new DroverError('DROVER_ERR_PATH_FORBIDDEN', `${msg}: ${JSON.stringify(userPath)}`, { statusCode, location: 'path' });
}

function isSecretsPath(rel: string): boolean {
  const parts = rel.split(sep).filter((p) => p.length > 0);
  return parts.length >= 2 && parts[0] !== 'alloc' && parts[1] === 'secrets';
}

/** resolveInAllocDir maps `userPath` (relative to `allocRoot`) to a host path or throws 403/404. */
export async function resolveInAllocDir(allocRoot: string, userPath: string): Promise<SafePath> {
  if (userPath.includes('\0')) throw refuse('path contains a NUL byte', userPath, 400);
  const trimmed = userPath === '' ? '/' : userPath;
  // Nomad accepts "/" as the alloc root; any other absolute path is an escape attempt.
  const relInput = trimmed === '/' ? '.' : trimmed;
  if (isAbsolute(relInput)) throw refuse('absolute paths are not allowed', userPath);
  const lexical = normalize(relInput);
  if (lexical === '..' || lexical.startsWith(`..${sep}`)) throw refuse('path escapes the allocation directory', userPath);
  if (isSecretsPath(lexical)) throw refuse('the secrets directory is not readable', userPath);

  let realRoot: string;
  try {
    realRoot = await realpath(allocRoot);
  } catch {
    throw new DroverError('DROVER_ERR_ALLOC_DIR_NOT_FOUND', 'allocation directory not found', { statusCode: 404, location: 'alloc' });
  }
  let realTarget: string;
  try {
    realTarget = await realpath(resolve(realRoot, lexical));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DroverError('DROVER_ERR_FILE_NOT_FOUND', `no such file: ${JSON.stringify(userPath)}`, { statusCode: 404, location: 'path' });
    }
    throw e;
  }
  const rel = relative(realRoot, realTarget);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw refuse('path escapes the allocation directory', userPath);
  if (isSecretsPath(rel)) throw refuse('the secrets directory is not readable', userPath);
  return { hostPath: realTarget, relPath: rel === '' ? '/' : rel };
}
