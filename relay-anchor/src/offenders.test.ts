import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { PeerId } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { errorName } from '../../src/core/errors.ts'
import type { NodeId } from '../../src/core/model/index.ts'
import { type DistsocLibp2p, LOCATE_PROTOCOL } from '../../src/core/net/index.ts'
import { SYNC_PROTOCOL } from '../../src/core/sync/index.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import {
  DEFAULT_OFFENDER_LIMITS,
  type OffenderConnection,
  type OffenderLimits,
  Offenders,
} from './offenders.ts'
import { dialFrom, honestUserOnline } from './test-support.ts'

// every WebSocket of this file leaves from `source` (127.0.0.0/8 all routes to loopback)
let source: string | undefined
const COOL_DOWN_MS = 1500
/** How long a new user's profile must be held here before it spares its IP (default 1 h). */
const ESTABLISHED_AFTER_MS = 2000
let anchor: RunningAnchor
const started: (Libp2p | DistsocLibp2p)[] = []

beforeAll(async () => {
  await dialFrom(() => source)
  // 127.0.0.1 stays exempt (the "proxy"); the other loopback IPs play clients on their own IPs
  anchor = await startAnchor({
    logLevel: 'silent',
    hostLimits: { exemptHosts: ['127.0.0.1'] },
    offenders: { coolDownMs: COOL_DOWN_MS, establishedAfterMs: ESTABLISHED_AFTER_MS },
    // every connection checks in (the honest user's check-in after its bad frame)
    checkIn: { minIntervalMs: 0 },
  })
})
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()))
})
afterAll(async () => {
  await anchor.stop()
})

