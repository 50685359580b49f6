/**
 * Stored records as deterministic CBOR (docs/design.md §4: cborg with RFC 8949 deterministic options, the
 * same options `model/canonical.ts` uses), and shape checks when reading them back (docs/design.md §9: rows
 * read from storage are validated): a bad row throws `CorruptStorageError`.
 */
import { decode, encode, rfc8949EncodeOptions } from 'cborg'
import { CorruptStorageError } from '../errors.ts'
import type { DeleteRequest, NodeId, Post, Profile, Visibility } from '../model/index.ts'

const encodeOptions = { ...rfc8949EncodeOptions, ignoreUndefinedProperties: true }

/** Deterministic CBOR of a record. */
export function encodeRecord(value: Post | Visibility | Profile | DeleteRequest): Uint8Array {
  return encode(value, encodeOptions)
}

function decodeObject(bytes: unknown, what: string): Record<string, unknown> {
  if (!(bytes instanceof Uint8Array)) throw new CorruptStorageError(`${what}: not bytes`)
  let value: unknown
  try {
    value = decode(bytes, { useMaps: false })
  } catch {
    throw new CorruptStorageError(`${what}: invalid CBOR`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorruptStorageError(`${what}: not a map`)
  }
  return value as Record<string, unknown>
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isMillis = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

function fail(what: string, field: string): never {
  throw new CorruptStorageError(`${what}: bad field ${field}`)
}

/** Decodes a stored `Post`. */
export function decodePost(bytes: unknown): Post {
  const o = decodeObject(bytes, 'post')
  if (o.v !== 1) fail('post', 'v')
  if (!isString(o.author)) fail('post', 'author')
  if (!isMillis(o.created_at)) fail('post', 'created_at')
  if (!isString(o.content)) fail('post', 'content')
  if (!Array.isArray(o.attachments)) fail('post', 'attachments')
  for (const a of o.attachments as unknown[]) {
    const att = a as Record<string, unknown> | null
    if (
      att === null ||
      typeof att !== 'object' ||
      !isString(att.blob) ||
      !isString(att.mime) ||
      !isMillis(att.size)
    ) {
      fail('post', 'attachments')
    }
  }
  if (o.reply_to !== undefined && !isString(o.reply_to)) fail('post', 'reply_to')
  if (o.replaces !== undefined && !isString(o.replaces)) fail('post', 'replaces')
  return o as unknown as Post
}

/** Decodes a stored `Visibility`. */
export function decodeVisibility(bytes: unknown): Visibility {
  const o = decodeObject(bytes, 'visibility')
  if (o.type === 'public') return { type: 'public' }
  if (o.type === 'group') {
    if (o.v !== 1) fail('visibility', 'v')
    if (!isString(o.group)) fail('visibility', 'group')
    if (!isMillis(o.epoch)) fail('visibility', 'epoch')
    if (!(o.ephemeral_pub instanceof Uint8Array)) fail('visibility', 'ephemeral_pub')
    if (!(o.wrapped instanceof Uint8Array)) fail('visibility', 'wrapped')
    return o as unknown as Visibility
  }
  if (o.type !== 'encrypted') fail('visibility', 'type')
  if (o.v !== 1) fail('visibility', 'v')
  if (!(o.ephemeral_pub instanceof Uint8Array)) fail('visibility', 'ephemeral_pub')
  if (!Array.isArray(o.recipients)) fail('visibility', 'recipients')
  for (const r of o.recipients as unknown[]) {
    const w = r as Record<string, unknown> | null
    if (w === null || typeof w !== 'object' || !isString(w.recipient) || !(w.wrapped instanceof Uint8Array)) {
      fail('visibility', 'recipients')
    }
  }
  return o as unknown as Visibility
}

/** Decodes a stored `Profile`. */
export function decodeProfile(bytes: unknown): Profile {
  const o = decodeObject(bytes, 'profile')
  if (o.v !== 1) fail('profile', 'v')
  if (!isString(o.author)) fail('profile', 'author')
  if (!isString(o.display_name)) fail('profile', 'display_name')
  if (!isString(o.bio)) fail('profile', 'bio')
  if (o.avatar !== undefined && !isString(o.avatar)) fail('profile', 'avatar')
  if (!Array.isArray(o.anchors) || !o.anchors.every(isString)) fail('profile', 'anchors')
  if (!isMillis(o.updated_at)) fail('profile', 'updated_at')
  return o as unknown as Profile
}

/** Decodes a stored `DeleteRequest`. */
export function decodeDeleteRequest(bytes: unknown): DeleteRequest {
  const o = decodeObject(bytes, 'delete request')
  if (o.v !== 1) fail('delete request', 'v')
  if (!isString(o.author)) fail('delete request', 'author')
  if (!isString(o.post_id)) fail('delete request', 'post_id')
  if (!isMillis(o.created_at)) fail('delete request', 'created_at')
  return o as unknown as DeleteRequest
}

/** Parses a JSON column written by the store; a bad value is `CorruptStorageError`. */
export function parseJsonColumn(text: unknown, what: string): unknown {
  if (typeof text !== 'string') throw new CorruptStorageError(`${what}: not text`)
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new CorruptStorageError(`${what}: invalid JSON`)
  }
}

/** Parses a JSON column that holds an array of strings. */
export function parseStringArray(text: unknown, what: string): string[] {
  const value = parseJsonColumn(text, what)
  if (!Array.isArray(value) || !value.every(isString))
    throw new CorruptStorageError(`${what}: not a string list`)
  return value
}

/** The recipients of an encrypted visibility, deduplicated; none for public. */
export function recipientsOf(visibility: Visibility): NodeId[] {
  if (visibility.type !== 'encrypted') return []
  return [...new Set(visibility.recipients.map((r) => r.recipient))]
}
