/**
 * `bootstrap.json` (seed Phase B; format in relay-anchor/README.md): the anchors a new node starts
 * from, the default anchor always last. Parsed strictly; a bad document yields no anchors rather
 * than a crash, and the node still starts (offline until the user adds an anchor).
 */
import type { IceServerConfig } from '../api/index.ts'
import { ValidationError } from '../errors.ts'
import { MAX_ICE_SERVERS, mergeIceServers, parseAnchorIce } from './anchor-ice.ts'
import { checkAnchorAddr } from './anchors.ts'
import type { BootstrapConfig } from './node-context.ts'

const MAX_ANCHORS = 16

/** Parses a bootstrap document; throws ValidationError naming what is wrong. */
export function parseBootstrap(value: unknown): BootstrapConfig {
  if (typeof value !== 'object' || value === null) throw new ValidationError('bootstrap: must be an object')
  const doc = value as { anchors?: unknown; default?: unknown }
  if (!Array.isArray(doc.anchors) || doc.anchors.length > MAX_ANCHORS) {
    throw new ValidationError(`bootstrap.anchors: must be an array of at most ${MAX_ANCHORS}`)
  }
  const anchors: string[] = []
  let defaultAnchor: string | undefined
  const ice: Record<string, IceServerConfig[]> = {}
  for (const [i, entry] of doc.anchors.entries()) {
    const addr = (entry as { addr?: unknown } | null)?.addr
    if (typeof addr !== 'string') throw new ValidationError(`bootstrap.anchors[${i}].addr: must be a string`)
    const clean = checkAnchorAddr(addr)
    const servers = parseAnchorIce((entry as { ice?: unknown }).ice, `bootstrap.anchors[${i}].ice`)
    if (servers.length > 0) ice[clean] = servers
    if ((entry as { default?: unknown }).default === true) defaultAnchor = clean
    else anchors.push(clean)
  }
  const fallback = (doc.default as { addr?: unknown } | undefined)?.addr
  if (typeof fallback === 'string') defaultAnchor = checkAnchorAddr(fallback)
  const config: BootstrapConfig = { anchors }
  if (defaultAnchor !== undefined) config.defaultAnchor = defaultAnchor
  if (mergeIceServers(Object.values(ice), Number.POSITIVE_INFINITY).length > MAX_ICE_SERVERS) {
    throw new ValidationError(`bootstrap.anchors[].ice: at most ${MAX_ICE_SERVERS} distinct servers in all`)
  }
  if (Object.keys(ice).length > 0) config.ice = ice
  return config
}
