/**
 * All of a user's data as one file they own (issue 4): posts with their blobs, profiles, follows,
 * circles, tombstones, custom feeds, mutes/blocks and pins (a fork pin with its own copy, kept
 * after the author's delete, issue 15), as canonical CBOR. Not the identity: that has its own
 * passphrase-encrypted export. Import verifies everything first and then writes in one transaction,
 * so a damaged file changes nothing.
 */
import { MalformedError, UnsupportedVersionError } from '../errors.ts'
import {
  checkPinMode,
  forkCopies,
  listPins,
  type PinMode,
  pinPost,
  restoreForkCopy,
} from '../hosting/index.ts'
import type { NodeId, PostId } from '../model/index.ts'
import {
  blobIdOf,
  decodeCanonical,
  encodeCanonical,
  parseNodeId,
  verifyDeleteRequest,
  verifyPost,
  verifyProfile,
} from '../model/index.ts'
import { checkPostId } from '../storage/index.ts'
import { blockedIds, mergeModeration, mutedIds } from './moderation.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import { readPost } from './reading.ts'

const FORMAT = 'distsoc-data'
const VERSION = 1
/** Largest import accepted (posts are small; blobs ≤ 256 KiB each). */
export const MAX_DATA_FILE_BYTES = 512 * 1024 * 1024

interface DataFile {
  format: string
  v: number
  posts: unknown[]
  blobs: { mime: string; bytes: Uint8Array }[]
  profiles: unknown[]
  tombstones: unknown[]
  follows: string[]
  circles: { name: string; members: string[] }[]
  /** Muted and blocked people (issue 16); absent in files from before they existed. */
  moderation?: { muted: string[]; blocked: string[] }
  /** Pins (issue 15): a fork pin carries its own copy of the signed post; absent in older files. */
  pins?: PinEntry[]
}

/** One pin in the file: an anchor pin names a post in `posts`; a fork pin carries its copy. */
type PinEntry =
  | { mode: 'anchor'; post_id: string; pinned_at: number }
  | { mode: 'fork'; pinned_at: number; copy: unknown }

/** The pins of this node as file entries (blobs of fork copies are in `blobs`: pins keep them). */
function pinEntries(ctx: NodeContext): PinEntry[] {
  const anchors = listPins(ctx.store.db)
    .filter((p) => p.mode === 'anchor')
    .map((p): PinEntry => ({ mode: 'anchor', post_id: p.post_id, pinned_at: p.pinned_at }))
  const forks = forkCopies(ctx.store.db).map(
    (c): PinEntry => ({ mode: 'fork', pinned_at: c.pinned_at, copy: c.signed }),
  )
  return [...anchors, ...forks]
}

/** Checks the shape of the file's pins (signatures of fork copies are verified by the caller). */
function parsePins(value: unknown): { mode: PinMode; post_id?: PostId; pinned_at: number; copy?: unknown }[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new MalformedError('the pins are damaged')
  return value.map((entry: unknown) => {
    const e = entry as Partial<Record<'mode' | 'post_id' | 'pinned_at' | 'copy', unknown>>
    if (typeof entry !== 'object' || entry === null || !Number.isSafeInteger(e.pinned_at))
      throw new MalformedError('a pin is damaged')
    try {
      const mode = checkPinMode(e.mode, 'mode')
      if (mode === 'fork' && e.copy === undefined) throw new MalformedError('a fork pin has no copy')
      if (mode === 'fork') return { mode, pinned_at: e.pinned_at as number, copy: e.copy }
      checkPostId(e.post_id, 'post_id')
      return { mode, pinned_at: e.pinned_at as number, post_id: e.post_id }
    } catch {
      throw new MalformedError('a pin is damaged')
    }
  })
}

/** Writes everything this node holds into one file. */
export function exportData(ctx: NodeContext): Uint8Array {
  const { store } = ctx
  const authors = new Set<NodeId>()
  const posts = store.db.all<{ id: string }>('SELECT id FROM posts ORDER BY created_at, id').map((r) => r.id)
  const signed = []
  for (let i = 0; i < posts.length; i += 500) {
    for (const p of store.postsByIds(posts.slice(i, i + 500) as never)) {
      signed.push(p.signed)
      authors.add(p.signed.post.author)
    }
  }
  const blobs = store.db.all<{ mime: string; bytes: Uint8Array }>('SELECT mime, bytes FROM blobs')
  const file: DataFile = {
    format: FORMAT,
    v: VERSION,
    posts: signed,
    blobs,
    profiles: store.listProfiles(),
    tombstones: store.listTombstones([...authors]).map((t) => t.request),
    follows: store.listFollows().map((f) => f.node_id),
    circles: store.listCircles(),
    moderation: { muted: mutedIds(ctx), blocked: blockedIds(ctx) },
    pins: pinEntries(ctx),
  }
  return encodeCanonical(file)
}

