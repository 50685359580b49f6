/**
 * What a person's profile page needs (issue 16): their avatar image, checked to be an image, and
 * their posts this node can read, newest first. Follows, mute/block and messages are other RPCs.
 */
import type { FeedCursor } from '../api/index.ts'
import { customFeed, type FeedRows } from '../feed/index.ts'
import type { BlobId, NodeId } from '../model/index.ts'
import { isBlocked } from './moderation.ts'
import type { NodeContext } from './node-context.ts'

/** The image types an avatar may be, told by their first bytes (a peer's stored mime is not trusted). */
const SIGNATURES: { mime: string; at: number; bytes: number[] }[] = [
  { mime: 'image/png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', at: 0, bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: 'image/webp', at: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
  { mime: 'image/avif', at: 4, bytes: [0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66] },
]

/** The image type of `bytes` from its magic number, or null when it is no image we show. */
export function sniffImageMime(bytes: Uint8Array): string | null {
  for (const s of SIGNATURES) {
    if (bytes.length >= s.at + s.bytes.length && s.bytes.every((b, i) => bytes[s.at + i] === b)) return s.mime
  }
  return null
}

/**
 * `id`'s avatar as its profile names it, or null: no profile, no avatar, the blob has not arrived,
 * the person is blocked, or the bytes are not an image (whatever mime the sender claimed).
 */
export function avatarOf(
  ctx: NodeContext,
  id: NodeId,
): { blob: BlobId; bytes: Uint8Array; mime: string } | null {
  const blobId = ctx.store.getProfile(id)?.record.avatar
  if (blobId === undefined || isBlocked(ctx, id)) return null
  const blob = ctx.store.getBlob(blobId)
  if (blob === undefined) return null
  const mime = sniffImageMime(blob.bytes)
  return mime === null ? null : { blob: blobId, bytes: blob.bytes, mime }
}

/**
 * One page of `author`'s posts held here, newest first, without direct messages. A muted author's
 * page still lists them (the user opened it); a blocked author's is empty.
 */
export function postsByAuthor(
  ctx: NodeContext,
  author: NodeId,
  page: { before?: FeedCursor; limit: number },
): FeedRows {
  if (isBlocked(ctx, author)) return { rows: [] }
  return customFeed(ctx.store, { ...page, filter: { authors: [author] } })
}
