/**
 * The shape of every RPC method's params (docs/design.md §9): checked here, at the tab ↔ worker boundary,
 * before the application sees them. Meaning (name rules, limits, permissions) is checked by the
 * application layer (`src/core/app`).
 */
import type { ProfileTierRef, RpcMethod, RpcParams } from '../../core/api/index.ts'
import { ValidationError } from '../../core/errors.ts'
import {
  type BlobId,
  type GroupId,
  LIMITS,
  type PostId,
  type VisibilityIntent,
} from '../../core/model/index.ts'
import {
  array,
  boolean,
  bytes,
  nodeId,
  noParams,
  nullable,
  number,
  object,
  oneOf,
  optional,
  string,
  type Validator,
} from './validate.ts'

const HASH = /^[0-9a-f]{64}$/
const hashId = <T extends string>(value: unknown, path: string): T => {
  if (typeof value !== 'string' || !HASH.test(value))
    throw new ValidationError(`${path}: must be a 64-char hex id`)
  return value as T
}
const postId: Validator<PostId> = hashId
const groupId: Validator<GroupId> = hashId
const groupRole = oneOf('admin', 'moderator', 'poster', 'viewer')
const blobId: Validator<BlobId> = hashId
const name = string({ min: 1, max: 64 })
const attachment = object({
  bytes: bytes({ max: LIMITS.blobBytes, min: 1 }),
  mime: string({ min: 1, max: 100 }),
})
/** Whether `value` is an object with `key` (to pick a union member's validator). */
const hasKey = (value: unknown, key: string): boolean =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key)
/** A private profile tier: a circle by name or a group by id. */
const tierRef: Validator<ProfileTierRef> = (value, path) =>
  hasKey(value, 'group') ? object({ group: groupId })(value, path) : object({ circle: name })(value, path)
/** Identity and data files: an identity export is tiny; a data export may be large. */
const identityFile = bytes({ max: 4096, min: 1 })
const dataFile = bytes({ max: 512 * 1024 * 1024, min: 1 })

const intent: Validator<VisibilityIntent> = (value, path) => {
  const type = object({ type: string() })
  if (typeof value !== 'object' || value === null) return type(value, path) as never
  switch ((value as { type?: unknown }).type) {
    case 'public':
      return object({ type: oneOf('public') })(value, path)
    case 'friends':
      return object({ type: oneOf('friends') })(value, path)
    case 'circle':
      return object({ type: oneOf('circle'), name })(value, path)
    case 'group':
      return object({ type: oneOf('group'), id: groupId })(value, path)
    case 'direct':
      return object({ type: oneOf('direct'), recipients: array(nodeId, { min: 1, max: LIMITS.recipients }) })(
        value,
        path,
      )
    default:
      throw new ValidationError(`${path}.type: must be one of public, friends, circle, direct, group`)
  }
}

const cursor = object({ created_at: number({ integer: true, min: 0 }), id: postId })
const customFilter = object({
  circle: optional(name),
  authors: optional(array(nodeId, { max: 1000 })),
  text: optional(string({ max: 200 })),
  with_media: optional(boolean),
})
const feedQuery: Validator<RpcParams<'feed.page'>['query']> = (value, path) => {
  switch ((value as { type?: unknown } | null)?.type) {
    case 'home':
      return object({ type: oneOf('home') })(value, path)
    case 'mine':
      return object({ type: oneOf('mine') })(value, path)
    case 'custom':
      return object({ type: oneOf('custom'), feed: customFilter })(value, path) as never
    case 'thread':
      return object({ type: oneOf('thread'), peer: nodeId })(value, path)
    default:
      throw new ValidationError(`${path}.type: must be one of home, mine, custom, thread`)
  }
}
const customFeed = object({
  id: string({ min: 1, max: 64 }),
  name,
  circle: optional(name),
  authors: optional(array(nodeId, { max: 1000 })),
  text: optional(string({ max: 200 })),
  with_media: optional(boolean),
})

