/**
 * The discovery cascade (seed Phase C "Discovery cascade", docs/design.md §6): stored address → the peer's
 * anchors (from its cached profile) → mutual contacts → own anchors → the default anchor. No DHT,
 * no flood. The first step that yields a working connection wins and is recorded as `found_via`.
 */
import type { Connection, Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'
import { errorName, UnreachableError } from '../errors.ts'
import { FOUND_VIA, type FoundVia, type NodeId, shortId } from '../model/index.ts'
import { askLocate } from './locate-protocol.ts'
import { type Logger, silentLogger } from './logger.ts'

/** The order in which the cascade tries its steps. */
export const CASCADE_ORDER: readonly FoundVia[] = FOUND_VIA

type MaybePromise<T> = T | Promise<T>

/** What the cascade needs to know about stored peers (backed by the Store in the node). */
export interface PeerBook {
  /** Addresses from previous connections to `id`. */
  storedAddresses(id: NodeId): MaybePromise<readonly string[]>
  /** Anchor multiaddrs listed in `id`'s cached profile. */
  profileAnchors(id: NodeId): MaybePromise<readonly string[]>
  /** Peers likely to know `id` (mutual contacts), to be asked via the locate protocol. */
  mutualContacts(id: NodeId): MaybePromise<readonly NodeId[]>
  /** This node's own anchors (multiaddrs with /p2p/). */
  ownAnchors(): MaybePromise<readonly string[]>
  /** The built-in last-resort anchor, or undefined when disabled in Settings. */
  defaultAnchor(): MaybePromise<string | undefined>
  /** Remembers the address that worked and how it was found. */
  recordFound(id: NodeId, addr: string, foundVia: FoundVia): MaybePromise<void>
}

/** Everything `locatePeer` uses. */
export interface LocateContext {
  libp2p: Pick<Libp2p, 'dial' | 'dialProtocol' | 'getConnections'>
  peerBook: PeerBook
  /**
   * Turns an address learned from an anchor into the addresses to dial, in order; e.g. a browser
   * puts `…/p2p-circuit/webrtc/p2p/<id>` before the plain circuit address (docs/design.md §10).
   */
  dialAddrs?: (addr: string, id: NodeId) => string[]
  logger?: Logger
}

/** A successful lookup. */
export interface Located {
  connection: Connection
  addr: string
  foundVia: FoundVia
}

function withPeer(addr: string, id: NodeId): Multiaddr {
  const ma = multiaddr(addr)
  return ma.getComponents().some((c) => c.name === 'p2p' && c.value === id)
    ? ma
    : ma.encapsulate(`/p2p/${id}`)
}

/** Finds and connects to `id`, trying each cascade step in order; throws UnreachableError after the last. */
export async function locatePeer(id: NodeId, ctx: LocateContext): Promise<Located> {
  const logger = ctx.logger ?? silentLogger
  const asked = new Set<string>()
  const failures: string[] = []
  const expand = ctx.dialAddrs ?? ((addr: string) => [addr])

  const tryDial = async (addrs: readonly string[], via: FoundVia): Promise<Located | undefined> => {
    for (const addr of addrs) {
      try {
        const connection = await ctx.libp2p.dial(withPeer(addr, id))
        await ctx.peerBook.recordFound(id, addr, via)
        logger.info('peer-located', { peer: shortId(id), via })
        return { connection, addr, foundVia: via }
      } catch (err) {
        failures.push(`${via}: dial failed (${errorName(err)})`)
      }
    }
    return undefined
  }

  const askThenDial = async (target: string, via: FoundVia): Promise<Located | undefined> => {
    if (asked.has(target)) return undefined
    asked.add(target)
    try {
      const to = target.startsWith('/') ? multiaddr(target) : peerIdFromString(target)
      const answer = await askLocate(ctx.libp2p, to, id)
      if (!answer.found) return undefined
      return await tryDial(
        answer.addrs.flatMap((a) => expand(a, id)),
        via,
      )
    } catch (err) {
      failures.push(`${via}: ask failed (${errorName(err)})`)
      return undefined
    }
  }

  const found =
    (await tryDial(await ctx.peerBook.storedAddresses(id), 'stored-address')) ??
    (await firstOf(await ctx.peerBook.profileAnchors(id), (a) => askThenDial(a, 'their-anchors'))) ??
    (await firstOf(await ctx.peerBook.mutualContacts(id), (c) => askThenDial(c, 'mutual-contact'))) ??
    (await firstOf(await ctx.peerBook.ownAnchors(), (a) => askThenDial(a, 'own-anchors'))) ??
    (await firstOf(optional(await ctx.peerBook.defaultAnchor()), (a) => askThenDial(a, 'default-anchor')))
  if (found !== undefined) return found
  logger.info('peer-unreachable', { peer: shortId(id), attempts: failures.length })
  throw new UnreachableError(
    `no path to ${shortId(id)}${failures.length > 0 ? `: ${failures.join('; ')}` : ''}`,
  )
}

function optional(value: string | undefined): string[] {
  return value === undefined ? [] : [value]
}

async function firstOf<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R | undefined>,
): Promise<R | undefined> {
  for (const item of items) {
    const result = await fn(item)
    if (result !== undefined) return result
  }
  return undefined
}
