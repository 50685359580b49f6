/**
 * The home feed's first page, asked for the moment the tab reaches the node (issue 12: first feed
 * paint ≤ 1 s). The worker answers `feed.page` as soon as its storage and the identity are loaded,
 * before "ready" — so the page is there while this tab still loads its components and the shell.
 * The feed view takes it once; a prefetch that failed (no identity yet, storage not opened) or
 * that an event may have made stale is never used: the view then asks the node again.
 */
import type { FeedPage, NodeEvent, RpcParams } from '../../core/api/index.ts'
import type { RpcClient } from './node-client.ts'

/** How many posts the first page holds (the feed view's page size). */
export const FIRST_PAGE_LIMIT = 50

/** Events after which a page read earlier may be wrong; every other event leaves it as it is. */
const HARMLESS: ReadonlySet<NodeEvent['type']> = new Set([
  'status',
  'network.changed',
  'sync.progress',
  'anchors.changed',
  'messages.changed',
])

interface Prefetch {
  page: Promise<FeedPage>
  stale: boolean
  stop: () => void
}

const prefetches = new WeakMap<RpcClient, Prefetch>()

/** Asks `client`'s node for the first page of the home feed now (once per client). */
export function prefetchFirstPage(client: RpcClient): void {
  if (prefetches.has(client)) return
  const page = client.call('feed.page', { query: { type: 'home' }, limit: FIRST_PAGE_LIMIT })
  page.catch(() => {})
  const prefetch: Prefetch = { page, stale: false, stop: () => {} }
  prefetch.stop = client.on((e) => {
    if (HARMLESS.has(e.type)) return
    prefetch.stale = true
    prefetch.stop()
  })
  prefetches.set(client, prefetch)
}

/**
 * The prefetched page if `params` ask for exactly it (home, no cursor, `FIRST_PAGE_LIMIT`) and it
 * is still good, taken once; a failed prefetch falls back to asking again. Undefined otherwise.
 */
export function takeFirstPage(
  client: RpcClient,
  params: RpcParams<'feed.page'>,
): Promise<FeedPage> | undefined {
  const prefetch = prefetches.get(client)
  if (prefetch === undefined || prefetch.stale) return undefined
  if (params.query.type !== 'home' || params.before !== undefined || params.limit !== FIRST_PAGE_LIMIT)
    return undefined
  prefetch.stale = true
  prefetch.stop()
  return prefetch.page.catch(() => client.call('feed.page', params))
}
