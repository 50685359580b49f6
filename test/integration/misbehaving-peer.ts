/**
 * A misbehaving distsoc peer for bad-input tests (docs/design.md §9): a real libp2p node built with the
 * project's own assembly that speaks `/distsoc/sync/1.0.0` badly on purpose. It answers pulls
 * (an anchor's check-in, a browser's pull) with a scripted session, and can open sessions that
 * send raw bytes. Every session reports how it ended: the error frame the honest side sent
 * before resetting, and whether the stream was reset.
 */
import type { Stream } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { encode } from 'cborg'
import type { Uint8ArrayList } from 'uint8arraylist'
import { generateIdentity, type Identity, libp2pPrivateKey } from '../../src/core/model/index.ts'
import type { NodeId } from '../../src/core/model/types.ts'
import { createDistsocLibp2p, type DistsocLibp2p } from '../../src/core/net/index.ts'
import {
  encodeFrame,
  type Frame,
  FrameDecoder,
  nodeIdFromKey,
  SYNC_PROTOCOL,
} from '../../src/core/sync/index.ts'

/** How a session with an honest peer ended. */
export interface SessionOutcome {
  /** Frames the honest peer sent (its `error` frame names what it rejected). */
  received: Frame[]
  /** The `name` of the honest peer's error frame, if it sent one. */
  errorName: string | undefined
  /** True if the stream was reset (aborted) rather than closed cleanly. */
  reset: boolean
  /** Authors the honest requester asked for (pull sessions only). */
  wants: NodeId[]
}

/** What a pull script gets: frames of the honest requester and a raw writer. */
export interface ScriptChannel {
  /** Authors the requester's hello asked for. */
  wants: NodeId[]
  /** The next frame from the requester, or undefined at its end. Throws on reset. */
  next(): Promise<Frame | undefined>
  /** Writes raw bytes (use `frame()` / `rawFrame()` to build them). */
  write(bytes: Uint8Array): Promise<void>
}

/** A scripted answer to one pull. */
export type PullScript = (channel: ScriptChannel) => Promise<void>

/** One frame on the wire (no size check, so oversize frames can be built). */
export function rawFrame(body: Uint8Array): Uint8Array {
  const prefix: number[] = []
  let v = body.length
  while (v >= 0x80) {
    prefix.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  prefix.push(v)
  const out = new Uint8Array(prefix.length + body.length)
  out.set(prefix)
  out.set(body, prefix.length)
  return out
}

/** A frame of any shape (unknown types too), CBOR-encoded like the real codec does. */
export function anyFrame(value: Record<string, unknown>): Uint8Array {
  return rawFrame(encode(value, { ignoreUndefinedProperties: true }))
}

/** A well-formed frame through the project's codec. */
export function frame(f: Frame): Uint8Array {
  return encodeFrame(f)
}

/** A misbehaving peer on the network. */
export interface MisbehavingPeer {
  identity: Identity
  nodeId: NodeId
  libp2p: DistsocLibp2p
  /**
   * Sets the answer to the next pulls (of `from` only, if given; others get an empty turn) and
   * resolves with the outcome of the first one.
   */
  answerPulls(script: PullScript, from?: NodeId): Promise<SessionOutcome>
  /** Dials `addr` (connection only; an anchor then checks in and pulls). */
  dial(addr: string): Promise<void>
  /** Opens a sync session to `addr` (a multiaddr with /p2p/) and writes `chunks`; reports how it ended. */
  sendRaw(addr: string, chunks: Uint8Array[]): Promise<SessionOutcome>
  stop(): Promise<void>
}

async function drain(
  source: AsyncIterator<Uint8Array | Uint8ArrayList>,
  decoder: FrameDecoder,
  received: Frame[],
): Promise<boolean> {
  try {
    for (;;) {
      const { done, value } = await source.next()
      if (done) return false
      try {
        received.push(...decoder.push(value))
      } catch {
        // the honest side never sends bad frames; ignore a torn tail
      }
    }
  } catch {
    return true
  }
}

function outcomeOf(received: Frame[], reset: boolean, wants: NodeId[]): SessionOutcome {
  const error = received.find((f): f is Extract<Frame, { type: 'error' }> => f.type === 'error')
  return { received, errorName: error?.name, reset, wants }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)
    p.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

async function runPull(stream: Stream, script: PullScript): Promise<SessionOutcome> {
  const source = stream[Symbol.asyncIterator]()
  const decoder = new FrameDecoder()
  const received: Frame[] = []
  const queue: Frame[] = []
  let reset = false
  const next = async (): Promise<Frame | undefined> => {
    while (queue.length === 0) {
      const { done, value } = await source.next()
      if (done) return undefined
      const frames = decoder.push(value)
      received.push(...frames)
      queue.push(...frames)
    }
    return queue.shift()
  }
  let wants: NodeId[] = []
  try {
    const hello = await next()
    if (hello?.type === 'hello') wants = hello.wants.map(([key]) => nodeIdFromKey(key))
    await script({
      wants,
      next,
      write: async (bytes) => {
        if (!stream.send(bytes)) await stream.onDrain()
      },
    })
    reset = await drain(source, decoder, received)
    if (!reset) await stream.close().catch(() => {})
  } catch {
    reset = true
  }
  return outcomeOf(received, reset, wants)
}

/**
 * Starts a misbehaving peer (fresh identity unless given) that serves pulls with its script;
 * with `listen` (e.g. `/ip4/127.0.0.1/tcp/0/ws`) others can dial it, as they would an anchor.
 */
export async function startMisbehavingPeer(
  options: { identity?: Identity; listen?: string[] } = {},
): Promise<MisbehavingPeer> {
  const identity = options.identity ?? generateIdentity()
  const libp2p = await createDistsocLibp2p({
    privateKey: libp2pPrivateKey(identity),
    transports: [webSockets()],
    listen: options.listen ?? [],
  })
  const emptyTurn: PullScript = async (ch) => {
    await ch.write(frame({ type: 'over' }))
  }
  let script = emptyTurn
  let scriptFor: string | undefined
  let waiting: ((outcome: SessionOutcome) => void) | undefined
  await libp2p.handle(
    SYNC_PROTOCOL,
    async (stream, connection) => {
      if (scriptFor !== undefined && connection.remotePeer.toString() !== scriptFor) {
        await runPull(stream, emptyTurn)
        return
      }
      const outcome = await runPull(stream, script)
      const w = waiting
      waiting = undefined
      w?.(outcome)
    },
    { runOnLimitedConnection: true },
  )
  return {
    identity,
    nodeId: identity.nodeId,
    libp2p,
    answerPulls(next, from) {
      script = next
      scriptFor = from
      return withTimeout(
        new Promise<SessionOutcome>((resolve) => {
          waiting = resolve
        }),
        20_000,
        'a pull by the honest peer',
      )
    },
    async dial(addr) {
      await libp2p.dial(multiaddr(addr))
    },
    async sendRaw(addr, chunks) {
      const stream = await libp2p.dialProtocol(multiaddr(addr), SYNC_PROTOCOL, {
        runOnLimitedConnection: true,
      })
      const decoder = new FrameDecoder()
      const received: Frame[] = []
      const source = stream[Symbol.asyncIterator]()
      const reading = drain(source, decoder, received)
      try {
        for (const chunk of chunks) if (!stream.send(chunk)) await stream.onDrain()
      } catch {
        // the honest side reset while we were still writing
      }
      const reset = await withTimeout(reading, 20_000, 'the honest side to end the session')
      if (!reset) await stream.close().catch(() => {})
      return outcomeOf(received, reset, [])
    },
    async stop() {
      await libp2p.stop()
    },
  }
}