/** A validator per method. */
export const methodParams: { [M in RpcMethod]: Validator<RpcParams<M>> } = {
  'node.status': noParams,
  'node.requestPersistence': noParams,
  'identity.create': object({ display_name: string({ max: 200 }), bio: string({ max: 2000 }) }),
  'identity.export': object({ passphrase: string({ max: 1024 }) }),
  'identity.import': object({ file: identityFile, passphrase: string({ max: 1024 }) }),
  'data.export': noParams,
  'data.import': object({ file: dataFile }),
  'profile.get': object({ node_id: optional(nodeId) }),
  'profile.update': object({
    display_name: string({ max: 200 }),
    bio: string({ max: 2000 }),
    avatar: optional(nullable(attachment)),
    anchors: optional(array(string({ min: 1, max: 256 }), { max: LIMITS.profileAnchors })),
  }) as Validator<RpcParams<'profile.update'>>,
  'profile.connectString': noParams,
  'post.create': object({
    content: string({ max: 20_000 }),
    intent,
    attachments: array(attachment, { max: LIMITS.attachments }),
    reply_to: optional(postId),
  }),
  'post.delete': object({ id: postId }),
  'post.audience': object({ id: postId }),
  'post.thread': object({ id: postId }),
  'post.removeRecipients': object({
    id: postId,
    remove: array(nodeId, { min: 1, max: LIMITS.recipients }),
    mode: oneOf('access-list', 're-encrypt'),
  }),
  'feed.page': object({
    query: feedQuery,
    before: optional(cursor),
    limit: number({ integer: true, min: 1, max: 200 }),
  }),
  'blob.get': object({ id: blobId, post: postId }),
  'search.query': object({ text: string({ max: 200 }), limit: number({ integer: true, min: 1, max: 50 }) }),
  'feeds.list': noParams,
  'feeds.save': object({ feed: customFeed }) as Validator<RpcParams<'feeds.save'>>,
  'feeds.delete': object({ id: string({ min: 1, max: 64 }) }),
  'follow.add': object({ target: string({ max: 4096 }) }),
  'follow.remove': object({ node_id: nodeId }),
  'people.list': object({ filter: oneOf('follows', 'suggested', 'all') }),
  'people.moderate': object({ node_id: nodeId, level: oneOf('none', 'muted', 'blocked') }),
  'people.moderated': noParams,
  'settings.notifications.get': noParams,
  'settings.notifications.set': object({ messages: boolean, replies: boolean }),
  'profile.avatar': object({ node_id: nodeId }),
  'post.byAuthor': object({
    author: nodeId,
    before: optional(cursor),
    limit: number({ integer: true, min: 1, max: 200 }),
  }),
  'circles.list': noParams,
  'circles.create': object({
    name: string({ max: 200 }),
    members: array(nodeId, { max: LIMITS.recipients }),
  }),
  'circles.rename': object({ name, new_name: string({ max: 200 }) }),
  'circles.delete': object({ name }),
  'circles.addMember': object({ name, member: nodeId }),
  'circles.removeMember': object({
    name,
    member: nodeId,
    past: optional(oneOf('leave', 'access-list', 're-encrypt')),
  }),
  'profile.tiers': noParams,
  'profile.setTier': (value, path) => {
    const fields = nullable(object({ display_name: string({ max: 200 }), bio: string({ max: 2000 }) }))
    return (hasKey(value, 'group') ? object({ group: groupId, fields }) : object({ circle: name, fields }))(
      value,
      path,
    )
  },
  'profile.orderTiers': (value, path) =>
    hasKey(value, 'tiers')
      ? object({ tiers: array(tierRef, { max: 400 }) })(value, path)
      : object({ circles: array(name, { max: 200 }) })(value, path),
  'groups.create': object({ name: string({ min: 1, max: 200 }) }),
  'groups.list': noParams,
  'groups.get': object({ id: groupId }),
  'groups.invite': object({ id: groupId, target: string({ min: 1, max: 4096 }), role: optional(groupRole) }),
  'groups.acceptInvite': object({ id: groupId }),
  'groups.setRole': object({ id: groupId, member: nodeId, role: groupRole }),
  'groups.removeMember': object({
    id: groupId,
    member: nodeId,
    past: optional(oneOf('leave', 'access-list', 're-encrypt')),
  }),
  'groups.leave': object({ id: groupId }),
  'groups.feed': object({ id: groupId, limit: number({ integer: true, min: 1, max: 200 }) }),
  'groups.deletePost': object({ id: groupId, post: postId }),
  'messages.threads': noParams,
  'messages.send': object({ to: string({ min: 1, max: 4096 }), content: string({ max: 20_000 }) }),
  'messages.accept': object({ peer: nodeId }),
  'messages.ignore': object({ peer: nodeId }),
  'messages.markRead': object({ peer: nodeId }),
  'anchors.list': noParams,
  'anchors.add': object({ addr: string({ max: 1024 }) }),
  'anchors.remove': object({ addr: string({ max: 1024 }) }),
  'anchors.setDefaultEnabled': object({ enabled: boolean }),
  'anchors.setEnabled': object({ addr: string({ max: 1024 }), enabled: boolean }),
  'network.connections': noParams,
  'network.diagnostics': noParams,
  'sync.now': noParams,
  'replicas.summary': noParams,
  'hosting.status': noParams,
  'settings.replicas.get': noParams,
  'settings.replicas.set': object({
    target: optional(number({ integer: true, min: 0 })),
    holder_timeout_ms: optional(number({ integer: true, min: 0 })),
    restore_every_ms: optional(number({ integer: true, min: 0 })),
  }),
  'post.pin': object({ id: postId, mode: oneOf('anchor', 'fork') }),
  'post.unpin': object({ id: postId }),
}
