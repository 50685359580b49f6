/**
 * ICE servers learned from anchors (issue 18): each anchor entry of `bootstrap.json` may name the
 * STUN (and, if its operator runs one, TURN) server beside it. Parsed strictly, because these URLs
 * decide which hosts the browser sends packets to: only `stun:`, `turn:` and `turns:` URLs with a
 * host, at most a few per anchor, and no third-party default ever (docs/design.md §10).
 */
import type { IceServerConfig } from '../api/index.ts'
import { ValidationError } from '../errors.ts'
import { activeAnchors } from './anchors.ts'
import type { NodeContext } from './node-context.ts'

/** The STUN port an anchor serves on unless its operator says otherwise (relay-anchor's default, RFC 5389). */
export const ANCHOR_STUN_PORT = 3478

/** ICE servers kept at most, all anchors together (each one costs ICE gathering time). */
export const MAX_ICE_SERVERS = 8
const MAX_FIELD = 256
const ICE_URL = /^(stun|turns?):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/

function checkUrl(url: unknown, where: string): string {
  if (typeof url !== 'string' || url.length > MAX_FIELD || !ICE_URL.test(url)) {
    throw new ValidationError(`${where}: expected a stun:, turn: or turns: URL with a host`)
  }
  const port = /:(\d{1,5})(\?|$)/.exec(url.replace(/^\w+:/, ''))?.[1]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new ValidationError(`${where}: port out of range`)
  }
  return url
}

function optionalText(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.length > MAX_FIELD) {
    throw new ValidationError(`${where}: must be a string of at most ${MAX_FIELD} characters`)
  }
  return value
}

/** Validates one anchor entry's `ice` list; throws ValidationError naming the field. */
export function parseAnchorIce(value: unknown, where: string): IceServerConfig[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > MAX_ICE_SERVERS) {
    throw new ValidationError(`${where}: must be an array of at most ${MAX_ICE_SERVERS}`)
  }
  return value.map((entry, i) => {
    const at = `${where}[${i}]`
    if (typeof entry !== 'object' || entry === null) throw new ValidationError(`${at}: must be an object`)
    const e = entry as Record<string, unknown>
    const urls = checkUrl(e.urls, `${at}.urls`)
    const username = optionalText(e.username, `${at}.username`)
    const credential = optionalText(e.credential, `${at}.credential`)
    if (urls.startsWith('turn') && (username === undefined || credential === undefined)) {
      throw new ValidationError(`${at}: a TURN server needs a username and a credential`)
    }
    const server: IceServerConfig = { urls }
    if (username !== undefined) server.username = username
    if (credential !== undefined) server.credential = credential
    return server
  })
}

/** Merges the anchors' ICE lists: duplicates dropped, first ones kept, at most `cap`. */
export function mergeIceServers(
  lists: ReadonlyArray<readonly IceServerConfig[]>,
  cap = MAX_ICE_SERVERS,
): IceServerConfig[] {
  const seen = new Set<string>()
  const out: IceServerConfig[] = []
  for (const server of lists.flat()) {
    const key = `${String(server.urls)} ${server.username ?? ''}`
    if (seen.has(key) || out.length >= cap) continue
    seen.add(key)
    out.push(server)
  }
  return out
}

/**
 * The STUN server of an anchor the user added by hand, which names no ICE servers: the anchor's
 * own host on the default STUN port. It is the operator the user chose; if nothing answers there,
 * ICE only lacks a server-reflexive candidate (and does not wait for it).
 */
export function anchorStunGuess(addr: string): IceServerConfig | undefined {
  const m = /^\/(ip4|ip6|dns4|dns6|dns)\/([^/]+)\//.exec(addr)
  if (m === null) return undefined
  const host = m[1] === 'ip6' ? `[${m[2]}]` : m[2]!
  return { urls: `stun:${host}:${ANCHOR_STUN_PORT}` }
}

/**
 * The WebRTC ICE servers of this node right now (issue 18): for each enabled anchor, what
 * bootstrap.json says its operator runs beside it; for anchors it does not describe, the anchor's
 * own STUN port. Disabled anchors contribute nothing; no third-party server, ever.
 */
export function iceServersFor(ctx: NodeContext): IceServerConfig[] {
  const { anchors, defaultAnchor } = ctx.bootstrap
  const described = new Set(defaultAnchor === undefined ? anchors : [...anchors, defaultAnchor])
  return mergeIceServers(
    activeAnchors(ctx).map((addr) => {
      if (described.has(addr)) return ctx.bootstrap.ice?.[addr] ?? []
      const guess = anchorStunGuess(addr)
      return guess === undefined ? [] : [guess]
    }),
  )
}
