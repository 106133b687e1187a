/**
 * Node identity: the node ID and secret are created once and persisted in
 * `<dataDir>/client/node-identity.json` (fsynced), so a restarted agent registers as the same
 * node and the server recognises its secret.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newId } from '../api/ids.js';
import { DroverError } from '../api/errors.js';
import { writeFileDurable } from './util/atomic-file.js';

/** NodeIdentity is the durable identity of this client node. */
export interface NodeIdentity {
  nodeId: string;
  secretId: string;
}

/** identityPath is where the identity lives inside a data dir. */
export function identityPath(dataDir: string): string {
  return join(dataDir, 'client', 'node-identity.json');
}

/** loadOrCreateIdentity returns the persisted identity, creating (and fsyncing) one on first start. */
export async function loadOrCreateIdentity(dataDir: string): Promise<NodeIdentity> {
  const path = identityPath(dataDir);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== undefined) {
    const parsed = JSON.parse(text) as Partial<NodeIdentity>;
    if (typeof parsed.nodeId !== 'string' || typeof parsed.secretId !== 'string') {
      throw new DroverError('DROVER_ERR_CLIENT_STATE_CORRUPT', `node identity file is invalid`, { location: path });
    }
    return { nodeId: parsed.nodeId, secretId: parsed.secretId };
  }
  const identity: NodeIdentity = { nodeId: newId(), secretId: newId() };
  await writeFileDurable(path, JSON.stringify(identity));
  return identity;
}
