/** Strict shape parsing of posts and visibility from untrusted values; returns fresh objects without extra fields. */
import { ValidationError } from '../errors.ts'
import { parseNodeId } from './node-id.ts'
import {
  expectArray,
  expectBlobId,
  expectBytes,
  expectObject,
  expectPostId,
  expectString,
  expectUint,
  isHashHex,
} from './shape.ts'
import type { Attachment, GroupId, Post, SignedPost, Visibility, WrappedKey } from './types.ts'

const MIME_RE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/
/** Upper bound on a wrapped key of any version we might parse (v1 is 73 bytes). */
const MAX_WRAPPED_BYTES = 256
/** A group post's wrapped CEK: version ‖ nonce ‖ sealed 32-byte key (groups/group-envelope.ts). */
const GROUP_WRAPPED_BYTES = 73

function parseAttachment(v: unknown, what: string): Attachment {
  const o = expectObject(v, what, ['blob', 'mime', 'size'])
  const mime = expectString(o.mime, `${what}.mime`)
  if (!MIME_RE.test(mime)) throw new ValidationError(`${what}.mime is not a MIME type`)
  return { blob: expectBlobId(o.blob, `${what}.blob`), mime, size: expectUint(o.size, `${what}.size`) }
}

/** Parses a Post. Throws ValidationError / InvalidNodeIdError. */
export function parsePost(v: unknown): Post {
  const o = expectObject(
    v,
    'post',
    ['v', 'author', 'created_at', 'content', 'attachments'],
    ['reply_to', 'replaces'],
  )
  if (o.v !== 1) throw new ValidationError('post.v must be 1')
  const post: Post = {
    v: 1,
    author: parseNodeId(o.author),
    created_at: expectUint(o.created_at, 'post.created_at'),
    content: expectString(o.content, 'post.content'),
    attachments: expectArray(o.attachments, 'post.attachments').map((a, i) =>
      parseAttachment(a, `post.attachments[${i}]`),
    ),
  }
  if (o.reply_to !== undefined) post.reply_to = expectPostId(o.reply_to, 'post.reply_to')
  if (o.replaces !== undefined) post.replaces = expectPostId(o.replaces, 'post.replaces')
  return post
}

function parseWrappedKey(v: unknown, what: string): WrappedKey {
  const o = expectObject(v, what, ['recipient', 'wrapped'])
  const wrapped = expectBytes(o.wrapped, `${what}.wrapped`)
  if (wrapped.length === 0 || wrapped.length > MAX_WRAPPED_BYTES)
    throw new ValidationError(`${what}.wrapped has a bad size`)
  return { recipient: parseNodeId(o.recipient), wrapped }
}

function parseGroupVisibility(v: unknown): Visibility {
  const o = expectObject(v, 'visibility', ['type', 'v', 'group', 'epoch', 'ephemeral_pub', 'wrapped'])
  if (o.v !== 1) throw new ValidationError('visibility.v must be 1')
  if (!isHashHex(o.group)) throw new ValidationError('visibility.group must be a group id')
  return {
    type: 'group',
    v: 1,
    group: o.group as GroupId,
    epoch: expectUint(o.epoch, 'visibility.epoch'),
    ephemeral_pub: expectBytes(o.ephemeral_pub, 'visibility.ephemeral_pub', 32),
    wrapped: expectBytes(o.wrapped, 'visibility.wrapped', GROUP_WRAPPED_BYTES),
  }
}

/** Parses a Visibility; encrypted ones need 1+ distinct recipients. Throws ValidationError / InvalidNodeIdError. */
export function parseVisibility(v: unknown): Visibility {
  const t = (v as { type?: unknown } | null)?.type
  if (t === 'public') {
    expectObject(v, 'visibility', ['type'])
    return { type: 'public' }
  }
  if (t === 'group') return parseGroupVisibility(v)
  if (t !== 'encrypted') throw new ValidationError('visibility.type must be public, encrypted or group')
  const o = expectObject(v, 'visibility', ['type', 'v', 'ephemeral_pub', 'recipients'])
  if (o.v !== 1) throw new ValidationError('visibility.v must be 1')
  const list = expectArray(o.recipients, 'visibility.recipients')
  if (list.length === 0) throw new ValidationError('an encrypted post needs at least one recipient')
  const recipients = list.map((r, i) => parseWrappedKey(r, `visibility.recipients[${i}]`))
  if (new Set(recipients.map((r) => r.recipient)).size !== recipients.length) {
    throw new ValidationError('visibility lists a recipient twice')
  }
  return {
    type: 'encrypted',
    v: 1,
    ephemeral_pub: expectBytes(o.ephemeral_pub, 'visibility.ephemeral_pub', 32),
    recipients,
  }
}

/** Parses a SignedPost's shape (not its signatures). */
export function parseSignedPost(v: unknown): SignedPost {
  const o = expectObject(v, 'signed post', [
    'id',
    'post',
    'signature',
    'visibility',
    'visibility_signature',
    'visibility_updated_at',
  ])
  return {
    id: expectPostId(o.id, 'id'),
    post: parsePost(o.post),
    signature: expectBytes(o.signature, 'signature', 64),
    visibility: parseVisibility(o.visibility),
    visibility_signature: expectBytes(o.visibility_signature, 'visibility_signature', 64),
    visibility_updated_at: expectUint(o.visibility_updated_at, 'visibility_updated_at'),
  }
}
