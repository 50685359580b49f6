/** Notification toggles (issue 16) on a real node service over sql.js: defaults, stored, per node. */
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { offlinePerson, TEST_BOOTSTRAP } from './test-support/offline-person.ts'

const SQL = await initSqlJs()

describe('notification settings', () => {
  it('start with both kinds on, store a change and keep one node from another', async () => {
    const alice = await offlinePerson(SQL, 'Alice', { bootstrap: TEST_BOOTSTRAP })
    const bob = await offlinePerson(SQL, 'Bob', { bootstrap: TEST_BOOTSTRAP })
    expect(await alice.node.handlers['settings.notifications.get']({})).toEqual({
      messages: true,
      replies: true,
    })
    const set = await alice.node.handlers['settings.notifications.set']({ messages: false, replies: true })
    expect(set).toEqual({ messages: false, replies: true })
    expect(await alice.node.handlers['settings.notifications.get']({})).toEqual({
      messages: false,
      replies: true,
    })
    expect(await bob.node.handlers['settings.notifications.get']({})).toEqual({
      messages: true,
      replies: true,
    })
  })
})
