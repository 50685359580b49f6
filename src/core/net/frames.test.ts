import { encode } from 'cborg'
import { describe, expect, it } from 'vitest'
import { encodeFrame, FrameReader } from './frames.ts'

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p
}

function split(bytes: Uint8Array): Uint8Array[] {
  return [...bytes].map((b) => Uint8Array.of(b))
}

describe('length-prefixed CBOR frames', () => {
  it('reads back frames split across arbitrary chunk boundaries', async () => {
    const a = encodeFrame({ v: 1, id: 'x' }, 1024)
    const b = encodeFrame([1, 2, 3], 1024)
    const reader = new FrameReader(chunks(...split(a), ...split(b)), 1024)
    expect(await reader.next()).toEqual({ v: 1, id: 'x' })
    expect(await reader.next()).toEqual([1, 2, 3])
    expect(await reader.next()).toBeUndefined()
  })

  it('refuses a declared length above the cap before reading the body', async () => {
    const reader = new FrameReader(chunks(Uint8Array.of(0xff, 0xff, 0x03)), 1024)
    await expect(reader.next()).rejects.toMatchObject({ name: 'FrameTooLargeError' })
  })

  it('refuses a truncated frame', async () => {
    const frame = encodeFrame({ v: 1 }, 1024)
    const reader = new FrameReader(chunks(frame.subarray(0, frame.length - 1)), 1024)
    await expect(reader.next()).rejects.toMatchObject({ name: 'MalformedError' })
  })

  it('refuses bytes that are not CBOR', async () => {
    const reader = new FrameReader(chunks(Uint8Array.of(2, 0xff, 0xff)), 1024)
    await expect(reader.next()).rejects.toMatchObject({ name: 'MalformedError' })
  })

  it('refuses a varint length that never ends', async () => {
    const reader = new FrameReader(chunks(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x80)), 1 << 30)
    await expect(reader.next()).rejects.toMatchObject({ name: 'MalformedError' })
  })

  it('will not encode a frame above the cap', () => {
    expect(() => encodeFrame('x'.repeat(100), 50)).toThrow(expect.objectContaining({ name: 'TooLargeError' }))
    expect(encode('x').length).toBeGreaterThan(0)
  })
})