/** A stock js-libp2p client (not our code, none of our limits); `reach` picks the IP it dials from. */
async function stranger(): Promise<Libp2p> {
  const node = await createLibp2p({
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
  started.push(node)
  return node
}

/** Dials the anchor's sync protocol from `node`; the error's name if the anchor refused. */
async function reach(node: Libp2p | DistsocLibp2p, ip: string): Promise<string> {
  source = ip
  try {
    const stream = await node.dialProtocol(multiaddr(anchor.multiaddrs[0]!), SYNC_PROTOCOL)
    stream.abort(new Error('done'))
    return 'ok'
  } catch (err) {
    return errorName(err)
  } finally {
    source = undefined
  }
}

/** Sends a frame of random bytes (MalformedError at the anchor) on a `protocol` stream from `ip`. */
async function sendBadFrame(
  node: Libp2p | DistsocLibp2p,
  ip: string,
  to: RunningAnchor = anchor,
  protocol = SYNC_PROTOCOL,
): Promise<void> {
  source = ip
  const stream = await node.dialProtocol(multiaddr(to.multiaddrs[0]!), protocol)
  source = undefined
  const random = crypto.getRandomValues(new Uint8Array(4096))
  random[0] = 0x10
  stream.send(random)
  await (async () => {
    for await (const _ of stream);
  })().catch(() => {})
}

async function until(what: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** A plain WebSocket to the anchor from `ip`: 'open' if its upgrade was answered, else the error's code. */
async function upgrade(ip: string): Promise<string> {
  const { WebSocket } = await import('ws')
  const [, , host, , port] = anchor.multiaddrs[0]!.split('/')
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${host}:${port}`, { localAddress: ip })
    ws.on('open', () => {
      ws.terminate()
      resolve('open')
    })
    ws.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** An honest user (profile listing the anchor) online from `ip`, once the anchor checked it in. */
async function userOnline(ip: string): Promise<DistsocLibp2p> {
  const checkIns = anchor.metrics.counters.checkIns
  source = ip
  const user = await honestUserOnline(anchor.multiaddrs[0]!).finally(() => {
    source = undefined
  })
  started.push(user)
  await until(() => anchor.metrics.counters.checkIns > checkIns)
  return user
}

describe('offenders at the anchor (issue 11, stock libp2p client over real frames)', {
  timeout: 30_000,
}, () => {
  it('cuts a stranger that sends a bad frame, refuses its IP before noise and its id after, for the cool-down', async () => {
    const m = anchor.metrics.counters
    const bad = await stranger()
    const neighbour = await stranger()
    expect(await reach(neighbour, '127.0.0.2')).toBe('ok')
    const from2 = () =>
      anchor.libp2p.getConnections().filter((c) => c.remoteAddr.toString().includes('/127.0.0.2/'))
    expect(from2()).toHaveLength(1)
    const cutBefore = m.offendersCut
    await sendBadFrame(bad, '127.0.0.2')

    // its connection and the other stranger's from the same IP are closed, the sockets really gone
    await until(() => bad.getConnections().length === 0 && neighbour.getConnections().length === 0)
    await until(() => from2().length === 0)
    expect(m.offendersCut - cutBefore).toBe(2)

    // a fresh identity from the same IP is refused (before noise: the IP is all the anchor knows)
    const refusedBefore = m.offendersRefused
    const fresh = await stranger()
    expect(await reach(fresh, '127.0.0.2')).not.toBe('ok')
    // the offender from another IP is refused after the handshake, by its peer id
    expect(await reach(bad, '127.0.0.3')).not.toBe('ok')
    expect(m.offendersRefused - refusedBefore).toBe(2)
    // a stranger from another IP is not touched
    expect(await reach(await stranger(), '127.0.0.3')).toBe('ok')
    // the refused IP is refused at the TCP accept: no WebSocket upgrade is answered for it
    expect(await upgrade('127.0.0.2')).not.toBe('open')
    expect(await upgrade('127.0.0.3')).toBe('open')

    const scrape = await (await fetch(`${anchor.metricsUrl}/metrics`)).text()
    expect(scrape).toMatch(/distsoc_anchor_offenders_cut_total [1-9]/)
    expect(scrape).toMatch(/distsoc_anchor_offenders_refused_total [1-9]/)

    // after the cool-down both are admitted again
    await new Promise((r) => setTimeout(r, COOL_DOWN_MS + 100))
    expect(await reach(fresh, '127.0.0.2')).toBe('ok')
    expect(await reach(bad, '127.0.0.2')).toBe('ok')
  })

  it('cuts a stranger whose locate request is malformed, as it does for a sync session', async () => {
    const bad = await stranger()
    const cutBefore = anchor.metrics.counters.offendersCut
    await sendBadFrame(bad, '127.0.0.5', anchor, LOCATE_PROTOCOL)
    await until(() => bad.getConnections().length === 0)
    expect(anchor.metrics.counters.offendersCut - cutBefore).toBe(1)
    expect(await reach(await stranger(), '127.0.0.5')).not.toBe('ok')
  })

  it("spares an established user and the IP it connects from; the user's check-in still works", async () => {
    const m = anchor.metrics.counters
    const checkIns = m.checkIns
    const user = await userOnline('127.0.0.4')
    await sleep(ESTABLISHED_AFTER_MS + 100)

    const bad = await stranger()
    await sendBadFrame(bad, '127.0.0.4')
    await until(() => bad.getConnections().length === 0)
    // the user's connection stays; the IP is not refused (a user was seen there), the offender's id is
    expect(user.getConnections().length).toBe(1)
    expect(await reach(await stranger(), '127.0.0.4')).toBe('ok')
    expect(await reach(bad, '127.0.0.4')).not.toBe('ok')

    // another user of the same IP comes online and checks in
    source = '127.0.0.4'
    const second = await honestUserOnline(anchor.multiaddrs[0]!)
    source = undefined
    started.push(second)
    await until(() => m.checkIns > checkIns + 1)
  })

  it('cuts a new user past its third bad frame, refuses its id, and its IP before noise (a new user spares none)', async () => {
    const m = anchor.metrics.counters
    const user = await userOnline('127.0.0.6')
    const neighbour = await stranger()
    expect(await reach(neighbour, '127.0.0.6')).toBe('ok')
    const offences = m.offendersUserOffences
    const cutBefore = m.offendersCut

    // two bad frames are forgiven (a buggy client): nothing is cut
    for (const n of [1, 2]) {
      await sendBadFrame(user, '127.0.0.6')
      await until(() => m.offendersUserOffences === offences + n)
    }
    await sleep(200)
    expect(user.getConnections()).toHaveLength(1)
    expect(m.offendersCut).toBe(cutBefore)

    // the third cuts it like a stranger, with the stranger beside it
    await sendBadFrame(user, '127.0.0.6')
    await until(() => user.getConnections().length === 0 && neighbour.getConnections().length === 0)
    expect(m.offendersCut - cutBefore).toBe(2)
    const refusedBefore = m.offendersRefused
    // its id is refused from another IP (its profile here does not forgive it) ...
    expect(await reach(user, '127.0.0.7')).not.toBe('ok')
    // ... and a fresh sybil id from its IP is refused before noise: the new user spared no IP
    expect(await reach(await stranger(), '127.0.0.6')).not.toBe('ok')
    expect(m.offendersRefused - refusedBefore).toBe(2)

    // after the cool-down it is admitted again, but still counts as offending: one more bad frame cuts it
    await sleep(COOL_DOWN_MS + 100)
    expect(await reach(user, '127.0.0.6')).toBe('ok')
    await sendBadFrame(user, '127.0.0.6')
    await until(() => user.getConnections().length === 0)
    expect(await reach(user, '127.0.0.7')).not.toBe('ok')
  })

  it("refuses a new user's IP when a stranger there offends (only an established user spares it), without cutting the user", async () => {
    const user = await userOnline('127.0.0.9')
    const bad = await stranger()
    await sendBadFrame(bad, '127.0.0.9')
    await until(() => bad.getConnections().length === 0)
    expect(await reach(await stranger(), '127.0.0.9')).not.toBe('ok')
    expect(user.getConnections()).toHaveLength(1)
  })

  it('forgives an established user one bad frame: not cut, and it checks in again', async () => {
    const m = anchor.metrics.counters
    const user = await userOnline('127.0.0.8')
    await sleep(ESTABLISHED_AFTER_MS + 100)
    const cutBefore = m.offendersCut
    const offences = m.offendersUserOffences
    await sendBadFrame(user, '127.0.0.8')
    await until(() => m.offendersUserOffences === offences + 1)
    await sleep(200)
    expect(user.getConnections()).toHaveLength(1)
    expect(m.offendersCut).toBe(cutBefore)

    // its next connection is admitted and checks in
    const checkIns = m.checkIns
    await user.hangUp(anchor.libp2p.peerId)
    source = '127.0.0.8'
    await user.dial(multiaddr(anchor.multiaddrs[0]!)).finally(() => {
      source = undefined
    })
    await until(() => m.checkIns > checkIns)
  })

  it('neither cuts nor refuses with coolDownMs 0', async () => {
    const off = await startAnchor({
      logLevel: 'silent',
      hostLimits: { exemptHosts: ['127.0.0.1'] },
      offenders: { coolDownMs: 0 },
    })
    try {
      const bad = await stranger()
      await sendBadFrame(bad, '127.0.0.5', off)
      await new Promise((r) => setTimeout(r, 300))
      expect(bad.getConnections().length).toBe(1)
      expect(off.metrics.counters.offendersCut).toBe(0)
    } finally {
      await off.stop()
    }
  })
})

describe('Offenders tables', () => {
  /** An offender table over fake connections `[peer, ip]`, with a settable clock. */
  function table(conns: [string, string][], users: string[] = [], limits: Partial<OffenderLimits> = {}) {
    let now = 1000
    const closed: string[] = []
    const open: OffenderConnection[] = conns.map(([peer, ip]) => ({
      remotePeer: { toString: () => peer } as PeerId,
      remoteAddr: multiaddr(`/ip4/${ip}/tcp/1/ws`),
      close: async () => {
        closed.push(peer)
      },
    }))
    const offenders = new Offenders(
      {
        ...DEFAULT_OFFENDER_LIMITS,
        coolDownMs: 100,
        maxEntries: 10,
        userOffenceWindowMs: 1000,
        establishedAfterMs: 500,
        ...limits,
      },
      { connections: () => open, isUser: (p) => users.includes(p), isExemptHost: (h) => h === '10.0.0.99' },
      () => now,
    )
    const addr = (ip: string) => multiaddr(`/ip4/${ip}/tcp/2/ws`)
    return { offenders, closed, addr, tick: (ms: number) => (now += ms) }
  }

  it('refuses the IP and the id for the cool-down only', () => {
    const { offenders, closed, addr, tick } = table([
      ['bad', '10.0.0.1'],
      ['other', '10.0.0.1'],
      ['far', '10.0.0.2'],
    ])
    expect(offenders.offended('bad' as NodeId)).toBe(2)
    expect(closed.sort()).toEqual(['bad', 'other'])
    expect(offenders.refusesAddr(addr('10.0.0.1'))).toBe(true)
    expect(offenders.refusesAddr(addr('10.0.0.2'))).toBe(false)
    expect(offenders.refusesPeer('bad' as NodeId)).toBe(true)
    tick(100)
    expect(offenders.refusesAddr(addr('10.0.0.1'))).toBe(false)
    expect(offenders.refusesPeer('bad' as NodeId)).toBe(false)
  })

  it('spares users, exempt hosts and IPs an established user was seen at', () => {
    const { offenders, closed, addr } = table(
      [
        ['user', '10.0.0.1'],
        ['bad', '10.0.0.1'],
        ['bad2', '10.0.0.99'],
        ['x', '10.0.0.99'],
        ['bad3', '10.0.0.3'],
        ['y', '10.0.0.3'],
      ],
      ['user', 'seen'],
    )
    expect(offenders.offended('bad' as NodeId)).toBe(1)
    expect(offenders.offended('bad2' as NodeId)).toBe(1)
    offenders.userSeen('seen' as NodeId, [addr('10.0.0.3')])
    expect(offenders.offended('bad3' as NodeId)).toBe(1)
    expect(closed.sort()).toEqual(['bad', 'bad2', 'bad3'])
    for (const ip of ['10.0.0.1', '10.0.0.99', '10.0.0.3'])
      expect(offenders.refusesAddr(addr(ip))).toBe(false)
  })

  it('forgives a refused id once it is an established user, not a new one', () => {
    const users: string[] = []
    const { offenders, tick } = table(
      [
        ['late', '10.0.0.1'],
        ['new', '10.0.0.2'],
      ],
      users,
      { coolDownMs: 1000 },
    )
    offenders.offended('late' as NodeId)
    offenders.offended('new' as NodeId)
    users.push('late', 'new')
    offenders.listed('new' as NodeId)
    expect(offenders.refusesPeer('late' as NodeId)).toBe(false)
    expect(offenders.refusesPeer('new' as NodeId)).toBe(true)
    tick(500)
    expect(offenders.refusesPeer('new' as NodeId)).toBe(false)
  })

  it("cuts a user at its third offence in the window and at each while it keeps offending; its IP unless an established user's", () => {
    const { offenders, closed, addr, tick } = table(
      [
        ['user', '10.0.0.1'],
        ['x', '10.0.0.1'],
        ['user2', '10.0.0.2'],
        ['old', '10.0.0.2'],
      ],
      ['user', 'user2', 'old'],
    )
    offenders.userSeen('user' as NodeId, [addr('10.0.0.1')])
    expect(offenders.offended('user' as NodeId)).toBe(0)
    expect(offenders.offended('user' as NodeId)).toBe(0)
    expect(closed).toEqual([])
    expect(offenders.isEstablished('user' as NodeId)).toBe(false)
    // the third: it and the stranger beside it; its IP is refused (it spared it, no more)
    expect(offenders.offended('user' as NodeId)).toBe(2)
    expect(closed.sort()).toEqual(['user', 'x'])
    expect(offenders.refusesPeer('user' as NodeId)).toBe(true)
    expect(offenders.refusesAddr(addr('10.0.0.1'))).toBe(true)
    tick(100)
    expect(offenders.refusesPeer('user' as NodeId)).toBe(false)
    // still in its window: one more offence cuts it again
    expect(offenders.offended('user' as NodeId)).toBe(2)
    expect(offenders.refusesPeer('user' as NodeId)).toBe(true)
    // past the window with no offence, it is forgiven two again
    tick(1000)
    expect(offenders.offended('user' as NodeId)).toBe(0)

    // beside an established user, a user cut loses its id, not the IP
    for (let i = 0; i < 3; i++) offenders.offended('user2' as NodeId)
    expect(offenders.refusesPeer('user2' as NodeId)).toBe(true)
    expect(offenders.refusesAddr(addr('10.0.0.2'))).toBe(false)
    expect(closed.filter((p) => p === 'old')).toEqual([])
  })

  it('spares the IP of an established user only, not of a new one', () => {
    const { offenders, closed, addr, tick } = table(
      [
        ['new', '10.0.0.1'],
        ['bad', '10.0.0.1'],
      ],
      ['new'],
    )
    offenders.listed('new' as NodeId)
    offenders.userSeen('new' as NodeId, [addr('10.0.0.1')])
    expect(offenders.isEstablished('new' as NodeId)).toBe(false)
    // the new user's IP is refused, but its connection is not cut
    expect(offenders.offended('bad' as NodeId)).toBe(1)
    expect(offenders.refusesAddr(addr('10.0.0.1'))).toBe(true)
    tick(500)
    expect(offenders.isEstablished('new' as NodeId)).toBe(true)
    expect(offenders.offended('bad' as NodeId)).toBe(1)
    expect(offenders.refusesAddr(addr('10.0.0.1'))).toBe(false)
    expect(closed).toEqual(['bad', 'bad'])
  })

  it('a flood of new users that evicts a young one leaves no user established until it would have been', () => {
    const { offenders, tick } = table([], ['old', 'a', 'b', 'c', 'd'], { maxEntries: 3 })
    expect(offenders.isEstablished('old' as NodeId)).toBe(true)
    for (const p of ['a', 'b', 'c', 'd']) offenders.listed(p as NodeId)
    // 'a' was evicted while young: neither it nor 'old' counts as established
    expect(offenders.isEstablished('a' as NodeId)).toBe(false)
    expect(offenders.isEstablished('old' as NodeId)).toBe(false)
    tick(500)
    expect(offenders.isEstablished('a' as NodeId)).toBe(true)
    expect(offenders.isEstablished('old' as NodeId)).toBe(true)
  })

  it('keeps each table bounded, the oldest evicted', () => {
    const conns: [string, string][] = Array.from({ length: 5 }, (_, i) => [`p${i}`, `10.0.1.${i}`])
    const newUsers = Array.from({ length: 5 }, (_, i) => `n${i}`)
    const { offenders, addr } = table(conns, ['u', ...newUsers], { maxEntries: 3 })
    for (const [peer] of conns) offenders.offended(peer as NodeId)
    for (let i = 0; i < 5; i++) offenders.userSeen('u' as NodeId, [addr(`10.0.2.${i}`)])
    for (let i = 0; i < 5; i++) offenders.listed(`n${i}` as NodeId)
    for (let i = 0; i < 5; i++) offenders.offended(`n${i}` as NodeId)
    expect(offenders.sizes).toEqual({ hosts: 3, peers: 3, userHosts: 3, newUsers: 3, userOffences: 3 })
    expect(offenders.refusesPeer('p0' as NodeId)).toBe(false)
    expect(offenders.refusesAddr(addr('10.0.1.0'))).toBe(false)
    expect(offenders.refusesPeer('p4' as NodeId)).toBe(true)
    expect(offenders.refusesAddr(addr('10.0.1.4'))).toBe(true)
  })

  it('does nothing with coolDownMs 0', () => {
    const offenders = new Offenders(
      { ...DEFAULT_OFFENDER_LIMITS, coolDownMs: 0 },
      { connections: () => [], isUser: () => false, isExemptHost: () => false },
    )
    expect(offenders.offended('p' as NodeId)).toBe(0)
    expect(offenders.refusesPeer('p' as NodeId)).toBe(false)
  })
})
