/**
 * ID prefix resolution: commands accept any unique prefix of an ID (Nomad uses the list
 * endpoints with `?prefix=`). An ambiguous prefix lists the candidates and fails.
 */
import { DroverError } from '../api/errors.js';
import type { Connection } from './env.js';

/** resolvePrefix returns the one full ID matching `prefix` in `listPath`. */
export async function resolvePrefix(conn: Connection, listPath: string, prefix: string, kind: string, describe: (item: Record<string, unknown>) => string = (i) => String(i.ID)): Promise<string> {
  const { value } = await conn.client.get<Array<Record<string, unknown>>>(listPath, { query: { prefix, namespace: conn.namespace } });
  const items = value ?? [];
  const exact = items.find((i) => i.ID === prefix);
  if (exact) return prefix;
  if (items.length === 1) return String(items[0]!.ID);
  if (items.length === 0) throw new DroverError('DROVER_ERR_NOT_FOUND', `No ${kind} with prefix "${prefix}" found`, { statusCode: 404, location: prefix });
  const list = items.slice(0, 20).map((i) => `  ${describe(i)}`).join('\n');
  throw new DroverError('DROVER_ERR_AMBIGUOUS_PREFIX', `Prefix "${prefix}" matched multiple ${kind}s:\n\n${list}`, { statusCode: 400, location: prefix });
}
