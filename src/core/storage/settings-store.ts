/** Settings (JSON values), saved custom feeds and per-peer DM state (seed D-1 message requests). */
import type { CustomFeed } from '../api/index.ts'
import { CorruptStorageError, NotFoundError, ValidationError } from '../errors.ts'
import type { Millis, NodeId } from '../model/index.ts'
import { parseJsonColumn } from './record-codec.ts'
import type { StoreContext } from './store-context.ts'
import { checkMillis, checkName, checkNodeId, checkNodeIds, checkObject, checkString } from './validate.ts'

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Where a DM conversation stands: accepted request, ignored, or undecided (`null`). */
export interface DmState {
  peer: NodeId
  status: 'accepted' | 'ignored' | null
  last_read_at: Millis | null
}

/** The settings, custom feeds and DM state part of the store. */
export interface SettingsStore {
  /** A setting checked by `guard` (`CorruptStorageError` if it fails), or `undefined` if unset. */
  getSetting<T>(key: string, guard: (value: unknown) => value is T): T | undefined
  /** Sets a setting to a JSON value (at most 64 KiB encoded). */
  setSetting(key: string, value: Json): void
  /** Unsets a setting; returns whether it was set. */
  deleteSetting(key: string): boolean
  /** Creates or replaces a saved custom feed (by `id`); new feeds go last. */
  saveCustomFeed(feed: CustomFeed): void
  /** A saved custom feed, or `undefined`. */
  getCustomFeed(id: string): CustomFeed | undefined
  /** Saved custom feeds in the order they were created. */
  listCustomFeeds(): CustomFeed[]
  /** Deletes a saved custom feed (`NotFoundError`). */
  deleteCustomFeed(id: string): void
  /** Accepts a message request from `peer`. */
  acceptDm(peer: NodeId): void
  /** Ignores `peer`'s messages (their thread is hidden). */
  ignoreDm(peer: NodeId): void
  /** Marks `peer`'s thread read up to `at` (default: now). */
  markDmRead(peer: NodeId, at?: Millis): void
  /** The DM state of `peer` (undecided and never read if unknown). */
  getDmState(peer: NodeId): DmState
}

function checkKey(value: unknown, arg: string): asserts value is string {
  checkString(value, arg, 200)
  if (value.length === 0) throw new ValidationError(`${arg}: must not be empty`)
}

/** Checks a custom feed's filter fields; returns the filter without id / name. */
export function checkFeedFilter(f: Record<string, unknown>, arg: string): Omit<CustomFeed, 'id' | 'name'> {
  const filter: Omit<CustomFeed, 'id' | 'name'> = {}
  if (f.circle !== undefined) filter.circle = checkName(f.circle, `${arg}.circle`)
  if (f.authors !== undefined) filter.authors = checkNodeIds(f.authors, `${arg}.authors`, 1000)
  if (f.text !== undefined) {
    checkString(f.text, `${arg}.text`, 200)
    filter.text = f.text
  }
  if (f.with_media !== undefined) {
    if (typeof f.with_media !== 'boolean') throw new ValidationError(`${arg}.with_media: must be a boolean`)
    filter.with_media = f.with_media
  }
  return filter
}

function rowToFeed(row: { id: string; name: string; filter: string }): CustomFeed {
  const parsed = parseJsonColumn(row.filter, 'custom_feeds.filter')
  try {
    checkObject(parsed, 'filter')
    return { id: row.id, name: row.name, ...checkFeedFilter(parsed, 'filter') }
  } catch {
    throw new CorruptStorageError(`custom feed ${row.id}: bad filter`)
  }
}

/** Builds the settings part over a shared context. */
export function createSettingsStore({ db, clock }: StoreContext): SettingsStore {
  const setStatus = (peer: NodeId, status: 'accepted' | 'ignored'): void => {
    checkNodeId(peer, 'peer')
    db.run(
      'INSERT INTO dm_state (peer, status) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET status = excluded.status',
      [peer, status],
    )
  }
  return {
    getSetting<T>(key: string, guard: (value: unknown) => value is T): T | undefined {
      checkKey(key, 'key')
      if (typeof guard !== 'function') throw new ValidationError('guard: must be a function')
      const row = db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key])
      if (row === undefined) return undefined
      const value = parseJsonColumn(row.value, `settings.${key}`)
      if (!guard(value)) throw new CorruptStorageError(`settings.${key}: unexpected value`)
      return value
    },
    setSetting(key, value) {
      checkKey(key, 'key')
      let text: string | undefined
      try {
        text = JSON.stringify(value)
      } catch {
        throw new ValidationError('value: not JSON-serialisable')
      }
      if (text === undefined) throw new ValidationError('value: not a JSON value')
      if (text.length > 64 * 1024) throw new ValidationError('value: over 64 KiB')
      db.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [key, text])
    },
    deleteSetting(key) {
      checkKey(key, 'key')
      return db.run('DELETE FROM settings WHERE key = ?', [key]).changes > 0
    },

    saveCustomFeed(feed) {
      checkObject(feed, 'feed')
      checkKey(feed.id, 'feed.id')
      const name = checkName(feed.name, 'feed.name')
      const filter = checkFeedFilter(feed, 'feed')
      db.run(
        'INSERT INTO custom_feeds (id, name, filter, position) VALUES (?, ?, ?, ' +
          '(SELECT coalesce(max(position), 0) + 1 FROM custom_feeds)) ' +
          'ON CONFLICT (id) DO UPDATE SET name = excluded.name, filter = excluded.filter',
        [feed.id, name, JSON.stringify(filter)],
      )
    },
    getCustomFeed(id) {
      checkKey(id, 'id')
      const row = db.get<{ id: string; name: string; filter: string }>(
        'SELECT id, name, filter FROM custom_feeds WHERE id = ?',
        [id],
      )
      return row === undefined ? undefined : rowToFeed(row)
    },
    listCustomFeeds() {
      return db
        .all<{ id: string; name: string; filter: string }>(
          'SELECT id, name, filter FROM custom_feeds ORDER BY position',
        )
        .map(rowToFeed)
    },
    deleteCustomFeed(id) {
      checkKey(id, 'id')
      if (db.run('DELETE FROM custom_feeds WHERE id = ?', [id]).changes === 0) {
        throw new NotFoundError(`id: no custom feed "${id}"`)
      }
    },

    acceptDm: (peer) => setStatus(peer, 'accepted'),
    ignoreDm: (peer) => setStatus(peer, 'ignored'),
    markDmRead(peer, at) {
      checkNodeId(peer, 'peer')
      if (at !== undefined) checkMillis(at, 'at')
      db.run(
        'INSERT INTO dm_state (peer, last_read_at) VALUES (?, ?) ' +
          'ON CONFLICT (peer) DO UPDATE SET last_read_at = max(coalesce(dm_state.last_read_at, 0), excluded.last_read_at)',
        [peer, at ?? clock.now()],
      )
    },
    getDmState(peer) {
      checkNodeId(peer, 'peer')
      const row = db.get<DmState>('SELECT peer, status, last_read_at FROM dm_state WHERE peer = ?', [peer])
      return row ?? { peer, status: null, last_read_at: null }
    },
  }
}
