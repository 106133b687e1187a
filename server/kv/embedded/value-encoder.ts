/**
 * A pass-through lmdb-js value encoder for Buffers. lmdb-js's `encoding: 'binary'` returns each
 * read value in its own ArrayBuffer, which makes whole-table ranges (1M allocations at start-up)
 * GC-bound. This encoder copies each value into a pooled Buffer (`Buffer.allocUnsafe` slices an
 * 8 KiB pool for small sizes) and lets lmdb-js read through its shared scratch buffer.
 */

/** BufferValueEncoder is the lmdb-js `encoder` option shape used by the embedded store. */
export interface BufferValueEncoder {
  encode(value: Buffer): Buffer;
  decode(bytes: Uint8Array, sizeOrOptions?: unknown): Buffer;
}

/** bufferValueEncoder stores Buffers as-is and returns stable pooled copies on read. */
export const bufferValueEncoder: BufferValueEncoder = {
  encode: (value) => value,
  decode(bytes, sizeOrOptions) {
    const size = typeof sizeOrOptions === 'number' ? sizeOrOptions : bytes.length;
    const copy = Buffer.allocUnsafe(size);
    // lmdb-js overrides `length` on its scratch buffer; view exactly `size` bytes of it.
    copy.set(new Uint8Array(bytes.buffer, bytes.byteOffset, size));
    return copy;
  },
};
