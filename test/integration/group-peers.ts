/** Helpers of the group integration tests: who a user is on the network, direct dials, group views. */
import { multiaddr } from '@multiformats/multiaddr'
import type { GroupView } from '../../src/core/api/index.ts'
import type { GroupId, NodeId } from '../../src/core/model/index.ts'
import type { TestUser } from './node-harness.ts'

/** The user's NodeId, from its running network. */
export const idOf = (u: TestUser): NodeId => u.service.network()!.libp2p.peerId.toString() as NodeId

/** The first address the user listens on. */
export const addrOf = (u: TestUser) => u.service.network()!.libp2p.getMultiaddrs()[0]!

/** Dials `b` from `a` directly. */
export async function connect(a: TestUser, b: TestUser): Promise<void> {
  await a.service.network()!.libp2p.dial(multiaddr(addrOf(b).toString()))
}

/** The user's view of group `id`, if it holds one. */
export const groupOn = async (u: TestUser, id: GroupId): Promise<GroupView | undefined> =>
  (await u.call('groups.list', {})).find((g) => g.id === id)

/** Texts of the group's feed as the user reads it. */
export const feedTexts = async (u: TestUser, id: GroupId): Promise<(string | null)[]> =>
  (await u.call('groups.feed', { id, limit: 50 })).posts.map((p) => p.content)
