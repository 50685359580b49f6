/**
 * A per-key token bucket (docs/design.md §6: locate and notices are rate-limited per requester): each key
 * may spend `burst` requests at once and earns one back every `refillMs`. Keys are bounded; the
 * least recently used key is forgotten first, which only ever gives a forgotten key a full bucket
 * of `burst` again — never more.
 */
import type { Millis } from '../model/index.ts'

/** Options of a budget. */
export interface RequestBudgetInit {
  /** Requests a key may make at once (default 8). */
  burst?: number
  /** Time to earn one request back (default 2 s). */
  refillMs?: number
  /** Keys remembered (default 10,000). */
  maxKeys?: number
  now?: () => Millis
}

/** Per-key request budget. */
export class RequestBudget {
  private readonly buckets = new Map<string, { tokens: number; at: Millis }>()
  private readonly burst: number
  private readonly refillMs: number
  private readonly maxKeys: number
  private readonly now: () => Millis

  constructor(init: RequestBudgetInit = {}) {
    this.burst = init.burst ?? 8
    this.refillMs = init.refillMs ?? 2000
    this.maxKeys = init.maxKeys ?? 10_000
    this.now = init.now ?? Date.now
  }

  /** Spends one request of `key`'s budget; false (nothing spent) when it has none left. */
  take(key: string): boolean {
    const now = this.now()
    const old = this.buckets.get(key)
    const earned = old === undefined ? this.burst : old.tokens + (now - old.at) / this.refillMs
    const tokens = Math.min(this.burst, earned)
    this.buckets.delete(key)
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now })
      return false
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value
      if (oldest === undefined) break
      this.buckets.delete(oldest)
    }
    return true
  }
}
