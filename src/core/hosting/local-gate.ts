/**
 * The browser node's hosting gate (docs/design.md §12): posts of people it follows are accepted
 * free (it reads them anyway); anything else is charged against max(3 × asked, starter) and
 * recorded in `hosted_posts` once stored. Reservations of offers in flight count as used.
 */
import type { Millis, NodeId } from '../model/index.ts'
import type { Store } from '../storage/index.ts'
import type { HostingDecision, HostingGate } from './hosting-gate.ts'
import { measureHosting } from './hosting-usage.ts'
import { DEFAULT_STARTER_BYTES, fitsQuota } from './quota-rule.ts'

/** The settings key of the starter allowance (bytes; a number). */
export const STARTER_BYTES_SETTING = 'hosting.starter_bytes'

const isBytes = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** The starter allowance from settings (default DEFAULT_STARTER_BYTES). */
export function starterBytes(store: Store): number {
  return store.getSetting(STARTER_BYTES_SETTING, isBytes) ?? DEFAULT_STARTER_BYTES
}

/**
 * A gate over `store` for node `me`; `liveForMs` is the holder timeout: only holders seen within it
 * count towards what this node asks of others (default: every holder row counts).
 */
export function localHostingGate(
  store: Store,
  me: NodeId,
  now: () => Millis,
  liveForMs: () => number = () => Number.POSITIVE_INFINITY,
): HostingGate {
  let reserved = 0
  const follows = (author: NodeId): boolean =>
    store.db.get('SELECT 1 AS x FROM follows WHERE node_id = ?', [author]) !== undefined
  const usage = () => measureHosting(store.db, me, starterBytes(store), Math.max(0, now() - liveForMs()))
  return {
    decide(post, bytes, from): HostingDecision {
      const author = post.post.author
      const free = author === me || follows(author)
      const current = usage()
      if (!free && !fitsQuota(current, reserved, bytes)) {
        return {
          kind: 'refuse',
          reason: 'over-quota',
          spare: Math.max(0, current.quota - current.hosted - reserved),
        }
      }
      const charge = free ? 0 : bytes
      reserved += charge
      let open = true
      const close = (): void => {
        if (open) reserved -= charge
        open = false
      }
      return {
        kind: 'accept',
        reservation: {
          commit() {
            close()
            if (free) return
            store.db.run(
              'INSERT OR IGNORE INTO hosted_posts (post_id, asked_by, hosted_at) VALUES (?, ?, ?)',
              [post.id, from, now()],
            )
          },
          release: close,
        },
      }
    },
    spare() {
      const current = usage()
      return Math.max(0, current.quota - current.hosted - reserved)
    },
  }
}
