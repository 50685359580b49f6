/** The post feeds (seed Phase E; docs/design.md §8): home, own posts, custom filters and one DM thread. */
import type { CustomFeed } from '../api/index.ts'
import type { NodeId } from '../model/index.ts'
import { checkFeedFilter, checkNodeId, checkObject, type SqlParam, type Store } from '../storage/index.ts'
import { checkPage, escapeLike, type FeedRows, feedPage, type PageOptions } from './feed-page.ts'

/** Home: posts by `self` and by everyone followed, newest first, without direct messages. */
export function homeFeed(store: Store, options: PageOptions & { self: NodeId }): FeedRows {
  checkPage(options, 'options')
  checkNodeId(options.self, 'options.self')
  return feedPage(
    store,
    // Unary `+` keeps SQLite off the author index (an OR over every followed author, then a sort of
    // all their posts); walking posts_by_time newest first stops after one page.
    ['p.dm_peer IS NULL', '(+p.author = ? OR +p.author IN (SELECT node_id FROM follows))'],
    [options.self],
    options,
  )
}

/** My Posts: posts by `self`, newest first, without direct messages. */
export function myPosts(store: Store, options: PageOptions & { self: NodeId }): FeedRows {
  checkPage(options, 'options')
  checkNodeId(options.self, 'options.self')
  return feedPage(store, ['p.author = ?', 'p.dm_peer IS NULL'], [options.self], options)
}

/**
 * A custom feed (docs/design.md §8), evaluated locally over every stored post except direct messages.
 * Each field narrows: `circle` = authors in that circle (none if it does not exist), `authors` =
 * these authors (an empty list matches nothing), `text` = case-insensitive substring of the
 * readable text (`%` and `_` match literally), `with_media` = has attachments (or has none).
 */
export function customFeed(
  store: Store,
  options: PageOptions & { filter: Omit<CustomFeed, 'id' | 'name'> },
): FeedRows {
  checkPage(options, 'options')
  checkObject(options.filter, 'options.filter')
  const filter = checkFeedFilter(options.filter, 'options.filter')
  const where = ['p.dm_peer IS NULL']
  const params: SqlParam[] = []
  if (filter.circle !== undefined) {
    where.push('p.author IN (SELECT node_id FROM circle_members WHERE circle = ?)')
    params.push(filter.circle)
  }
  if (filter.authors !== undefined) {
    where.push(`p.author IN (${filter.authors.map(() => '?').join(', ') || 'NULL'})`)
    params.push(...filter.authors)
  }
  if (filter.text !== undefined && filter.text.length > 0) {
    where.push("p.search_text LIKE ? ESCAPE '\\'")
    params.push(`%${escapeLike(filter.text.toLowerCase())}%`)
  }
  if (filter.with_media !== undefined) {
    where.push('p.has_media = ?')
    params.push(filter.with_media ? 1 : 0)
  }
  return feedPage(store, where, params, options)
}

/** One DM conversation with `peer` (both directions), newest first. */
export function dmThread(store: Store, options: PageOptions & { peer: NodeId }): FeedRows {
  checkPage(options, 'options')
  checkNodeId(options.peer, 'options.peer')
  return feedPage(store, ['p.dm_peer = ?'], [options.peer], options)
}
