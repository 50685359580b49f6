import { encode } from 'cborg'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isErrorNamed } from '../errors.ts'
import { LIMITS } from '../model/types.ts'
import { encodeFrame, FrameDecoder } from './codec.ts'
import type { Frame } from './frames.ts'

const frames: Frame[] = [
  { type: 'hello', v: 1, wants: [[new Uint8Array(32).fill(1), new Uint8Array(16).fill(2)]] },
  { type: 'hello', v: 1, since: 5, wants: [] },
  {
    type: 'ranges',
    entries: [
      [
        new Uint8Array(32),
        [
          [3, new Uint8Array([7]), null],
          [null, new Uint8Array(0), [new Uint8Array(32)]],
        ],
      ],
    ],
  },
  { type: 'want', ids: [new Uint8Array(32).fill(9)] },
  { type: 'post', post: { id: 'x', post: { v: 1 } } },
  { type: 'blob', id: new Uint8Array(32), bytes: new Uint8Array(300).fill(5) },
  { type: 'over' },
  { type: 'done' },
  { type: 'error', name: 'MalformedError', message: 'bad' },
  {
    type: 'check',
    probe: [new Uint8Array(32).fill(3), [new Uint8Array(32).fill(4)]],
    reports: [{ record: {} }],
  },
  { type: 'check', reports: [{ record: {} }] },
  {
    type: 'held',
    nonce: new Uint8Array(32).fill(3),
    bits: new Uint8Array([1]),
    tag: new Uint8Array(16).fill(6),
  },
]

function lengthPrefix(n: number): Uint8Array {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
  return Uint8Array.from(out)
}

function decodeAll(bytes: Uint8Array, max?: number): Frame[] {
  const d = new FrameDecoder(max === undefined ? {} : { maxFrameBytes: max })
  const out = d.push(bytes)
  d.end()
  return out
}

describe('frame codec', () => {
  it('round-trips every frame type whatever the chunk boundaries', () => {
    const wire = Uint8Array.from(frames.flatMap((f) => [...encodeFrame(f)]))
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: wire.length }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((x, y) => x - y)
        const decoder = new FrameDecoder()
        const out: Frame[] = []
        let prev = 0
        for (const p of [...points, wire.length]) {
          out.push(...decoder.push(wire.subarray(prev, p)))
          prev = p
        }
        decoder.end()
        expect(out).toEqual(frames)
      }),
      { numRuns: 100 },
    )
  })

  it('accepts a blob frame of exactly 256 KiB', () => {
    const [frame] = decodeAll(
      encodeFrame({ type: 'blob', id: new Uint8Array(32), bytes: new Uint8Array(LIMITS.blobBytes) }),
    )
    expect(frame?.type === 'blob' && frame.bytes.length).toBe(LIMITS.blobBytes)
  })

  it('refuses an oversize length from the prefix alone, before the body arrives', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: LIMITS.controlFrameBytes })
    expect(() => decoder.push(lengthPrefix(LIMITS.controlFrameBytes + 1))).toThrow(
      expect.objectContaining({ name: 'FrameTooLargeError' }),
    )
    expect(() => new FrameDecoder().push(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f))).toThrow(
      expect.objectContaining({ name: 'FrameTooLargeError' }),
    )
  })

  it('refuses a control frame over 64 KiB even when the bulk cap allows the length', () => {
    const body = encode({ type: 'want', ids: Array.from({ length: 1024 }, () => new Uint8Array(32)) })
    expect(body.length).toBeLessThan(LIMITS.controlFrameBytes)
    const big = encode({ type: 'error', name: 'x', message: 'y'.repeat(70_000) })
    expect(() => decodeAll(Uint8Array.from([...lengthPrefix(big.length), ...big]))).toThrow(
      expect.objectContaining({ name: 'MalformedError' }),
    )
  })

  it('rejects unknown types, extra keys, truncated CBOR and trailing partial frames with typed errors', () => {
    const cases: [unknown, string][] = [
      [{ type: 'gossip' }, 'UnexpectedFrameError'],
      [{ type: 'over', extra: 1 }, 'MalformedError'],
      [{ type: 'hello', v: 2, wants: [] }, 'MalformedError'],
      [{ type: 'want', ids: [new Uint8Array(31)] }, 'MalformedError'],
      [
        { type: 'blob', id: new Uint8Array(32), bytes: new Uint8Array(LIMITS.blobBytes + 1) },
        'TooLargeError',
      ],
      [[1, 2], 'MalformedError'],
    ]
    for (const [value, name] of cases) {
      const body = encode(value)
      let caught: unknown
      try {
        decodeAll(Uint8Array.from([...lengthPrefix(body.length), ...body]))
      } catch (err) {
        caught = err
      }
      expect(isErrorNamed(caught, name), `${JSON.stringify(value).slice(0, 40)} → ${String(caught)}`).toBe(
        true,
      )
    }
    const ok = encodeFrame({ type: 'done' })
    expect(() => decodeAll(ok.subarray(0, ok.length - 1))).toThrow(
      expect.objectContaining({ name: 'MalformedError' }),
    )
    const truncatedCbor = Uint8Array.of(3, 0xa1, 0x64, 0x74)
    expect(() => decodeAll(truncatedCbor)).toThrow(expect.objectContaining({ name: 'MalformedError' }))
  })

  it('throws only typed errors on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeAll(bytes)
        } catch (err) {
          expect(['MalformedError', 'FrameTooLargeError', 'UnexpectedFrameError', 'TooLargeError']).toContain(
            (err as Error).name,
          )
        }
      }),
      { numRuns: 3000 },
    )
  })
})
