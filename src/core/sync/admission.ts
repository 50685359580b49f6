/**
 * Admission budgets for what a node did not ask for (docs/design.md §5): posts by authors it does not
 * follow that reach it because they are addressed to it (message requests, seed D-1). Each is
 * charged per sender (its author) per day, per session and per day in count and bytes; over any of
 * them it is refused with AdmissionRefusedError, which the session skips and scores against the
 * peer that sent it. Counters are keyed by UTC day and bounded by the day's caps; with a ledger
 * (the node's store) every charge is written through, so a restart does not give a sender a new day.
 */
import { AdmissionRefusedError } from '../errors.ts'
import type { Millis, NodeId } from '../model/index.ts'

/** Caps on unsolicited posts. */
export interface AdmissionLimits {
  /** From one author per day (default 5). */
  perSenderPerDay: number
  /** In one session, from any authors (default 20). */
  perSession: number
  /** Per day, from any authors (default 100). */
  perDay: number
  /** Bytes per day, from any authors (default 1 MiB). */
  bytesPerDay: number
}

/** Defaults of AdmissionLimits: a 10,000-post flood leaves at most 100 posts / 1 MiB a day. */
export const ADMISSION_DEFAULTS: AdmissionLimits = {
  perSenderPerDay: 5,
  perSession: 20,
  perDay: 100,
  bytesPerDay: 1024 * 1024,
}

/** The budget of one session; both throw AdmissionRefusedError when a cap is reached. */
export interface AdmissionSession {
  /** Refuses at once if a post from `author` could not be admitted (spares verifying it). */
  check(author: NodeId): void
  /** Charges one verified post of `bytes` from `author`. */
  admit(author: NodeId, bytes: number): void
}

/** What a requester asks of a node's admission policy. */
export interface AdmissionPolicy {
  /** Authors this node asked for in general (its follows and itself); their posts are never charged. */
  follows?(author: NodeId): boolean
  /** Opens the budget of one session. */
  session(): AdmissionSession
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Where the day's counters are kept across restarts (the store's admission part, core/storage). */
export interface AdmissionLedger {
  /** What was admitted on UTC day `day`. */
  loadAdmissionDay(day: number): { posts: number; bytes: number; perSender: ReadonlyMap<NodeId, number> }
  /** Records one admitted post of `bytes` from `sender` on `day`. */
  chargeAdmission(day: number, sender: NodeId, bytes: number): void
}

/** A node's long-lived admission budget (one per node, shared by all its sessions). */
export class AdmissionBudget implements AdmissionPolicy {
  private readonly limits: AdmissionLimits
  private readonly now: () => Millis
  private readonly followed: ((author: NodeId) => boolean) | undefined
  private readonly ledger: AdmissionLedger | undefined
  private day = -1
  private count = 0
  private bytes = 0
  private readonly perSender = new Map<NodeId, number>()

  constructor(
    options: {
      limits?: Partial<AdmissionLimits>
      now?: () => Millis
      follows?: (author: NodeId) => boolean
      /** Keeps the counters across restarts; default: memory only. */
      ledger?: AdmissionLedger
    } = {},
  ) {
    this.limits = { ...ADMISSION_DEFAULTS, ...options.limits }
    this.now = options.now ?? Date.now
    this.followed = options.follows
    this.ledger = options.ledger
  }

  follows(author: NodeId): boolean {
    return this.followed?.(author) ?? false
  }

  /** Posts and bytes admitted today. */
  usedToday(): { posts: number; bytes: number } {
    this.roll()
    return { posts: this.count, bytes: this.bytes }
  }

  session(): AdmissionSession {
    let inSession = 0
    const check = (author: NodeId, bytes: number): void => {
      this.roll()
      const { perSenderPerDay, perSession, perDay, bytesPerDay } = this.limits
      if (inSession >= perSession) throw new AdmissionRefusedError(`over ${perSession} unsolicited a session`)
      if ((this.perSender.get(author) ?? 0) >= perSenderPerDay) {
        throw new AdmissionRefusedError(`over ${perSenderPerDay} a day from one sender`)
      }
      if (this.count >= perDay) throw new AdmissionRefusedError(`over ${perDay} unsolicited a day`)
      if (this.bytes + bytes > bytesPerDay) {
        throw new AdmissionRefusedError(`over ${bytesPerDay} unsolicited bytes a day`)
      }
    }
    return {
      check: (author) => check(author, 0),
      admit: (author, bytes) => {
        check(author, bytes)
        // written first: a charge the ledger could not keep is not admitted
        this.ledger?.chargeAdmission(this.day, author, bytes)
        inSession++
        this.count++
        this.bytes += bytes
        this.perSender.set(author, (this.perSender.get(author) ?? 0) + 1)
      },
    }
  }

  private roll(): void {
    const day = Math.floor(this.now() / DAY_MS)
    if (day === this.day) return
    this.day = day
    this.perSender.clear()
    const held = this.ledger?.loadAdmissionDay(day)
    this.count = held?.posts ?? 0
    this.bytes = held?.bytes ?? 0
    for (const [sender, n] of held?.perSender ?? []) this.perSender.set(sender, n)
  }
}
