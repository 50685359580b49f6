/**
 * What the mailbox holds, per author, per recipient and in total (docs/design.md §5 "anchors keep quotas
 * per author, per recipient and in total"). Read once from the database when the mailbox opens
 * (grouped queries) and kept up to date as posts are stored and deleted, so a quota check or a
 * /metrics scrape never scans a table. After a restart the figures are rebuilt from the rows, so
 * they match what is stored; the charge rule below is the one the rebuild uses.
 */
import { POST_COST_SQL } from '../../src/core/hosting/index.ts'
import type { NodeId } from '../../src/core/model/index.ts'
import type { Store } from '../../src/core/storage/index.ts'

/** Posts and bytes. */
export interface Usage {
  posts: number
  bytes: number
}

/**
 * What one stored post costs and to whom: always its author; for an encrypted post also every
 * recipient other than the author whose profile lists this anchor (their inbox), so throwaway
 * authors cannot fill one user's box (issue 11 case 2).
 */
export interface Charge {
  author: NodeId
  recipients: readonly NodeId[]
  /** Post bytes + visibility bytes + declared attachment sizes (the hosting cost rule, core/hosting POST_COST_SQL). */
  bytes: number
}

/** The ledger. */
export class MailboxUsage {
  readonly total: Usage = { posts: 0, bytes: 0 }
  private readonly byAuthor = new Map<string, Usage>()
  private readonly byRecipient = new Map<string, Usage>()

  /** Usage charged to `author`. */
  author(author: string): Usage {
    return this.byAuthor.get(author) ?? { posts: 0, bytes: 0 }
  }

  /** Usage charged to `recipient`'s inbox. */
  recipient(recipient: string): Usage {
    return this.byRecipient.get(recipient) ?? { posts: 0, bytes: 0 }
  }

  /** Adds a stored post's charge. */
  add(charge: Charge): void {
    this.apply(charge, 1)
  }

  /** Takes a deleted post's charge back. */
  remove(charge: Charge): void {
    this.apply(charge, -1)
  }

  private apply(charge: Charge, sign: 1 | -1): void {
    bump(this.total, sign, charge.bytes)
    bumpIn(this.byAuthor, charge.author, sign, charge.bytes)
    for (const r of charge.recipients) bumpIn(this.byRecipient, r, sign, charge.bytes)
  }

  /** Rebuilds the ledger from `store` (once, at open); `keeps(r)` says whose inbox this anchor keeps. */
  static load(store: Store, keeps: (recipient: NodeId) => boolean): MailboxUsage {
    const usage = new MailboxUsage()
    const perAuthor = store.db.all<{ id: string; n: number; b: number }>(
      `SELECT p.author AS id, COUNT(*) AS n, SUM(${POST_COST_SQL}) AS b
       FROM posts p GROUP BY p.author`,
    )
    for (const row of perAuthor) {
      usage.byAuthor.set(row.id, { posts: row.n, bytes: row.b })
      usage.total.posts += row.n
      usage.total.bytes += row.b
    }
    const perRecipient = store.db.all<{ id: string; n: number; b: number }>(
      `SELECT pr.recipient AS id, COUNT(*) AS n, SUM(${POST_COST_SQL}) AS b
       FROM post_recipients pr JOIN posts p ON p.id = pr.post_id
       WHERE p.author <> pr.recipient GROUP BY pr.recipient`,
    )
    for (const row of perRecipient) {
      if (keeps(row.id as NodeId)) usage.byRecipient.set(row.id, { posts: row.n, bytes: row.b })
    }
    return usage
  }
}

function bump(u: Usage, sign: 1 | -1, bytes: number): void {
  u.posts += sign
  u.bytes += sign * bytes
}

function bumpIn(map: Map<string, Usage>, key: string, sign: 1 | -1, bytes: number): void {
  const u = map.get(key) ?? { posts: 0, bytes: 0 }
  bump(u, sign, bytes)
  if (u.posts <= 0) map.delete(key)
  else map.set(key, u)
}
