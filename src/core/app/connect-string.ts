/**
 * Connect strings (issue 5, People): a NodeId plus the anchors where that user checks in, so a new
 * contact is reachable before their profile has synced. Format:
 * `distsoc:<NodeId>?anchor=<urlencoded multiaddr>&anchor=…` (at most LIMITS.profileAnchors anchors).
 * A bare NodeId is accepted too.
 */
import { ValidationError } from '../errors.ts'
import { LIMITS, type NodeId, parseNodeId } from '../model/index.ts'

const SCHEME = 'distsoc:'
const MAX_CHARS = 4096

/** What a connect string names. */
export interface ConnectTarget {
  nodeId: NodeId
  anchors: string[]
}

/** Builds the connect string for `nodeId` reachable via `anchors`. */
export function formatConnectString(nodeId: NodeId, anchors: readonly string[]): string {
  const query = anchors
    .slice(0, LIMITS.profileAnchors)
    .map((a) => `anchor=${encodeURIComponent(a)}`)
    .join('&')
  return query === '' ? `${SCHEME}${nodeId}` : `${SCHEME}${nodeId}?${query}`
}

/**
 * Parses a connect string or a bare NodeId. Throws ValidationError for anything else and
 * InvalidNodeIdError when the id part is not an Ed25519 PeerId.
 */
export function parseConnectString(input: unknown): ConnectTarget {
  if (typeof input !== 'string') throw new ValidationError('target must be a string')
  const text = input.trim()
  if (text === '') throw new ValidationError('target is empty: paste a NodeId or a connect string')
  if (text.length > MAX_CHARS) throw new ValidationError('target is too long to be a connect string')
  if (!text.startsWith(SCHEME)) return { nodeId: parseNodeId(text), anchors: [] }

  const rest = text.slice(SCHEME.length)
  const queryStart = rest.indexOf('?')
  const idPart = queryStart === -1 ? rest : rest.slice(0, queryStart)
  const nodeId = parseNodeId(idPart)
  const anchors: string[] = []
  if (queryStart !== -1) {
    for (const pair of rest.slice(queryStart + 1).split('&')) {
      if (pair === '') continue
      const [key, value] = pair.split('=', 2)
      if (key !== 'anchor' || value === undefined || value === '') {
        throw new ValidationError(`connect string has an unknown part: ${pair.slice(0, 40)}`)
      }
      let addr: string
      try {
        addr = decodeURIComponent(value)
      } catch {
        throw new ValidationError('connect string has a badly encoded anchor address')
      }
      if (!addr.startsWith('/') || addr.length > 256) {
        throw new ValidationError('connect string anchor is not a multiaddr')
      }
      anchors.push(addr)
    }
  }
  if (anchors.length > LIMITS.profileAnchors) {
    throw new ValidationError(`connect string lists more than ${LIMITS.profileAnchors} anchors`)
  }
  return { nodeId, anchors }
}
