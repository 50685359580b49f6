/**
 * What this node can read of a post, worked out once when it arrives and cached beside it
 * (storage `plaintext`, `dm_peer`): public text as is; encrypted text if we are a recipient.
 */
import { decryptContent, type Identity, openContentKey } from '../model/index.ts'
import type { NodeId, SignedPost } from '../model/types.ts'
import type { PostLocal } from '../storage/index.ts'
import { decodeBody } from './encrypted-body.ts'

/** The other party of a direct message, seen from `self`. */
export function dmPartner(post: SignedPost, self: NodeId): NodeId | null {
  if (post.visibility.type !== 'encrypted') return null
  if (post.post.author !== self) return post.post.author
  const other = post.visibility.recipients.find((r) => r.recipient !== self)
  return other?.recipient ?? null
}

/** Local facts of a received or created post; never throws (unreadable → `plaintext: null`). */
export async function readPost(post: SignedPost, identity: Identity): Promise<PostLocal> {
  if (post.visibility.type === 'public') return { plaintext: post.post.content, dm_peer: null }
  const self = identity.nodeId
  if (!post.visibility.recipients.some((r) => r.recipient === self)) return { plaintext: null, dm_peer: null }
  try {
    const cek = await openContentKey(identity, post.visibility)
    const body = decodeBody(decryptContent(cek, post.post.content))
    return { plaintext: body.text, dm_peer: body.kind === 'dm' ? dmPartner(post, self) : null }
  } catch {
    return { plaintext: null, dm_peer: null }
  }
}
