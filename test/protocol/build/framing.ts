/** Vectors of docs/protocol/framing.md: varint-length-prefixed strict CBOR frames of the small protocols. */
import { encodeFrame } from '../../../src/core/net/frames.ts'
import { cbor, frameOf, hex } from './common.ts'

const CAP = 1024

/** The framing vectors: valid frames with their value, invalid byte strings with the error each raises. */
export function buildFramingVectors() {
  const long = 'x'.repeat(200)
  return {
    description:
      'docs/protocol/framing.md. A frame is unsigned LEB128 varint(length of body) ‖ body, body = one CBOR data item decoded strictly (no indefinite lengths, tags, undefined, NaN/Infinity, bigints, duplicate keys). `max_bytes` is the per-protocol cap the reader enforces from the prefix alone.',
    valid: [
      { name: 'small map', max_bytes: CAP, value: { v: 1 }, hex: hex(encodeFrame({ v: 1 }, CAP)) },
      {
        name: 'locate-shaped request',
        max_bytes: CAP,
        value: { v: 1, id: '12D3KooWExample' },
        hex: hex(encodeFrame({ v: 1, id: '12D3KooWExample' }, CAP)),
      },
      {
        name: 'body of 206 bytes takes a two-byte prefix',
        max_bytes: CAP,
        value: { v: 1, s: long },
        hex: hex(encodeFrame({ v: 1, s: long }, CAP)),
      },
    ],
    invalid: [
      {
        name: 'declared length above the cap (prefix only)',
        max_bytes: CAP,
        hex: 'ffff03',
        error: 'FrameTooLargeError',
      },
      {
        name: 'stream ends inside the body',
        max_bytes: CAP,
        hex: hex(encodeFrame({ v: 1 }, CAP)).slice(0, -2),
        error: 'MalformedError',
      },
      { name: 'body is not CBOR', max_bytes: CAP, hex: '02ffff', error: 'MalformedError' },
      {
        name: 'length varint never ends',
        max_bytes: 2 ** 30,
        hex: '808080808080',
        error: 'MalformedError',
      },
      {
        name: 'indefinite-length map',
        max_bytes: CAP,
        hex: hex(frameOf(Uint8Array.of(0xbf, 0x61, 0x76, 0x01, 0xff))),
        error: 'MalformedError',
      },
      {
        name: 'duplicate map key',
        max_bytes: CAP,
        hex: hex(frameOf(Uint8Array.of(0xa2, 0x61, 0x76, 0x01, 0x61, 0x76, 0x02))),
        error: 'MalformedError',
      },
      {
        name: 'tagged item (tag 1, a date)',
        max_bytes: CAP,
        hex: hex(frameOf(Uint8Array.of(0xc1, 0x1a, 0x5f, 0x5e, 0x10, 0x00))),
        error: 'MalformedError',
      },
      {
        name: 'undefined',
        max_bytes: CAP,
        hex: hex(frameOf(Uint8Array.of(0xf7))),
        error: 'MalformedError',
      },
      {
        name: 'two items in one body (trailing bytes)',
        max_bytes: CAP,
        hex: hex(frameOf(new Uint8Array([...cbor({ v: 1 }), ...cbor({ v: 2 })]))),
        error: 'MalformedError',
      },
    ],
  }
}
