import { describe, expect, it } from 'vitest'
import { type ByteStream, FrameChannel } from './channel.ts'
import { encodeFrame } from './codec.ts'
import type { Frame } from './frames.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'

describe('FrameChannel.sendMany', () => {
  it('writes a burst of frames as one chunk the other side reads frame by frame, in order', async () => {
    const [a, b] = memoryPipe()
    const writes: number[] = []
    const counted: ByteStream = {
      ...a,
      write: (bytes) => {
        writes.push(bytes.length)
        return a.write(bytes)
      },
    }
    const sender = new FrameChannel(counted, { timeoutMs: 1000 })
    const reader = new FrameChannel(b, { timeoutMs: 1000 })
    const frames: Frame[] = [
      { type: 'want', ids: [new Uint8Array(32).fill(1)] },
      { type: 'over' },
      { type: 'done' },
    ]
    await sender.sendMany(frames)
    await sender.sendMany([])
    expect(writes).toEqual([frames.reduce((n, f) => n + encodeFrame(f).length, 0)])
    expect(sender.bytesOut).toBe(writes[0])
    const got = [await reader.next(), await reader.next(), await reader.next()]
    expect(got).toEqual(frames)
    sender.finish()
    reader.finish()
  })
})
