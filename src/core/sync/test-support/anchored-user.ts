/**
 * A sync-speaking libp2p user over WebSockets whose signed profile names an anchor, for tests that
 * check in with a real anchor. A `hostile` user hands over everything it holds, asked for or not.
 */
import { webSockets } from '@libp2p/websockets'
import { libp2pPrivateKey, signProfile } from '../../model/index.ts'
import { createDistsocLibp2p, type DistsocLibp2p } from '../../net/index.ts'
import { registerSyncProtocol } from '../index.ts'
import type { Identity } from './fixtures.ts'
import { MemorySyncStore } from './memory-sync-store.ts'
import { modelVerifier } from './model-verifier.ts'

/** The user's node and store; `cleanup` gets the node's stop. */
export async function anchoredSyncUser(
  identity: Identity,
  anchorPeerId: string,
  hostile: boolean,
  cleanup: Array<() => void | Promise<void>>,
): Promise<{ node: DistsocLibp2p; store: MemorySyncStore }> {
  const store = new MemorySyncStore()
  store.seedProfile(
    await signProfile(identity, {
      v: 1,
      author: identity.nodeId,
      display_name: hostile ? 'hostile' : 'honest',
      bio: '',
      anchors: [`/ip4/127.0.0.1/tcp/1/ws/p2p/${anchorPeerId}`],
      updated_at: Date.now() - 5000,
    }),
  )
  const node = await createDistsocLibp2p({
    privateKey: libp2pPrivateKey(identity),
    transports: [webSockets()],
  })
  cleanup.push(() => node.stop())
  const verifier = hostile
    ? { ...modelVerifier, shouldSendPost: () => true, mayReveal: () => true }
    : modelVerifier
  await registerSyncProtocol(node, { store, verifier })
  return { node, store }
}
