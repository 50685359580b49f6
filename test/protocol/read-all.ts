/** Test helpers of the protocol vectors: byte sources for a FrameReader, and reading one to the end. */

/** Reads every frame of `reader` until a clean end; rethrows the reader's typed error. */
export async function readAll(reader: { next(): Promise<unknown> }): Promise<unknown[]> {
  const out: unknown[] = []
  for (;;) {
    const value = await reader.next()
    if (value === undefined) return out
    out.push(value)
  }
}

/** A stream that yields `bytes` as one chunk. */
readAll.once = async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

/** A stream that yields `bytes` one byte per chunk (chunks may split anywhere). */
readAll.byteByByte = async function* byteByByte(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (const b of bytes) yield Uint8Array.of(b)
}
