/**
 * Replica settings (issue 15) on a real node service over sql.js: design's defaults, a change that
 * the replica book, the post views and the Settings line apply at once, and out-of-range values
 * refused with a typed error that stores nothing.
 */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { NodeId } from '../model/types.ts'
import { nodeReplicas } from './node-replicas.ts'
import { REPLICA_SETTING_DEFAULTS } from './replica-settings.ts'
import { offlinePerson } from './test-support/offline-person.ts'

const SQL = await initSqlJs()
const BOB = '12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK' as NodeId

describe('replica settings', () => {
  it('start at what design says: 3 holders, gone after a day, a restoration look every 10 minutes', async () => {
    const alice = await offlinePerson(SQL, 'Alice')
    expect(await alice.call('settings.replicas.get', {})).toEqual({
      target: 3,
      holder_timeout_ms: 24 * 60 * 60_000,
      restore_every_ms: 10 * 60_000,
    })
    expect(REPLICA_SETTING_DEFAULTS.holder_timeout_ms).toBe(86_400_000)
  })

  it('apply a shorter holder timeout and a lower target at once to the book, the badge and Settings', async () => {
    let now = 1_000_000
    const alice = await offlinePerson(SQL, 'Alice', { clock: { now: () => now } })
    const view = await alice.call('post.create', {
      content: 'who holds me?',
      intent: { type: 'public' },
      attachments: [],
    })
    nodeReplicas(alice.node.context).book.addHolder(BOB, view.id, now)
    now += 5_000
    const badge = async () =>
      (await alice.call('feed.page', { query: { type: 'mine' }, limit: 5 })).posts[0]?.redundancy

    expect(await badge()).toEqual({ live: 1, target: 3, low: true })
    const set = await alice.call('settings.replicas.set', { target: 1 })
    expect(set).toEqual({ ...REPLICA_SETTING_DEFAULTS, target: 1 })
    expect(alice.events.some((e) => e.type === 'replicas.changed')).toBe(true)
    expect(await badge()).toEqual({ live: 1, target: 1, low: false })
    expect(await alice.call('replicas.summary', {})).toMatchObject({ own_posts: 1, low: 0, target: 1 })

    // Bob was seen 5 s ago: live under a day's timeout, gone under a 2 s one
    await alice.call('settings.replicas.set', { holder_timeout_ms: 2_000 })
    expect(await badge()).toEqual({ live: 0, target: 1, low: true })
    expect(nodeReplicas(alice.node.context).book.lowPosts(now)).toEqual([view.id])
    expect(await alice.call('replicas.summary', {})).toEqual({
      own_posts: 1,
      low: 1,
      target: 1,
      drop_after_ms: 2_000,
    })
    expect(await alice.call('settings.replicas.get', {})).toEqual({
      target: 1,
      holder_timeout_ms: 2_000,
      restore_every_ms: 10 * 60_000,
    })
  })

  it('refuse a value out of bounds with a ValidationError and store nothing', async () => {
    const alice = await offlinePerson(SQL, 'Alice')
    for (const bad of [
      { target: 0 },
      { target: 17 },
      { holder_timeout_ms: 999 },
      { restore_every_ms: 25 * 60 * 60_000 },
      { target: 1.5 },
      { target: 2, holder_timeout_ms: 0 },
    ]) {
      await expect(alice.call('settings.replicas.set', bad)).rejects.toMatchObject({
        name: 'ValidationError',
      })
    }
    expect(await alice.call('settings.replicas.get', {})).toEqual(REPLICA_SETTING_DEFAULTS)
    expect(nodeReplicas(alice.node.context).book.target).toBe(3)
  })
})
