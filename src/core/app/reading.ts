/**
 * What this node can read of a post, worked out once when it arrives and cached beside it
 * (storage `plaintext`, `dm_peer`): public text as is; encrypted text, if we are a recipient,
 * sealed under the local key (local-text.ts), never in the clear.
 */

import { openGroupContentKey } from '../groups/index.ts'
import type { GroupId, NodeId, SignedPost } from '../model/index.ts'
import { decryptContent, type Identity, openContentKey, realRecipients } from '../model/index.ts'
import type { PostLocal } from '../storage/index.ts'
import { decodeBody } from './encrypted-body.ts'
import { sealLocalText } from './local-text.ts'

/** The other party of a direct message, seen from `self`; `cek` tells padding from recipients. */
export function dmPartner(post: SignedPost, self: NodeId, cek: Uint8Array): NodeId | null {
  if (post.visibility.type !== 'encrypted') return null
  if (post.post.author !== self) return post.post.author
  return realRecipients(cek, post.visibility).find((r) => r !== self) ?? null
}

/** The epoch secrets of a group this node holds for an epoch: the log's, then losing fork branches' (groups/group-keyring.ts). */
export type GroupKeyLookup = (group: GroupId, epoch: number) => Promise<readonly Uint8Array[]>

async function readGroupPost(
  post: SignedPost,
  identity: Identity,
  groupKey?: GroupKeyLookup,
): Promise<PostLocal> {
  const v = post.visibility
  if (v.type !== 'group' || groupKey === undefined) return { plaintext: null, dm_peer: null }
  for (const secret of await groupKey(v.group, v.epoch).catch(() => [])) {
    try {
      const cek = await openGroupContentKey(secret, post.post, v)
      const body = decodeBody(decryptContent(cek, post.post.content, post.post))
      return { plaintext: sealLocalText(identity, body.text), dm_peer: null }
    } catch {
      // another epoch key of the same number (a fork): try the next
    }
  }
  return { plaintext: null, dm_peer: null }
}

/** Local facts of a received or created post; never throws (unreadable → `plaintext: null`). */
export async function readPost(
  post: SignedPost,
  identity: Identity,
  groupKey?: GroupKeyLookup,
): Promise<PostLocal> {
  if (post.visibility.type === 'public') return { plaintext: post.post.content, dm_peer: null }
  if (post.visibility.type === 'group') return readGroupPost(post, identity, groupKey)
  const self = identity.nodeId
  if (!post.visibility.recipients.some((r) => r.recipient === self)) return { plaintext: null, dm_peer: null }
  try {
    const cek = await openContentKey(identity, post.post, post.visibility)
    const body = decodeBody(decryptContent(cek, post.post.content, post.post))
    return {
      plaintext: sealLocalText(identity, body.text),
      dm_peer: body.kind === 'dm' ? dmPartner(post, self, cek) : null,
    }
  } catch {
    return { plaintext: null, dm_peer: null }
  }
}
