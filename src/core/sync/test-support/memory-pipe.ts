/** Two connected in-memory ByteStreams (tests, bench): what one writes, the other reads. */
import { SyncAbortedError } from '../../errors.ts'
import type { ByteStream } from '../channel.ts'

class Inbox implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = []
  private closed = false
  private error: Error | undefined
  private wake: (() => void) | undefined

  push(chunk: Uint8Array): void {
    if (this.closed || this.error !== undefined) return
    this.chunks.push(chunk)
    this.wake?.()
  }

  end(err?: Error): void {
    if (err !== undefined && this.error === undefined && !this.closed) this.error = err
    this.closed = true
    this.wake?.()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift()
      if (chunk !== undefined) {
        yield chunk
        continue
      }
      if (this.error !== undefined) throw this.error
      if (this.closed) return
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
      this.wake = undefined
    }
  }
}

/** Options of a pipe: `rechunk` splits every write (to test chunk boundaries). */
export interface PipeOptions {
  rechunk?: (bytes: Uint8Array) => Uint8Array[]
}

/** A connected pair `[a, b]`. */
export function memoryPipe(options: PipeOptions = {}): [ByteStream, ByteStream] {
  const inboxes = [new Inbox(), new Inbox()] as const
  const make = (mine: Inbox, theirs: Inbox): ByteStream => ({
    source: mine,
    async write(bytes) {
      for (const part of options.rechunk?.(bytes) ?? [bytes]) theirs.push(part.slice())
      await Promise.resolve()
    },
    async close() {
      theirs.end()
    },
    abort(err) {
      mine.end(err)
      theirs.end(new SyncAbortedError(`remote reset: ${err.name}`))
    },
  })
  return [make(inboxes[0], inboxes[1]), make(inboxes[1], inboxes[0])]
}
