/** Follows (private, docs/design.md §6) and circles: named recipient lists (seed Phase D). */
import { DuplicateError, NotFoundError } from '../errors.ts'
import type { Millis, NodeId } from '../model/index.ts'
import type { StoreContext } from './store-context.ts'
import { checkName, checkNodeId, checkNodeIds } from './validate.ts'

/** A followed node and since when. */
export interface Follow {
  node_id: NodeId
  followed_at: Millis
}

/** A circle and its members. */
export interface Circle {
  name: string
  members: NodeId[]
}

/** The follows and circles part of the store. */
export interface SocialStore {
  /** Follows `id` (now, by the store's clock); returns false if already followed. */
  follow(id: NodeId): boolean
  /** Stops following; returns false if `id` was not followed. */
  unfollow(id: NodeId): boolean
  /** Every follow, oldest first. */
  listFollows(): Follow[]
  /** Whether `id` is followed. */
  isFollowing(id: NodeId): boolean
  /** Creates a circle. Names are trimmed; `ValidationError` if blank / over 64 chars, `DuplicateError` if taken. */
  createCircle(name: string, members: readonly NodeId[]): void
  /** Renames a circle and the audience of the posts sent to it (`NotFoundError`, `DuplicateError`). */
  renameCircle(from: string, to: string): void
  /** Deletes a circle and its member list (`NotFoundError`). */
  deleteCircle(name: string): void
  /** Adds a member; returns false if already in (`NotFoundError` for the circle). */
  addMember(name: string, id: NodeId): boolean
  /** Removes a member; returns false if not in (`NotFoundError` for the circle). */
  removeMember(name: string, id: NodeId): boolean
  /** Every circle with its members, by name. */
  listCircles(): Circle[]
  /** The members of a circle (`NotFoundError`). */
  circleMembers(name: string): NodeId[]
}

/** Builds the follows and circles part over a shared context. */
export function createSocialStore({ db, clock }: StoreContext): SocialStore {
  const mustExist = (name: string): void => {
    if (db.get('SELECT 1 AS x FROM circles WHERE name = ?', [name]) === undefined) {
      throw new NotFoundError(`name: no circle named "${name}"`)
    }
  }
  const members = (name: string): NodeId[] =>
    db
      .all<{ node_id: NodeId }>('SELECT node_id FROM circle_members WHERE circle = ? ORDER BY node_id', [
        name,
      ])
      .map((r) => r.node_id)

  return {
    follow(id) {
      checkNodeId(id, 'id')
      return (
        db.run('INSERT OR IGNORE INTO follows (node_id, followed_at) VALUES (?, ?)', [id, clock.now()])
          .changes > 0
      )
    },
    unfollow(id) {
      checkNodeId(id, 'id')
      return db.run('DELETE FROM follows WHERE node_id = ?', [id]).changes > 0
    },
    listFollows() {
      return db.all<Follow>('SELECT node_id, followed_at FROM follows ORDER BY followed_at, node_id')
    },
    isFollowing(id) {
      checkNodeId(id, 'id')
      return db.get('SELECT 1 AS x FROM follows WHERE node_id = ?', [id]) !== undefined
    },

    createCircle(rawName, rawMembers) {
      const name = checkName(rawName, 'name')
      const ids = checkNodeIds(rawMembers, 'members')
      db.transaction(() => {
        if (db.get('SELECT 1 AS x FROM circles WHERE name = ?', [name])) {
          throw new DuplicateError(`name: a circle named "${name}" exists`)
        }
        db.run('INSERT INTO circles (name, created_at) VALUES (?, ?)', [name, clock.now()])
        for (const id of ids) db.run('INSERT INTO circle_members (circle, node_id) VALUES (?, ?)', [name, id])
      })
    },
    renameCircle(rawFrom, rawTo) {
      const from = checkName(rawFrom, 'from')
      const to = checkName(rawTo, 'to')
      if (from === to) return mustExist(from)
      db.transaction(() => {
        mustExist(from)
        if (db.get('SELECT 1 AS x FROM circles WHERE name = ?', [to])) {
          throw new DuplicateError(`to: a circle named "${to}" exists`)
        }
        db.run('UPDATE circles SET name = ? WHERE name = ?', [to, from])
        db.run('UPDATE circle_members SET circle = ? WHERE circle = ?', [to, from])
        // The author's own circle posts show the circle's current name (issue 16).
        db.run(
          "UPDATE posts SET audience = json_set(audience, '$.name', ?) " +
            "WHERE audience IS NOT NULL AND json_extract(audience, '$.type') = 'circle' " +
            "AND json_extract(audience, '$.name') = ?",
          [to, from],
        )
      })
    },
    deleteCircle(rawName) {
      const name = checkName(rawName, 'name')
      db.transaction(() => {
        mustExist(name)
        db.run('DELETE FROM circle_members WHERE circle = ?', [name])
        db.run('DELETE FROM circles WHERE name = ?', [name])
      })
    },
    addMember(rawName, id) {
      const name = checkName(rawName, 'name')
      checkNodeId(id, 'id')
      return db.transaction(() => {
        mustExist(name)
        return (
          db.run('INSERT OR IGNORE INTO circle_members (circle, node_id) VALUES (?, ?)', [name, id]).changes >
          0
        )
      })
    },
    removeMember(rawName, id) {
      const name = checkName(rawName, 'name')
      checkNodeId(id, 'id')
      return db.transaction(() => {
        mustExist(name)
        return db.run('DELETE FROM circle_members WHERE circle = ? AND node_id = ?', [name, id]).changes > 0
      })
    },
    listCircles() {
      const rows = db.all<{ name: string; node_id: NodeId | null }>(
        'SELECT c.name, m.node_id FROM circles c LEFT JOIN circle_members m ON m.circle = c.name ' +
          'ORDER BY c.name, m.node_id',
      )
      const circles = new Map<string, NodeId[]>()
      for (const { name, node_id } of rows) {
        const list = circles.get(name) ?? []
        if (node_id !== null) list.push(node_id)
        circles.set(name, list)
      }
      return [...circles].map(([name, list]) => ({ name, members: list }))
    },
    circleMembers(rawName) {
      const name = checkName(rawName, 'name')
      mustExist(name)
      return members(name)
    },
  }
}
