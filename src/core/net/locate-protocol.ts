/**
 * `/distsoc/locate/1.0.0` (seed Phase C "Discovery cascade"): ask a node "has NodeId X checked in
 * recently? at which circuit address?". Anchors answer from their recent-connection cache.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { MalformedError, RateLimitedError } from '../errors.ts'
import type { Millis, NodeId } from '../model/index.ts'
import { RequestBudget } from './request-budget.ts'
import { requestOnce, type ServeOptions, serveRequests } from './request-response.ts'
import { checkArray, checkCount, checkMultiaddr, checkNodeId, isRecord } from './wire-checks.ts'

/** Protocol id of the locate query. */
export const LOCATE_PROTOCOL = '/distsoc/locate/1.0.0'
/** Largest locate frame (a request is ~70 bytes; an answer a few addresses). */
export const LOCATE_FRAME_BYTES = 4 * 1024
const MAX_ANSWER_ADDRS = 8

/** The question. */
export interface LocateRequest {
  v: 1
  id: NodeId
}

/** The answer: found with addresses and when it was last seen, or not found. */
export type LocateAnswer = { v: 1; found: true; addrs: string[]; last_seen: Millis } | { v: 1; found: false }

/** Validates a decoded request frame. */
export function parseLocateRequest(value: unknown): LocateRequest {
  if (!isRecord(value) || value['v'] !== 1) throw new MalformedError('locate request: wrong shape')
  return { v: 1, id: checkNodeId(value['id'], 'id') }
}

/** Validates a decoded answer frame. */
export function parseLocateAnswer(value: unknown): LocateAnswer {
  if (!isRecord(value) || value['v'] !== 1) throw new MalformedError('locate answer: wrong shape')
  if (value['found'] === false) return { v: 1, found: false }
  if (value['found'] !== true) throw new MalformedError('locate answer: found must be a boolean')
  return {
    v: 1,
    found: true,
    addrs: checkArray(value['addrs'], 'addrs', MAX_ANSWER_ADDRS, checkMultiaddr),
    last_seen: checkCount(value['last_seen'], 'last_seen'),
  }
}

/** What a locate server consults: circuit addresses and last-seen time for a NodeId, if recent. */
export type LocateLookup = (
  id: NodeId,
) =>
  | { addrs: readonly string[]; lastSeen: Millis }
  | undefined
  | Promise<{ addrs: readonly string[]; lastSeen: Millis } | undefined>

/** Options of a locate server: a per-requester budget (default a burst of 8, one more every 2 s). */
export interface LocateServeOptions extends ServeOptions {
  budget?: RequestBudget
}

/**
 * Answers locate queries on `libp2p` from `lookup`, one NodeId per query; a requester past its
 * budget gets its stream reset with RateLimitedError (docs/design.md §6: not a crawlable directory).
 */
export async function registerLocateProtocol(
  libp2p: Pick<Libp2p, 'handle'>,
  lookup: LocateLookup,
  options: LocateServeOptions = {},
): Promise<void> {
  const budget = options.budget ?? new RequestBudget()
  await serveRequests(
    libp2p,
    LOCATE_PROTOCOL,
    LOCATE_FRAME_BYTES,
    parseLocateRequest,
    async (request, from): Promise<LocateAnswer> => {
      if (!budget.take(from)) throw new RateLimitedError('too many locate queries')
      const hit = await lookup(request.id)
      if (hit === undefined || hit.addrs.length === 0) return { v: 1, found: false }
      return { v: 1, found: true, addrs: hit.addrs.slice(0, MAX_ANSWER_ADDRS), last_seen: hit.lastSeen }
    },
    options,
  )
}

/** Asks `target` (a peer or an address) where `id` is. Throws on a failed dial or a bad answer. */
export async function askLocate(
  libp2p: Pick<Libp2p, 'dialProtocol' | 'getConnections'>,
  target: PeerId | Multiaddr | Multiaddr[],
  id: NodeId,
): Promise<LocateAnswer> {
  const request: LocateRequest = { v: 1, id }
  return requestOnce(libp2p, target, LOCATE_PROTOCOL, request, LOCATE_FRAME_BYTES, parseLocateAnswer)
}
