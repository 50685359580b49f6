/**
 * One-frame-each-way exchanges over a fresh stream (the peers and locate protocols). The server
 * reads one capped frame within a deadline, answers, and resets the stream on any bad input,
 * reporting the reason (docs/design.md §9); it never throws out of the handler.
 */
import { type Connection, isPeerId, type Libp2p, type PeerId, type Stream } from '@libp2p/interface'
import { RequestTimeoutError, UnexpectedFrameError } from '../errors.ts'
import type { NodeId } from '../model/index.ts'
import { boundedSource, openStream } from '../sync/index.ts'
import { FrameReader, writeFrame } from './frames.ts'
import { type Logger, silentLogger } from './logger.ts'
import { REQUEST_TIMEOUT_MS, type RejectHook, refuse } from './serve-frames.ts'
import { after } from './timers.ts'

/** How a server handles one parsed request from `from`; returns the reply value. */
export type RequestHandler<Req, Res> = (
  request: Req,
  from: NodeId,
  connection: Connection,
) => Res | Promise<Res>

/** Options shared by the servers of this folder. */
export interface ServeOptions {
  logger?: Logger
  onReject?: RejectHook
  /** Time a peer has to send its request (default 10 s). */
  timeoutMs?: number
  /** Concurrent inbound streams per connection (default 4). */
  maxInboundStreams?: number
}

/** Registers `protocol` on `libp2p`: parse → handle → reply, resetting the stream on bad input. */
export async function serveRequests<Req, Res>(
  libp2p: Pick<Libp2p, 'handle'>,
  protocol: string,
  maxBytes: number,
  parse: (value: unknown) => Req,
  handler: RequestHandler<Req, Res>,
  options: ServeOptions = {},
): Promise<void> {
  const logger = options.logger ?? silentLogger
  await libp2p.handle(
    protocol,
    async (stream: Stream, connection: Connection) => {
      const from = connection.remotePeer.toString() as NodeId
      const cancel = after(options.timeoutMs ?? REQUEST_TIMEOUT_MS, () => {
        refuse(
          stream,
          protocol,
          from,
          new UnexpectedFrameError('request timed out'),
          logger,
          options.onReject,
        )
      })
      try {
        const frame = await new FrameReader(boundedSource(stream), maxBytes).next()
        cancel()
        if (frame === undefined) throw new UnexpectedFrameError('stream ended before the request')
        const reply = await handler(parse(frame), from, connection)
        await writeFrame(stream, reply, maxBytes)
        await stream.close()
      } catch (err) {
        cancel()
        if (stream.status === 'open') refuse(stream, protocol, from, err, logger, options.onReject)
      }
    },
    { runOnLimitedConnection: true, maxInboundStreams: options.maxInboundStreams ?? 4 },
  )
}

/**
 * Opens `protocol` to `peer`, sends `request`, returns the parsed reply. Throws typed errors, and
 * RequestTimeoutError when the whole exchange takes longer than `timeoutMs` (default 10 s).
 */
export async function requestOnce<Res>(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  peer: PeerId | Parameters<Libp2p['dialProtocol']>[0],
  protocol: string,
  request: unknown,
  maxBytes: number,
  parse: (value: unknown) => Res,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): Promise<Res> {
  // The whole exchange, dial included, is bounded: a stalled peer or a dead connection must not
  // hold the caller (e.g. the notice of a post to a recipient who just went offline).
  let stream: Stream | undefined
  let expired: Error | undefined
  let cancel = (): void => {}
  const deadline = new Promise<never>((_, reject) => {
    cancel = after(timeoutMs, () => {
      expired = new RequestTimeoutError(`${protocol}: no answer within ${timeoutMs} ms`)
      stream?.abort(expired)
      reject(expired)
    })
  })
  const exchange = async (): Promise<Res> => {
    // to a known peer, on a connection we hold (also a relayed one); to addresses, by dialling
    const opened = isPeerId(peer)
      ? await openStream(libp2p, peer, protocol)
      : await libp2p.dialProtocol(peer, protocol, { runOnLimitedConnection: true })
    stream = opened
    if (expired !== undefined) {
      opened.abort(expired)
      throw expired
    }
    try {
      await writeFrame(opened, request, maxBytes)
      const frame = await new FrameReader(boundedSource(opened), maxBytes).next()
      if (frame === undefined) throw new UnexpectedFrameError('stream ended before the reply')
      const reply = parse(frame)
      await opened.close()
      return reply
    } catch (err) {
      opened.abort(err instanceof Error ? err : new UnexpectedFrameError(String(err)))
      throw err
    }
  }
  try {
    return await Promise.race([exchange(), deadline])
  } finally {
    cancel()
  }
}
