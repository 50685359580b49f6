/**
 * Issue 11 cases 1 and 3 over real libp2p on 127.0.0.1 (WebSockets, Noise, Yamux): a holder
 * floods a victim with message requests from 150 throwaway authors and serves a poisoned
 * tombstone and an early post; the victim keeps what its budget allows, everything else it asked
 * for arrives, and an honest peer's sync from the same holder completes in the same run. Then the
 * re-sent flood: the same holder's next sessions are cut short, then refused, across a restart.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'
import initSqlJs from 'sql.js'
import { afterAll, describe, expect, it } from 'vitest'
import { errorName } from '../errors.ts'
import { type Identity, libp2pPrivateKey } from '../model/index.ts'
import type { NodeId } from '../model/types.ts'
import { createSqlJsDriver, openStore, type Store } from '../storage/index.ts'
import { AdmissionBudget } from './admission.ts'
import { registerSyncProtocol, type SyncDeps, syncWithPeer } from './libp2p-handler.ts'
import { type BackoffEvent, PeerBackoff } from './peer-backoff.ts'
import { generateIdentity, makeDelete, makePost, storeWith } from './test-support/fixtures.ts'
import { floodFromThrowaways } from './test-support/hostile.ts'
import type { MemorySyncStore } from './test-support/memory-sync-store.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const nodes: Libp2p[] = []
afterAll(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
})

async function node(identity: Identity, deps: SyncDeps): Promise<Libp2p> {
  const libp2p = await createLibp2p({
    privateKey: libp2pPrivateKey(identity),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
  nodes.push(libp2p)
  await registerSyncProtocol(libp2p, deps)
  return libp2p
}

describe('hostile holder over libp2p', () => {
  it('bounds a flood, survives a poisoned tombstone and an early post, and an honest pull completes', {
    timeout: 90_000,
  }, async () => {
    const victim = generateIdentity()
    const friend = generateIdentity()
    const other = generateIdentity()
    const holderId = generateIdentity()
    const honest = generateIdentity()
    const now = Date.now()
    const mine = await makePost(victim, now - 10 * 60_000)
    const friendPosts = await Promise.all([1, 2, 3].map((i) => makePost(friend, now - i * 60_000)))
    const otherPosts = await Promise.all([1, 2].map((i) => makePost(other, now - i * 60_000)))
    const early = await makePost(other, now + 16 * 60_000)
    const flood = await floodFromThrowaways(victim.nodeId, 150, now - 60 * 60_000)
    const holderStore = storeWith([mine, ...friendPosts, ...otherPosts, early, ...flood])
    holderStore.seedDelete(await makeDelete(friend, mine.post, now - 60_000))

    const rejected: string[] = []
    const victimStore = storeWith([mine])
    const victimDeps: SyncDeps = {
      store: victimStore,
      verifier: modelVerifier,
      admission: new AdmissionBudget({ follows: (a) => a === friend.nodeId || a === other.nodeId }),
      onPeerReject: (_peer: NodeId, reason: string) => rejected.push(reason),
    }
    const honestStore: MemorySyncStore = storeWith([])
    const holder = await node(holderId, { store: holderStore, verifier: modelVerifier })
    const v = await node(victim, victimDeps)
    const h = await node(honest, { store: honestStore, verifier: modelVerifier })
    await v.dial(holder.getMultiaddrs()[0]!)
    await h.dial(holder.getMultiaddrs()[0]!)

    const [victimPulled, honestPulled] = await Promise.all([
      syncWithPeer(v, holder.peerId, victimDeps, { wants: [victim.nodeId, friend.nodeId, other.nodeId] }),
      syncWithPeer(
        h,
        holder.peerId,
        { store: honestStore, verifier: modelVerifier },
        { wants: [friend.nodeId] },
      ),
    ])

    const strangers = [...victimStore.posts.values()].filter(
      (p) => ![victim.nodeId, friend.nodeId, other.nodeId].includes(p.post.author),
    )
    expect(strangers).toHaveLength(20)
    expect(victimPulled.skipped).toEqual({ AdmissionRefusedError: 130, ForeignDeleteError: 1 })
    expect(rejected.filter((r) => r === 'AdmissionRefusedError')).toHaveLength(130)
    expect(rejected.filter((r) => r === 'ForeignDeleteError')).toHaveLength(1)
    expect(victimPulled.deferred).toBe(1)
    expect(victimStore.posts.has(mine.post.id)).toBe(true)
    for (const p of [...friendPosts, ...otherPosts]) expect(victimStore.posts.has(p.post.id)).toBe(true)
    expect(victimStore.tombs.size).toBe(0)
    expect(honestPulled.received.posts).toBe(3)
    expect(honestStore.tombs.size).toBe(0)
  })
})

const SQL = await initSqlJs()

describe('a holder that re-sends its refused flood every session', () => {
  it('is backed off: its second and third sessions cost less than the first, then none is opened, across a restart; an honest holder is unaffected', {
    timeout: 120_000,
  }, async () => {
    const victim = generateIdentity()
    const friend = generateIdentity()
    const now = Date.now()
    const flood = await floodFromThrowaways(victim.nodeId, 300, now - 60 * 60_000, 500)
    const friendPosts = await Promise.all([1, 2, 3].map((i) => makePost(friend, now - i * 60_000)))
    const flooder = await node(generateIdentity(), { store: storeWith(flood), verifier: modelVerifier })
    const honest = await node(generateIdentity(), { store: storeWith(friendPosts), verifier: modelVerifier })

    // the victim's admission counters and cool-downs live in a real SQLite database (sql.js)
    let file = new SQL.Database()
    let store: Store = openStore(createSqlJsDriver(file))
    const events: Record<string, number> = {}
    const victimStore = storeWith([])
    const perSession: { refused: number }[] = []
    const depsOver = (db: Store): SyncDeps => ({
      store: victimStore,
      verifier: modelVerifier,
      admission: new AdmissionBudget({ ledger: db, follows: (a) => a === friend.nodeId }),
      backoff: new PeerBackoff({
        ledger: db,
        onEvent: (e: BackoffEvent) => {
          events[e] = (events[e] ?? 0) + 1
        },
      }),
      onPeerReject: (peer: NodeId, reason: string) => {
        if (peer === flooder.peerId.toString() && reason === 'AdmissionRefusedError') {
          const last = perSession[perSession.length - 1]
          if (last !== undefined) last.refused++
        }
      },
    })
    let deps = depsOver(store)
    const v = await node(victim, deps)
    await v.dial(flooder.getMultiaddrs()[0]!)
    await v.dial(honest.getMultiaddrs()[0]!)
    const strangers = () =>
      [...victimStore.posts.values()].filter((p) => p.post.author !== friend.nodeId).length
    const pullFlooder = async (): Promise<{ error?: string; read: number }> => {
      perSession.push({ refused: 0 })
      const before = strangers()
      let error: string | undefined
      try {
        await syncWithPeer(v, flooder.peerId, deps, { wants: [victim.nodeId] })
      } catch (err) {
        error = errorName(err)
      }
      const read = (perSession[perSession.length - 1]?.refused ?? 0) + strangers() - before
      return error === undefined ? { read } : { error, read }
    }

    const first = await pullFlooder()
    const second = await pullFlooder()
    const third = await pullFlooder()
    // the honest holder's sync in the same run completes in full
    const fromHonest = await syncWithPeer(v, honest.peerId, deps, { wants: [friend.nodeId] })
    // a restart: the database saved and opened again, new budget and backoff over it
    const bytes = file.export()
    store.close()
    file = new SQL.Database(bytes)
    store = openStore(createSqlJsDriver(file))
    deps = depsOver(store)
    const fourth = await pullFlooder()
    const honestAgain = await syncWithPeer(v, honest.peerId, deps, { wants: [friend.nodeId] })

    expect(first).toEqual({ read: 300 })
    expect(second.error).toBe('SyncBackoffError')
    expect(third.error).toBe('SyncBackoffError')
    for (const later of [second, third]) expect(later.read).toBeLessThan(first.read / 5)
    expect(fourth).toEqual({ error: 'SyncBackoffError', read: 0 })
    expect(events).toEqual({ struck: 3, shortened: 2, refused: 1 })
    expect(fromHonest.received.posts).toBe(3)
    expect(honestAgain.skipped).toEqual({})
    expect(store.getPeerBackoff(flooder.peerId.toString() as NodeId)?.strikes).toBe(3)
    expect(store.getPeerBackoff(honest.peerId.toString() as NodeId)).toBeUndefined()
    // the day's budget held over the same restart: 20 a session, 60 in all
    expect(strangers()).toBe(60)
    expect(store.loadAdmissionDay(Math.floor(Date.now() / 86_400_000)).posts).toBe(60)
    store.close()
  })
})
