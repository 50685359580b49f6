/**
 * Length-prefixed CBOR frames over a libp2p 3 stream (docs/design.md §5, §10): an unsigned varint length,
 * then that many bytes of CBOR. Used by the small network protocols of this folder
 * (`/distsoc/peers/1.0.0`, `/distsoc/locate/1.0.0`). Oversize, truncated or malformed input is a
 * typed error; callers reset the stream and count it.
 */
import type { Stream } from '@libp2p/interface'
import { decode, encode } from 'cborg'
import { Uint8ArrayList } from 'uint8arraylist'
import { FrameTooLargeError, MalformedError, TooLargeError } from '../errors.ts'
import { STRICT_DECODE_OPTIONS } from '../model/index.ts'

const MAX_VARINT_BYTES = 5

/** Encodes `value` as one frame (varint length ‖ CBOR); throws TooLargeError above `maxBytes`. */
export function encodeFrame(value: unknown, maxBytes: number): Uint8Array {
  const body = encode(value)
  if (body.length > maxBytes) throw new TooLargeError(`frame of ${body.length} bytes exceeds ${maxBytes}`)
  const prefix: number[] = []
  let n = body.length
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  prefix.push(n)
  const out = new Uint8Array(prefix.length + body.length)
  out.set(prefix, 0)
  out.set(body, prefix.length)
  return out
}

/** Decodes CBOR bytes of untrusted origin; throws only MalformedError. */
export function decodeCbor(bytes: Uint8Array): unknown {
  try {
    return decode(bytes, STRICT_DECODE_OPTIONS)
  } catch (err) {
    throw new MalformedError(`not valid CBOR: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** Reads a varint length from the front of `buf`; undefined if it is not complete yet. */
function readLength(buf: Uint8ArrayList): { length: number; used: number } | undefined {
  let length = 0
  for (let i = 0; i < Math.min(buf.length, MAX_VARINT_BYTES); i++) {
    const byte = buf.get(i)
    length += (byte & 0x7f) * 2 ** (7 * i)
    if ((byte & 0x80) === 0) return { length, used: i + 1 }
  }
  if (buf.length >= MAX_VARINT_BYTES) throw new MalformedError('frame length varint is too long')
  return undefined
}

/** Reads frames one at a time from a stream's async iterator, enforcing a per-frame byte cap. */
export class FrameReader {
  private readonly buffer = new Uint8ArrayList()
  private readonly source: AsyncIterator<Uint8Array | Uint8ArrayList>
  private readonly maxBytes: number

  constructor(stream: AsyncIterable<Uint8Array | Uint8ArrayList>, maxBytes: number) {
    this.source = stream[Symbol.asyncIterator]()
    this.maxBytes = maxBytes
  }

  /**
   * The next frame's decoded CBOR value, or undefined at a clean end of stream. Throws
   * FrameTooLargeError (declared length above the cap) or MalformedError (truncated, bad CBOR).
   */
  async next(): Promise<unknown> {
    for (;;) {
      const header = readLength(this.buffer)
      if (header !== undefined) {
        if (header.length > this.maxBytes) {
          throw new FrameTooLargeError(`frame of ${header.length} bytes exceeds ${this.maxBytes}`)
        }
        if (this.buffer.length >= header.used + header.length) {
          const body = this.buffer.subarray(header.used, header.used + header.length)
          this.buffer.consume(header.used + header.length)
          return decodeCbor(body)
        }
      }
      const chunk = await this.source.next()
      if (chunk.done === true) {
        if (this.buffer.length === 0) return undefined
        throw new MalformedError('stream ended inside a frame')
      }
      this.buffer.append(chunk.value)
    }
  }
}

/** Writes one frame, waiting for the stream to drain when its buffer is full. */
export async function writeFrame(stream: Stream, value: unknown, maxBytes: number): Promise<void> {
  if (!stream.send(encodeFrame(value, maxBytes))) await stream.onDrain()
}
