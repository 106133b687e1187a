/**
 * Hash and UUID functions: md5, sha1, sha256, sha512, base64sha256, base64sha512, uuidv4,
 * uuidv5. (bcrypt is not provided: no bcrypt implementation is installed.)
 */
import { createHash, randomUUID } from 'node:crypto';
import { FunctionArgumentError } from '../errors.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

function hex(algorithm: string, text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

/** uuidV5 computes an RFC 4122 name-based (SHA-1) UUID. */
export function uuidV5(namespace: string, name: string): string {
  const ns = NAMESPACES[namespace] ?? namespace;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ns)) {
    throw new FunctionArgumentError('namespace must be "dns", "url", "oid", "x500" or a UUID', 0);
  }
  const bytes = createHash('sha1').update(Buffer.from(ns.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** cryptoFunctions are the hashing and UUID functions. */
export const cryptoFunctions: FunctionEntries = {
  md5: fn([param('str', T.string)], ([s]) => hex('md5', s as string)),
  sha1: fn([param('str', T.string)], ([s]) => hex('sha1', s as string)),
  sha256: fn([param('str', T.string)], ([s]) => hex('sha256', s as string)),
  sha512: fn([param('str', T.string)], ([s]) => hex('sha512', s as string)),
  base64sha256: fn([param('str', T.string)], ([s]) => createHash('sha256').update(s as string, 'utf8').digest('base64')),
  base64sha512: fn([param('str', T.string)], ([s]) => createHash('sha512').update(s as string, 'utf8').digest('base64')),
  uuidv4: fn([], () => randomUUID()),
  uuidv5: fn([param('namespace', T.string), param('name', T.string)], ([ns, name]) => uuidV5(ns as string, name as string)),
};
