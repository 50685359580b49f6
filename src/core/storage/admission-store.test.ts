import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { AdmissionBudget } from '../sync/index.ts'
import { PEER_BACKOFF_ROWS, PEER_DAY_ROWS } from './admission-store.ts'
import { createSqlJsDriver } from './sqljs-driver.ts'
import { openStore, type Store } from './store.ts'
import { nodeId } from './test-support/fixtures.ts'

const SQL = await initSqlJs()
const DAY = 24 * 60 * 60 * 1000
const T = 1_700_000_000_000

const files = new WeakMap<Store, InstanceType<typeof SQL.Database>>()

/** A store on a sql.js database (fresh, or from saved file bytes). */
function open(bytes?: Uint8Array): Store {
  const database = new SQL.Database(bytes)
  const store = openStore(createSqlJsDriver(database))
  files.set(store, database)
  return store
}

/** A restart: the database file saved, closed, and opened again by a new store. */
function restart(store: Store): Store {
  const bytes = files.get(store)?.export()
  store.close()
  return open(bytes)
}

function refusal(fn: () => void): string | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    return (err as Error).name
  }
}

describe('admission counters in SQLite', () => {
  it("keeps the day's spent budget, per sender and in total, across a reopen; the next day is fresh", () => {
    let now = T
    let store = open()
    const limits = { perSession: 50, perSenderPerDay: 2, perDay: 5, bytesPerDay: 10_000 }
    const budget = () => new AdmissionBudget({ limits, now: () => now, ledger: store })
    const s1 = budget().session()
    s1.admit(nodeId(1), 100)
    s1.admit(nodeId(1), 100)
    s1.admit(nodeId(2), 300)
    store = restart(store)
    const after = budget()
    expect(after.usedToday()).toEqual({ posts: 3, bytes: 500 })
    const s2 = after.session()
    expect(refusal(() => s2.admit(nodeId(1), 100))).toBe('AdmissionRefusedError')
    s2.admit(nodeId(3), 100)
    s2.admit(nodeId(4), 100)
    store = restart(store)
    expect(refusal(() => budget().session().admit(nodeId(5), 100))).toBe('AdmissionRefusedError')
    now += DAY
    store = restart(store)
    const next = budget()
    expect(next.usedToday()).toEqual({ posts: 0, bytes: 0 })
    next.session().admit(nodeId(1), 100)
    // the old day's rows are gone: one sender row and the total
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM admission_days')?.n).toBe(2)
    store.close()
  })

  it("holds at most the day's cap + 1 rows whatever a flood of senders tries", () => {
    const store = open()
    const budget = new AdmissionBudget({ now: () => T, ledger: store, limits: { perSession: 10_000 } })
    const session = budget.session()
    let refused = 0
    for (let i = 0; i < 1000; i++) if (refusal(() => session.admit(nodeId(i), 10)) !== undefined) refused++
    expect(refused).toBe(900)
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM admission_days')?.n).toBe(101)
    store.close()
  })

  it('refuses a charge that is not a NodeId and writes nothing', () => {
    const store = open()
    expect(refusal(() => store.chargeAdmission(1, 'x' as never, 1))).toBe('ValidationError')
    expect(refusal(() => store.chargeAdmission(-1, nodeId(1), 1))).toBe('ValidationError')
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM admission_days')?.n).toBe(0)
    store.close()
  })
})

describe('peer cool-downs in SQLite', () => {
  it('keeps a cool-down across a reopen and forgets it on delete', () => {
    let store = open()
    store.putPeerBackoff({ peer: nodeId(1), strikes: 2, until: T + 120_000 })
    store = restart(store)
    expect(store.getPeerBackoff(nodeId(1))).toEqual({ peer: nodeId(1), strikes: 2, until: T + 120_000 })
    store.deletePeerBackoff(nodeId(1))
    expect(store.getPeerBackoff(nodeId(1))).toBeUndefined()
    store.close()
  })

  it('is capped, and a swarm of fresh sybils never pushes out a longer cool-down', () => {
    const store = open()
    store.putPeerBackoff({ peer: nodeId(0), strikes: 6, until: T + DAY })
    for (let i = 1; i <= PEER_BACKOFF_ROWS + 500; i++) {
      store.putPeerBackoff({ peer: nodeId(i), strikes: 1, until: T + 60_000 + i })
    }
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM peer_backoff')?.n).toBe(PEER_BACKOFF_ROWS)
    expect(store.getPeerBackoff(nodeId(0))?.strikes).toBe(6)
    // the newest sybil is in, the ones ending soonest went
    expect(store.getPeerBackoff(nodeId(PEER_BACKOFF_ROWS + 500))).toBeDefined()
    expect(store.getPeerBackoff(nodeId(1))).toBeUndefined()
    store.close()
  })
})

describe("an anchor's per-peer day in SQLite", () => {
  const day = Math.floor(T / DAY)

  it("keeps each peer's admitted posts of the day across a reopen; the next day drops them", () => {
    let store = open()
    store.chargePeerDay(day, nodeId(1), 300)
    store.chargePeerDay(day, nodeId(1), 200)
    store.chargePeerDay(day, nodeId(2), 50)
    store = restart(store)
    expect(store.loadPeerDay(day, nodeId(1))).toEqual({ posts: 2, bytes: 500 })
    expect(store.loadPeerDay(day, nodeId(3))).toEqual({ posts: 0, bytes: 0 })
    store.chargePeerDay(day + 1, nodeId(2), 10)
    expect(store.loadPeerDay(day, nodeId(1))).toEqual({ posts: 0, bytes: 0 })
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM peer_days')?.n).toBe(1)
    expect(refusal(() => store.chargePeerDay(day, 'x' as never, 1))).toBe('ValidationError')
    store.close()
  })

  it('is capped, and a swarm of fresh sybils never frees a peer that spent its budget', () => {
    const store = open()
    for (let n = 0; n < 150; n++) store.chargePeerDay(day, nodeId(0), 1000)
    store.chargePeerDay(day, nodeId(1), 10)
    store.chargePeerDay(day, nodeId(1), 10)
    for (let i = 2; i <= PEER_DAY_ROWS + 500; i++) store.chargePeerDay(day, nodeId(i), 10)
    expect(store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM peer_days')?.n).toBe(PEER_DAY_ROWS)
    expect(store.loadPeerDay(day, nodeId(0))).toEqual({ posts: 150, bytes: 150_000 })
    expect(store.loadPeerDay(day, nodeId(1))).toEqual({ posts: 2, bytes: 20 })
    // the newest sybil is in; sybils with one post each made way for each other
    expect(store.loadPeerDay(day, nodeId(PEER_DAY_ROWS + 500)).posts).toBe(1)
    store.close()
  })
})
