/**
 * A group post sealed and signed by hand, past the author's own node and its checks: what a hostile
 * member sends (a Viewer's post), or a post a test needs at a set time and epoch.
 */
import type { GroupState } from '../../groups/index.ts'
import { encryptForGroup } from '../../groups/index.ts'
import type { Identity } from '../../model/index.ts'
import { createPost } from '../../model/index.ts'
import type { GroupId, Millis, SignedPost } from '../../model/types.ts'
import { encodeBody } from '../encrypted-body.ts'

/** `identity`'s post of `text` to `group`, sealed for the epoch `state` holds, created at `at`. */
export async function handSealedGroupPost(
  identity: Identity,
  group: GroupId,
  state: Pick<GroupState, 'epoch' | 'epoch_pub'>,
  text: string,
  at: Millis,
): Promise<SignedPost> {
  const sealed = await encryptForGroup(
    {
      plaintext: encodeBody({ kind: 'post', text }),
      attachments: [],
      author: identity.nodeId,
      created_at: at,
    },
    { group, epoch: state.epoch, pub: state.epoch_pub },
  )
  return createPost({ identity, content: sealed.content, attachments: [], created_at: at }, sealed.visibility)
}
