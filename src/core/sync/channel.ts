/**
 * The transport a session runs over, independent of libp2p: a byte stream (`ByteStream`) wrapped
 * into a frame channel that encodes, decodes, counts bytes and applies a read timeout and an
 * overall deadline (a peer that trickles bytes or never drains our writes is cut off, docs/design.md §5).
 */
import type { Uint8ArrayList } from 'uint8arraylist'
import { DistsocError, errorName, SyncAbortedError, SyncTimeoutError } from '../errors.ts'
import { encodeFrame, FrameDecoder } from './codec.ts'
import type { Frame } from './frames.ts'

/** A duplex byte stream; the libp2p adapter and the in-memory pipe implement it. */
export interface ByteStream {
  /** Incoming bytes; ends when the remote closes its writing side. */
  readonly source: AsyncIterable<Uint8Array | Uint8ArrayList>
  /** Sends bytes; resolves when the transport can take more (back-pressure). */
  write(bytes: Uint8Array): Promise<void>
  /** Closes our writing side after queued bytes went out. */
  close(): Promise<void>
  /** Resets the stream: both sides stop at once. */
  abort(err: Error): void
}

/** Timer functions (core has no DOM/Node typings; tests inject fakes). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** The platform's timers. */
export const defaultTimers: Timers = {
  setTimeout: (fn, ms) => (globalThis as unknown as Timers).setTimeout(fn, ms),
  clearTimeout: (handle) => (globalThis as unknown as Timers).clearTimeout(handle),
}

/** Bounds of a FrameChannel. */
export interface ChannelOptions {
  /** Longest wait for the remote's next bytes, ms. */
  timeoutMs: number
  /** Longest life of the whole session, ms (reads and writes alike); none if undefined. */
  deadlineMs?: number
  timers?: Timers
  /** Largest frame body accepted from the prefix. */
  maxFrameBytes?: number
}

/** Frames over a ByteStream, with byte counters. */
export class FrameChannel {
  bytesIn = 0
  bytesOut = 0
  private readonly decoder: FrameDecoder
  private readonly queue: Frame[] = []
  private readonly iterator: AsyncIterator<Uint8Array | Uint8ArrayList>
  private ended = false
  private readonly stream: ByteStream
  private readonly timeoutMs: number
  private readonly timers: Timers
  private readonly deadline: Promise<never> | undefined
  private deadlineHandle: unknown

  constructor(stream: ByteStream, options: ChannelOptions) {
    this.stream = stream
    this.timeoutMs = options.timeoutMs
    this.timers = options.timers ?? defaultTimers
    const { maxFrameBytes, deadlineMs } = options
    this.decoder = new FrameDecoder(maxFrameBytes === undefined ? {} : { maxFrameBytes })
    this.iterator = stream.source[Symbol.asyncIterator]()
    if (deadlineMs !== undefined) {
      this.deadline = new Promise<never>((_, reject) => {
        this.deadlineHandle = this.timers.setTimeout(() => {
          const err = new SyncTimeoutError(`session longer than ${deadlineMs} ms`)
          reject(err)
          stream.abort(err)
        }, deadlineMs)
      })
      this.deadline.catch(() => {})
    }
  }

  /** Encodes and writes one frame. */
  async send(frame: Frame): Promise<void> {
    const bytes = encodeFrame(frame)
    this.bytesOut += bytes.length
    await this.withinDeadline(this.stream.write(bytes))
  }

  /**
   * Encodes `frames` and writes them as one chunk: a burst of posts then costs one muxer frame and
   * one transport message instead of one per post (issue 12).
   */
  async sendMany(frames: readonly Frame[]): Promise<void> {
    if (frames.length === 0) return
    const parts = frames.map(encodeFrame)
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const part of parts) {
      bytes.set(part, at)
      at += part.length
    }
    this.bytesOut += bytes.length
    await this.withinDeadline(this.stream.write(bytes))
  }

  /** Stops the deadline timer (call once the session is over). */
  finish(): void {
    this.timers.clearTimeout(this.deadlineHandle)
  }

  /** Frames already decoded and waiting: a reader can end a batch without waiting on the network. */
  get buffered(): number {
    return this.queue.length
  }

  /** The next frame, or undefined when the remote closed cleanly between frames. */
  async next(): Promise<Frame | undefined> {
    while (this.queue.length === 0) {
      if (this.ended) return undefined
      const chunk = await this.read()
      if (chunk === undefined) {
        this.ended = true
        this.decoder.end()
        return undefined
      }
      this.bytesIn += chunk.byteLength
      this.queue.push(...this.decoder.push(chunk))
    }
    return this.queue.shift()
  }

  /** Closes our side. */
  close(): Promise<void> {
    return this.withinDeadline(this.stream.close())
  }

  /** Resets the stream. */
  abort(err: Error): void {
    this.finish()
    this.stream.abort(err)
  }

  private withinDeadline<T>(op: Promise<T>): Promise<T> {
    return this.deadline === undefined ? op : Promise.race([op, this.deadline])
  }

  private async read(): Promise<Uint8Array | Uint8ArrayList | undefined> {
    let handle: unknown
    const timeout = new Promise<never>((_, reject) => {
      handle = this.timers.setTimeout(
        () => reject(new SyncTimeoutError(`no data for ${this.timeoutMs} ms`)),
        this.timeoutMs,
      )
    })
    try {
      const result = await this.withinDeadline(Promise.race([this.iterator.next(), timeout]))
      return result.done === true ? undefined : result.value
    } catch (err) {
      if (err instanceof DistsocError) throw err
      throw new SyncAbortedError(`stream failed: ${errorName(err)}`)
    } finally {
      this.timers.clearTimeout(handle)
    }
  }
}
