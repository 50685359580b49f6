/**
 * Length-prefixed CBOR framing (docs/design.md §5): `unsigned varint length ‖ CBOR map`. The decoder is
 * streaming (chunks may split anywhere, and may be Uint8ArrayLists), refuses an oversize length
 * from the prefix alone before buffering the body, decodes CBOR strictly and validates the schema.
 */
import { decode, encode } from 'cborg'
import { Uint8ArrayList } from 'uint8arraylist'
import { FrameTooLargeError, MalformedError, UnexpectedFrameError } from '../errors.ts'
import { LIMITS, STRICT_DECODE_OPTIONS } from '../model/index.ts'
import { BULK_FRAME_TYPES, type Frame, validateFrame } from './frames.ts'

/** The byte cap of a frame of this type. */
export function frameCap(type: Frame['type']): number {
  return BULK_FRAME_TYPES.has(type) ? LIMITS.blobFrameBytes : LIMITS.controlFrameBytes
}

function varintBytes(n: number): Uint8Array {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
  return Uint8Array.from(out)
}

/** CBOR body of a frame (deterministic cborg encoding, undefined properties dropped). */
export function encodeFrameBody(frame: Frame): Uint8Array {
  return encode(frame, { ignoreUndefinedProperties: true })
}

/** One frame on the wire; throws FrameTooLargeError if it exceeds its cap. */
export function encodeFrame(frame: Frame): Uint8Array {
  const body = encodeFrameBody(frame)
  if (body.length > frameCap(frame.type)) {
    throw new FrameTooLargeError(`${frame.type} frame of ${body.length} bytes`)
  }
  const prefix = varintBytes(body.length)
  const out = new Uint8Array(prefix.length + body.length)
  out.set(prefix)
  out.set(body, prefix.length)
  return out
}

/** Decodes and validates one CBOR frame body; throws only typed errors. */
export function decodeFrameBody(body: Uint8Array): Frame {
  let value: unknown
  try {
    value = decode(body, STRICT_DECODE_OPTIONS)
  } catch (err) {
    throw new MalformedError(`invalid CBOR: ${err instanceof Error ? err.message.slice(0, 120) : 'unknown'}`)
  }
  const frame = validateFrame(value)
  if (body.length > frameCap(frame.type))
    throw new FrameTooLargeError(`${frame.type} frame of ${body.length} bytes`)
  return frame
}

/** Options of a FrameDecoder. */
export interface FrameDecoderOptions {
  /** Largest body accepted from the prefix (default LIMITS.blobFrameBytes). */
  maxFrameBytes?: number
}

/** Streaming frame decoder: `push` chunks, get whole validated frames; `end` checks for leftovers. */
export class FrameDecoder {
  private readonly buffer = new Uint8ArrayList()
  private readonly maxFrameBytes: number

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? LIMITS.blobFrameBytes
  }

  /** Bytes held that do not yet form a frame. */
  get pending(): number {
    return this.buffer.byteLength
  }

  /** Appends a chunk and returns the frames it completes. Throws typed errors on bad input. */
  push(chunk: Uint8Array | Uint8ArrayList): Frame[] {
    if (chunk.byteLength > 0) this.buffer.append(chunk)
    const frames: Frame[] = []
    for (;;) {
      const header = this.readLength()
      if (header === undefined) return frames
      const [length, prefixBytes] = header
      if (this.buffer.byteLength < prefixBytes + length) return frames
      const body = this.buffer.subarray(prefixBytes, prefixBytes + length)
      this.buffer.consume(prefixBytes + length)
      frames.push(decodeFrameBody(body))
    }
  }

  /** Call at end of input: throws MalformedError if a frame was cut short. */
  end(): void {
    if (this.buffer.byteLength > 0)
      throw new MalformedError(`stream ended inside a frame (${this.pending} bytes)`)
  }

  private readLength(): [number, number] | undefined {
    let value = 0
    for (let i = 0; i < 4; i++) {
      if (i >= this.buffer.byteLength) return undefined
      const byte = this.buffer.get(i)
      value += (byte & 0x7f) * 2 ** (7 * i)
      if (value > this.maxFrameBytes)
        throw new FrameTooLargeError(`frame length exceeds ${this.maxFrameBytes}`)
      if ((byte & 0x80) === 0) {
        if (i > 0 && byte === 0) throw new MalformedError('non-minimal length prefix')
        if (value === 0) throw new MalformedError('empty frame')
        return [value, i + 1]
      }
    }
    throw new FrameTooLargeError('length prefix too long')
  }
}

/** Narrows a frame to the expected types or throws UnexpectedFrameError. */
export function expectFrame<T extends Frame['type']>(
  frame: Frame,
  ...types: T[]
): Extract<Frame, { type: T }> {
  if (!(types as string[]).includes(frame.type)) {
    throw new UnexpectedFrameError(`got ${frame.type}, expected ${types.join(' | ')}`)
  }
  return frame as Extract<Frame, { type: T }>
}
