/**
 * Peers for the group sync tests over real libp2p (loopback WebSockets): a member — a real node
 * (NodeService over sql.js) running the group unit — and a scripted peer whose
 * `/distsoc/groups/1.0.0` answers are written by hand (any value, any size). Tests only.
 */
import type { Stream } from '@libp2p/interface'
import type { SqlJsStatic } from 'sql.js'
import type { GroupAsk } from '../../groups/index.ts'
import { generateIdentity, type Identity, libp2pPrivateKey } from '../../model/index.ts'
import type { NodeId } from '../../model/types.ts'
import { type DistsocLibp2p, encodeFrame, FrameReader, GROUP_SYNC_PROTOCOL } from '../../net/index.ts'
import { type TestNodes, waitFor } from '../../net/test-support/nodes.ts'
import type { Store } from '../../storage/index.ts'
import { type GroupSync, startGroupSync } from '../network/group-sync.ts'
import { type OfflinePerson, offlinePerson } from './offline-person.ts'

/** A member: a real node with its group unit on libp2p, and the refusals it scored against peers. */
export interface GroupMember extends OfflinePerson {
  identity: Identity
  libp2p: DistsocLibp2p
  sync: GroupSync
  refused: string[]
  /** Notices the unit sent: the recipients of each. */
  notified: NodeId[][]
}

/** Starts a member named `name` on `nodes`. */
export async function groupMember(SQL: SqlJsStatic, nodes: TestNodes, name: string): Promise<GroupMember> {
  const p = await offlinePerson(SQL, name)
  const identity = p.node.context.identity as Identity
  const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(identity) })
  const refused: string[] = []
  const notified: NodeId[][] = []
  const sync = await startGroupSync(
    { ctx: p.node.context, libp2p },
    {
      notify: async (change) => {
        notified.push([...change.recipients])
        return 0
      },
      dialAnchors: async () => {},
      reach: async () => {},
      onRefused: (_peer, reason) => refused.push(reason),
    },
  )
  return { ...p, identity, libp2p, sync, refused, notified }
}

/** A bare libp2p node with its own identity whose group answers are scripted. */
export interface ScriptedGroupPeer {
  identity: Identity
  id: NodeId
  libp2p: DistsocLibp2p
  asks: GroupAsk[]
  /** The next answer, written as is (any value, any size). */
  reply: unknown
}

/** Starts a scripted peer on `nodes` (a fresh identity unless one is given). */
export async function scriptedGroupPeer(
  nodes: TestNodes,
  identity: Identity = generateIdentity(),
): Promise<ScriptedGroupPeer> {
  const libp2p = await nodes.create({ privateKey: libp2pPrivateKey(identity) })
  const peer: ScriptedGroupPeer = {
    identity,
    id: identity.nodeId,
    libp2p,
    asks: [],
    reply: { v: 1, logs: [], more: false },
  }
  await libp2p.handle(
    GROUP_SYNC_PROTOCOL,
    async (stream: Stream) => {
      const ask = await new FrameReader(stream, 1 << 20).next()
      peer.asks.push(ask as GroupAsk)
      stream.send(encodeFrame(peer.reply, 1 << 22))
      await stream.close()
    },
    { runOnLimitedConnection: true },
  )
  return peer
}

/** Dials `b` from `a` and waits until `a` knows `b` speaks group sync. */
export async function linkGroupPeers(
  a: { libp2p: DistsocLibp2p },
  b: { libp2p: DistsocLibp2p },
): Promise<void> {
  await a.libp2p.dial(b.libp2p.getMultiaddrs())
  await waitFor(async () => {
    const known = await a.libp2p.peerStore.get(b.libp2p.peerId).catch(() => undefined)
    return known?.protocols.includes(GROUP_SYNC_PROTOCOL) === true
  })
}

/** Every table of a store, as one string (to show that nothing was written). */
export function dumpStore(s: Store): string {
  const tables = s.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  )
  return JSON.stringify(tables.map(({ name }) => [name, s.db.all(`SELECT * FROM "${name}"`)]))
}
