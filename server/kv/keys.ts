/**
 * Key helpers shared by both backends. Keys are UTF-8 strings compared as bytes (etcd order).
 */

const decoder = new TextDecoder();

/** keyBytes encodes a key as UTF-8 bytes (a Buffer so LMDB and gRPC take it without copies). */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'utf8');
}

/** keyString decodes UTF-8 key bytes. */
export function keyString(bytes: Uint8Array): string {
  return Buffer.isBuffer(bytes) ? bytes.toString('utf8') : decoder.decode(bytes);
}

/**
 * prefixEnd returns the smallest byte string greater than every key starting with `prefix`
 * (etcd's `GetPrefixRangeEnd`), or undefined when no such bound exists (empty or all-0xff prefix).
 */
export function prefixEnd(prefix: Uint8Array): Buffer | undefined {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    const byte = end[i] ?? 0;
    if (byte < 0xff) {
      end[i] = byte + 1;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

/** bytesEqual compares two byte arrays by content. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
