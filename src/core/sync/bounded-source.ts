/**
 * A stream's incoming bytes as an async iterable that holds at most `maxBuffered` bytes the reader
 * has not taken (issue 11). libp2p's own iterator queues every message it is handed without limit,
 * and yamux grants the sender more window as messages are handed over, so a peer that writes
 * faster than the reader reads (a node verifying and storing a batch) could fill its memory. Past
 * the bound the stream is paused: yamux stops granting window, and libp2p keeps what the sender
 * may still send (at most the 2 MiB window, YAMUX_INIT) in its 4 MiB read buffer; a sender that
 * exceeds it is reset (StreamBufferError).
 */
import type { Stream } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'

/** Default bound, 1 MiB: about four of the largest sync frames (LIMITS.blobFrameBytes, 260 KiB). */
export const DEFAULT_MAX_BUFFERED_BYTES = 1 << 20

type Chunk = Uint8Array | Uint8ArrayList

/** `stream`'s data, read with back-pressure; ends when the remote closes writing, throws on a reset. */
export function boundedSource(
  stream: Stream,
  maxBuffered: number = DEFAULT_MAX_BUFFERED_BYTES,
): AsyncIterable<Chunk> {
  return {
    [Symbol.asyncIterator]() {
      const queue: Chunk[] = []
      let buffered = 0
      let ended = false
      let failure: Error | undefined
      let wake: (() => void) | undefined
      const notify = (): void => {
        wake?.()
        wake = undefined
      }
      const onMessage = (event: { data: Chunk }): void => {
        queue.push(event.data)
        buffered += event.data.byteLength
        if (buffered > maxBuffered && stream.readStatus === 'readable') stream.pause()
        notify()
      }
      const onClose = (event: { error?: Error }): void => {
        failure ??= event.error
        onEnd()
      }
      const onEnd = (): void => {
        ended = true
        notify()
      }
      const detach = (): void => {
        stream.removeEventListener('message', onMessage)
        stream.removeEventListener('close', onClose)
        stream.removeEventListener('remoteCloseWrite', onEnd)
      }
      if (stream.readStatus !== 'readable' && stream.readStatus !== 'paused') ended = true
      else {
        stream.addEventListener('message', onMessage)
        stream.addEventListener('close', onClose)
        stream.addEventListener('remoteCloseWrite', onEnd)
      }
      return {
        async next(): Promise<IteratorResult<Chunk>> {
          for (;;) {
            const chunk = queue.shift()
            if (chunk !== undefined) {
              buffered -= chunk.byteLength
              if (buffered <= maxBuffered / 2 && stream.readStatus === 'paused') stream.resume()
              return { value: chunk, done: false }
            }
            if (ended) {
              detach()
              if (failure !== undefined) throw failure
              return { value: undefined, done: true }
            }
            await new Promise<void>((resolve) => {
              wake = resolve
            })
          }
        },
        async return(): Promise<IteratorResult<Chunk>> {
          detach()
          return { value: undefined, done: true }
        },
      }
    },
  }
}
