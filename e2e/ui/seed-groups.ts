/**
 * Groups in the UI harness (test-only, `?groups=1`): your "Book club", which Ada (Poster) and Grace
 * (Viewer) have joined, with a post by Ada in it, and Radia's "Climbing club" inviting you as a
 * Viewer. Every record, the members' signed accepts included (docs/protocol/groups.md "Accepting an
 * invitation"), is signed by its author's real node and taken in by the node's own group path
 * (core/app group-service.ts `acceptGroupRecords`), as group sync would deliver it. Whoever the
 * spec invites later (Alan) stays invited, not joined.
 */
import { acceptGroupRecords } from '../../src/core/app/group-service.ts'
import type { GroupId } from '../../src/core/model/types.ts'
import type { HarnessNode } from './harness-node.ts'
import { deliver, type SeedPerson, signedPosts } from './seed-people.ts'

/** Hands `to` every record of `group` held by `from` that `to` lacks. */
async function syncGroup(
  from: { store: SeedPerson['store'] },
  to: SeedPerson['node'],
  group: GroupId,
): Promise<void> {
  const held = to.context.store.getGroup(group)?.state.seq ?? -1
  await acceptGroupRecords(to.context, from.store.groupLog(group, held))
}

/** Seeds the two groups; `follows` are Ada, Grace, Alan and Radia (seed-world.ts). */
export async function seedGroups(node: HarnessNode, follows: readonly SeedPerson[]): Promise<void> {
  const [ada, grace, , radia] = follows as [SeedPerson, SeedPerson, SeedPerson, SeedPerson]
  const { client } = node
  const me = node.service.context.store
  const book = await client.call('groups.create', { name: 'Book club' })
  await client.call('groups.invite', { id: book.id, target: ada.id, role: 'poster' })
  await client.call('groups.invite', { id: book.id, target: grace.id, role: 'viewer' })
  // One at a time, each on top of the last accept, so the log never forks.
  for (const p of [ada, grace]) {
    await syncGroup({ store: me }, p.node, book.id)
    await p.call('groups.acceptInvite', { id: book.id })
    await syncGroup(p, node.service, book.id)
  }
  const post = await ada.call('post.create', {
    content: 'Next month: “The Dispossessed”. Bring a question for the group.',
    intent: { type: 'group', id: book.id },
    attachments: [],
  })
  await deliver(node.service, ada, signedPosts(ada, [post]))

  const climbing = await radia.call('groups.create', { name: 'Climbing club' })
  const status = await client.call('node.status', {})
  await radia.call('groups.invite', { id: climbing.id, target: status.node_id!, role: 'viewer' })
  await syncGroup(radia, node.service, climbing.id)
}