function parseFile(bytes: Uint8Array): DataFile {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new MalformedError('the file is empty')
  if (bytes.length > MAX_DATA_FILE_BYTES)
    throw new MalformedError('the file is too large to be a distsoc export')
  let value: unknown
  try {
    value = decodeCanonical(bytes)
  } catch {
    throw new MalformedError('this is not a distsoc data export (or it is damaged)')
  }
  const file = value as Partial<DataFile>
  if (typeof value !== 'object' || value === null || file.format !== FORMAT) {
    throw new MalformedError('this is not a distsoc data export')
  }
  if (file.v !== VERSION)
    throw new UnsupportedVersionError(`data export version ${String(file.v)} is not supported`)
  const arrays = [file.posts, file.blobs, file.profiles, file.tombstones, file.follows, file.circles]
  if (!arrays.every(Array.isArray)) throw new MalformedError('the data export is incomplete')
  return file as DataFile
}

/** Imports a data file; returns how many posts were new. Nothing is written unless all of it verifies. */
export async function importData(ctx: NodeContext, bytes: Uint8Array): Promise<number> {
  const identity = requireIdentity(ctx)
  const file = parseFile(bytes)
  const now = ctx.clock.now()
  const posts = await Promise.all(file.posts.map((p) => verifyPost(p, now)))
  const profiles = await Promise.all(file.profiles.map((p) => verifyProfile(p, now)))
  const deletes = await Promise.all(file.tombstones.map((d) => verifyDeleteRequest(d, now)))
  const follows = file.follows.map((f) => parseNodeId(f))
  const circles = file.circles.map((c) => ({
    name: String(c.name),
    members: c.members.map((m) => parseNodeId(m)),
  }))
  const m = file.moderation
  if (m !== undefined && (typeof m !== 'object' || !Array.isArray(m.muted) || !Array.isArray(m.blocked))) {
    throw new MalformedError('the mute and block lists are damaged')
  }
  const moderation = {
    muted: (m?.muted ?? []).map((id) => parseNodeId(id)),
    blocked: (m?.blocked ?? []).map((id) => parseNodeId(id)),
  }
  for (const b of file.blobs) {
    if (!(b.bytes instanceof Uint8Array) || typeof b.mime !== 'string')
      throw new MalformedError('a blob is damaged')
  }
  const pins = parsePins(file.pins)
  const copies = await Promise.all(pins.map((p) => (p.mode === 'fork' ? verifyPost(p.copy, now) : undefined)))
  const locals = await Promise.all(posts.map((p) => readPost(p, identity)))
  const { store } = ctx
  let added = 0
  store.transaction(() => {
    for (const d of deletes) store.deletePost(d)
    posts.forEach((p, i) => {
      if (store.putPost(p, locals[i]) === 'inserted') added++
    })
    for (const b of file.blobs) {
      const id = blobIdOf(b.bytes)
      if (!store.hasBlob(id)) store.putBlob(id, b.bytes, b.mime, null)
    }
    for (const p of profiles) store.putProfile(p)
    for (const f of follows) if (f !== identity.nodeId) store.follow(f)
    const existing = new Set(store.listCircles().map((c) => c.name))
    for (const c of circles) if (!existing.has(c.name)) store.createCircle(c.name, c.members)
    mergeModeration(ctx, moderation)
    pins.forEach((p, i) => {
      const copy = copies[i]
      if (copy !== undefined) restoreForkCopy(store.db, copy, p.pinned_at)
      else if (p.post_id !== undefined) {
        const author = store.getPost(p.post_id)?.signed.post.author
        if (author !== undefined && author !== identity.nodeId)
          pinPost(store.db, identity.nodeId, p.post_id, 'anchor', p.pinned_at)
      }
    })
  })
  ctx.emit({ type: 'people.changed' })
  ctx.emit({ type: 'circles.changed' })
  if (pins.length > 0) ctx.emit({ type: 'hosting.changed' })
  return added
}
