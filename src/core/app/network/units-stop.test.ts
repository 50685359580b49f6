/**
 * Every network unit's `stop` (issue 10: units "remove their listeners on stop"): after it, no
 * libp2p listener, protocol handler, gossipsub listener or topic validator of the unit is left, no
 * timer is pending, and events or time that arrive later make it do nothing. Over a recording stub
 * libp2p and a real sql.js store, with fake timers.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import initSqlJs from 'sql.js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sign } from '../../crypto/index.ts'
import { generateIdentity } from '../../model/index.ts'
import type { PostId } from '../../model/types.ts'
import { silentLogger } from '../../net/index.ts'
import { createSqlJsDriver, openStore } from '../../storage/index.ts'
import { ANNOUNCE_TOPIC, encodeAnnouncement, type SyncDeps, signAnnouncement } from '../../sync/index.ts'
import { startNetwork } from '../network-runtime.ts'
import type { NodeContext } from '../node-context.ts'
import { memorySecretWrapper } from '../test-support/memory-secret-wrapper.ts'
import {
  emitEvent,
  emitPubsub,
  leftovers,
  type StubLibp2pState,
  stubLibp2p,
} from '../test-support/stub-libp2p.ts'
import { startAnnouncements } from './announcements.ts'
import { startDiscovery } from './discovery.ts'
import { startMaintenance } from './maintenance.ts'
import { startNotices } from './notices.ts'
import { startPeerExchange } from './peer-exchange-runner.ts'
import { type Pulls, startPulls } from './pulls.ts'
import type { UnitContext } from './unit.ts'

const SQL = await initSqlJs()
const anchor = generateIdentity().nodeId
const bob = generateIdentity()
const carol = generateIdentity()
/** Sync deps are only registered, never run: the stub has no connections to pull over. */
const SYNC_DEPS = { store: {}, verifier: {} } as unknown as SyncDeps

let ctx: NodeContext
let unit: UnitContext
let state: StubLibp2pState

function fakePulls(): Pulls & { pulled: string[] } {
  const pulled: string[] = []
  return {
    pulled,
    pull: (peer) => void pulled.push(peer),
    pullNow: async (peer) => void pulled.push(peer),
    syncCapable: () => [],
    stop() {},
  }
}

function identifyDetail(id: string, protocols: string[]) {
  return {
    peerId: peerIdFromString(id),
    protocols,
    connection: { remoteAddr: { toString: () => `/ip4/127.0.0.1/tcp/1/ws/p2p/${id}` } },
  }
}

beforeEach(() => {
  vi.useFakeTimers()
  ctx = {
    store: openStore(createSqlJsDriver(new SQL.Database())),
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [], defaultAnchor: `/ip4/127.0.0.1/tcp/9/ws/p2p/${anchor}` },
    emit: () => {},
    identity: generateIdentity(),
    secrets: memorySecretWrapper(),
  }
  ctx.store.follow(bob.nodeId)
  ;({ libp2p: unit, state } = (() => {
    const stub = stubLibp2p()
    return { libp2p: { ctx, libp2p: stub.libp2p }, state: stub.state }
  })())
})

afterEach(() => {
  vi.useRealTimers()
})

describe('network units stop cleanly', () => {
  it('pulls: no identify or close listener is left, and a later identify pulls nothing', async () => {
    const pulls = startPulls(unit, SYNC_DEPS)
    expect(leftovers(state)).toEqual(['listener peer:identify ×1', 'listener connection:close ×1'])
    await pulls.stop()
    expect(leftovers(state)).toEqual([])
    expect(emitEvent(state, 'peer:identify', identifyDetail(bob.nodeId, ['/distsoc/sync/1.0.0']))).toBe(0)
    expect(ctx.store.getPeer(bob.nodeId)).toBeUndefined()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.dials).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('announcements: the topic validator, the message listener and the pending re-pull go', async () => {
    const pulls = fakePulls()
    const announcements = startAnnouncements(unit, pulls)
    expect(leftovers(state)).toEqual(['pubsub gossipsub:message ×1', `validator ${ANNOUNCE_TOPIC}`])
    const signed = await signAnnouncement(
      { author: bob.nodeId, id: 'ab'.repeat(32) as PostId, created_at: Date.now() },
      (message) => sign(bob.seed, message),
    )
    emitPubsub(state, 'gossipsub:message', {
      msg: { topic: ANNOUNCE_TOPIC, data: encodeAnnouncement(signed) },
      propagationSource: peerIdFromString(carol.nodeId),
    })
    await vi.waitFor(() => expect(pulls.pulled).toEqual([carol.nodeId]))
    expect(vi.getTimerCount()).toBe(1) // the re-pull through the relay, 1.5 s later
    await announcements.stop()
    expect(leftovers(state)).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(pulls.pulled).toEqual([carol.nodeId])
  })

  it('notices: the protocol handler goes', async () => {
    const notices = await startNotices(unit, fakePulls())
    expect(leftovers(state)).toEqual(['handler /distsoc/notice/1.0.0'])
    await notices.stop()
    expect(leftovers(state)).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('peer exchange: the handler and both listeners go', async () => {
    const exchange = await startPeerExchange(unit)
    expect(leftovers(state)).toEqual([
      'listener peer:identify ×1',
      'listener peer:disconnect ×1',
      'handler /distsoc/peers/1.0.0',
    ])
    await exchange.stop()
    expect(leftovers(state)).toEqual([])
    expect(emitEvent(state, 'peer:identify', identifyDetail(bob.nodeId, ['/distsoc/peers/1.0.0']))).toBe(0)
    expect(state.dials).toBe(0)
  })

  it('discovery: after stop it dials no anchor and reaches no follow', async () => {
    const discovery = startDiscovery(unit)
    await discovery.stop()
    await discovery.dialAnchors()
    await discovery.reachFollows()
    expect(state.dials).toBe(0)
    expect(leftovers(state)).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('maintenance: no round is pending after stop, and time passing dials nothing', async () => {
    const discovery = startDiscovery(unit)
    const maintenance = startMaintenance(unit, { discovery, pulls: fakePulls() }, 1000)
    await vi.advanceTimersByTimeAsync(2500)
    const dials = state.dials
    expect(dials).toBeGreaterThanOrEqual(2) // the first round at once, then every second
    await maintenance.stop()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.dials).toBe(dials)
  })

  it('the runtime: stopping it leaves nothing of any unit, stops libp2p once, and is safe twice', async () => {
    const runtime = await startNetwork(ctx, async () => unit.libp2p, SYNC_DEPS, { maintainEveryMs: 1000 })
    expect(leftovers(state).length).toBeGreaterThan(5)
    await vi.advanceTimersByTimeAsync(1500)
    await Promise.all([runtime.stop(), runtime.stop()])
    expect(leftovers(state)).toEqual([])
    expect(state.stopped).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    const dials = state.dials
    await vi.advanceTimersByTimeAsync(60_000)
    expect(state.dials).toBe(dials)
  })
})
