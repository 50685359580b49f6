import { peerIdFromString } from '@libp2p/peer-id'
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { generateIdentity } from '../../model/index.ts'
import { silentLogger } from '../../net/index.ts'
import { createSqlJsDriver, openStore } from '../../storage/index.ts'
import type { SyncDeps } from '../../sync/index.ts'
import type { NodeContext } from '../node-context.ts'
import { memorySecretWrapper } from '../test-support/memory-secret-wrapper.ts'
import { emitEvent, stubLibp2p } from '../test-support/stub-libp2p.ts'
import { startPulls } from './pulls.ts'

const SQL = await initSqlJs()
/** Never run: the stub has no streams, so each pull fails after `before`. */
const SYNC_DEPS = { store: {}, verifier: {} } as unknown as SyncDeps
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('pulls on identify', () => {
  it('pulls once per connection: an identify push over it (new addresses) starts no session', async () => {
    const ctx: NodeContext = {
      store: openStore(createSqlJsDriver(new SQL.Database())),
      clock: { now: () => Date.now() },
      logger: silentLogger,
      bootstrap: { anchors: [] },
      emit: () => {},
      identity: generateIdentity(),
      secrets: memorySecretWrapper(),
    }
    const peer = generateIdentity().nodeId
    const { libp2p, state } = stubLibp2p()
    const started: string[] = []
    const pulls = startPulls({ ctx, libp2p }, SYNC_DEPS, async (p) => void started.push(p))
    const connection = (port: number) => ({
      remoteAddr: { toString: () => `/ip4/127.0.0.1/tcp/${port}/ws/p2p/${peer}` },
    })
    const identify = (conn: object, protocols = ['/distsoc/sync/1.0.0']) =>
      emitEvent(state, 'peer:identify', { peerId: peerIdFromString(peer), protocols, connection: conn })
    const first = connection(1)
    identify(first, ['/ipfs/id/1.0.0']) // not yet speaking sync: no pull
    identify(first) // now it does
    identify(first) // a push: same connection
    await settle()
    identify(first)
    await settle()
    expect(started).toEqual([peer])
    identify(connection(2)) // a new connection is pulled over
    await settle()
    expect(started).toEqual([peer, peer])
    await pulls.stop()
  })
})
