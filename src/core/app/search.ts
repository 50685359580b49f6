/**
 * The search box (issue 16): one query over the posts this node holds (FTS4 index, see
 * storage/schema-search.ts), the people it knows by name, and direct messages (their text is
 * stored sealed, app/local-text.ts, so it is opened and matched when the user searches, never indexed). Muted and blocked people are left out.
 * Highlighting comes back as text parts, never as markup, so nothing a peer wrote becomes HTML.
 */
import type { PersonView, PostView, SearchResults, TextPart } from '../api/index.ts'
import type { Identity, NodeId, PostId } from '../model/index.ts'
import { indexPendingSearch } from '../storage/index.ts'
import { openLocalText } from './local-text.ts'
import { blockedIds, hiddenAuthors } from './moderation.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { personView } from './people.ts'
import { toPostView } from './post-view.ts'

/** At most this many words of a query are used. */
export const MAX_QUERY_TERMS = 8
/** Characters of context shown around a hit in a message. */
const CONTEXT_CHARS = 40
const START = '\u0002'
const END = '\u0003'

/** The words of a query: letters and digits only, so no FTS syntax gets through. */
export function queryTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return [...new Set(words)].slice(0, MAX_QUERY_TERMS)
}

/** An FTS4 MATCH expression: every term as a quoted prefix, all required. */
export function matchExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t}*"`).join(' ')
}

/** Splits an FTS `snippet()` marked with START/END into text parts. */
export function partsFromSnippet(snippet: string): TextPart[] {
  const parts: TextPart[] = []
  for (const [i, piece] of snippet.split(START).entries()) {
    if (i === 0) {
      if (piece !== '') parts.push({ text: piece, hit: false })
      continue
    }
    const [hit = '', rest = ''] = piece.split(END, 2)
    if (hit !== '') parts.push({ text: hit, hit: true })
    if (rest !== '') parts.push({ text: rest, hit: false })
  }
  return parts
}

/** Marks every case-insensitive occurrence of a term's prefix in `text`, around the first hit. */
export function highlight(text: string, terms: readonly string[]): TextPart[] {
  const lower = text.toLowerCase()
  const first = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0), text.length)
  const from = Math.max(0, first - CONTEXT_CHARS)
  const to = Math.min(text.length, first + CONTEXT_CHARS * 3)
  const excerpt = text.slice(from, to)
  const low = excerpt.toLowerCase()
  const marks = new Array<boolean>(excerpt.length).fill(false)
  for (const t of terms) {
    for (let at = low.indexOf(t); at >= 0; at = low.indexOf(t, at + t.length)) {
      for (let i = at; i < at + t.length; i++) marks[i] = true
    }
  }
  const parts: TextPart[] = []
  for (let i = 0; i < excerpt.length; i++) {
    const last = parts[parts.length - 1]
    if (last !== undefined && last.hit === marks[i]) last.text += excerpt[i]
    else parts.push({ text: excerpt[i]!, hit: marks[i]! })
  }
  if (from > 0) parts.unshift({ text: '…', hit: false })
  if (to < text.length) parts.push({ text: '…', hit: false })
  return parts
}

function postView(ctx: NodeContext, id: PostId, self: Identity): PostView | undefined {
  const stored = ctx.store.getPost(id)
  if (stored === undefined) return undefined
  return toPostView(
    stored,
    self,
    ctx.store.getProfile(stored.signed.post.author)?.record.display_name ?? null,
    ctx.store,
  )
}

/** Runs one search; `limit` caps each of the three kinds. An empty query finds nothing. */
export function search(ctx: NodeContext, text: string, limit: number): SearchResults {
  const identity = requireIdentity(ctx)
  const self = identity.nodeId
  const terms = queryTerms(text)
  if (terms.length === 0) return { posts: [], people: [], messages: [] }
  const hidden = JSON.stringify(hiddenAuthors(ctx))
  // Posts stored since the last sync ended are not in the index yet (schema-search.ts).
  indexPendingSearch(ctx.store.db)
  const blocked = JSON.stringify(blockedIds(ctx))

  const postRows = ctx.store.db.all<{ id: PostId; snip: string }>(
    `SELECT s.post_id AS id, snippet(post_search, '${START}', '${END}', '…', 1, 12) AS snip ` +
      'FROM post_search s JOIN posts p ON p.id = s.post_id ' +
      'WHERE post_search MATCH ? AND p.author NOT IN (SELECT value FROM json_each(?)) ' +
      'ORDER BY p.created_at DESC LIMIT ?',
    [matchExpression(terms), hidden, limit],
  )
  const posts = postRows.flatMap((r) => {
    const post = postView(ctx, r.id, identity)
    return post === undefined ? [] : [{ post, snippet: partsFromSnippet(r.snip) }]
  })

  const likeArgs = terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  const messageRows: { id: PostId; peer: NodeId; text: string }[] = []
  const sealedRows = ctx.store.db.all<{ id: PostId; peer: NodeId; sealed: string }>(
    'SELECT p.id, p.dm_peer AS peer, p.plaintext AS sealed FROM posts p WHERE p.dm_peer IS NOT NULL ' +
      'AND p.plaintext IS NOT NULL AND p.dm_peer NOT IN (SELECT value FROM json_each(?)) ' +
      'ORDER BY p.created_at DESC',
    [blocked],
  )
  for (const r of sealedRows) {
    if (messageRows.length >= limit) break
    const text = openLocalText(identity, r.sealed)
    const lower = text?.toLowerCase()
    if (text !== null && lower !== undefined && terms.every((t) => lower.includes(t)))
      messageRows.push({ id: r.id, peer: r.peer, text })
  }
  const messages = messageRows.flatMap((r) => {
    const post = postView(ctx, r.id, identity)
    if (post === undefined) return []
    const peer_name =
      ctx.store.getProfile(r.peer)?.record.display_name ?? personView(ctx, r.peer).display_name
    return [{ peer: r.peer, peer_name, post, snippet: highlight(r.text, terms) }]
  })

  const peopleRows = ctx.store.db.all<{ id: NodeId }>(
    `SELECT author AS id FROM profiles WHERE ${terms.map(() => "lower(display_name) LIKE ? ESCAPE '\\'").join(' AND ')} ` +
      'AND author != ? AND author NOT IN (SELECT value FROM json_each(?)) ORDER BY display_name LIMIT ?',
    [...likeArgs, self, blocked, limit],
  )
  const people: PersonView[] = peopleRows.map((r) => personView(ctx, r.id))
  return { posts, people, messages }
}
