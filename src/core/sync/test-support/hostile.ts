/** Hostile material for sync tests: floods from throwaway authors, poisoned tombstones, raw scripts. */
import type { NodeId } from '../../model/types.ts'
import type { ByteStream } from '../channel.ts'
import { encodeFrame, FrameDecoder } from '../codec.ts'
import type { Frame } from '../frames.ts'
import { generateIdentity, type MadePost, makePost } from './fixtures.ts'

/** `count` encrypted posts of about `bytes` each, each by a fresh throwaway author, to `victim`. */
export async function floodFromThrowaways(
  victim: NodeId,
  count: number,
  created_at: number,
  bytes = 4000,
): Promise<MadePost[]> {
  const out: MadePost[] = []
  for (let i = 0; i < count; i++) {
    const stranger = generateIdentity()
    out.push(await makePost(stranger, created_at + i, { recipients: [victim], content: 'x'.repeat(bytes) }))
  }
  return out
}

/** The far end of a pipe driven by hand: read whole frames, write frames. */
export interface ScriptedPeer {
  /** The next frame, or undefined at the end of the stream. */
  next(): Promise<Frame | undefined>
  /** Frames up to and including the next `over` (or the end). */
  turn(): Promise<Frame[]>
  send(...frames: Frame[]): Promise<void>
  close(): Promise<void>
}

/** Wraps one end of a memory pipe for a hand-written hostile script. */
export function scripted(stream: ByteStream): ScriptedPeer {
  const decoder = new FrameDecoder()
  const queue: Frame[] = []
  const source = stream.source[Symbol.asyncIterator]()
  const next = async (): Promise<Frame | undefined> => {
    while (queue.length === 0) {
      const { done, value } = await source.next()
      if (done === true) return undefined
      queue.push(...decoder.push(value))
    }
    return queue.shift()
  }
  return {
    next,
    async turn() {
      const frames: Frame[] = []
      for (;;) {
        const f = await next()
        if (f === undefined) return frames
        frames.push(f)
        if (f.type === 'over') return frames
      }
    },
    async send(...frames) {
      for (const f of frames) await stream.write(encodeFrame(f))
    },
    close: () => stream.close(),
  }
}
