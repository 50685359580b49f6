/**
 * How many pulls a node serves (docs/design.md §5 "admission is bounded"): at most `perPeer` sessions of
 * one peer at once, `global` sessions in all, and `perPeerPerMinute` new sessions of one peer per
 * minute. With `isUser` (an anchor's users), peers that are not users share a smaller budget of
 * their own — `strangers` sessions at once and `strangersPerSecond` new ones in all — so a swarm of
 * throwaway peers, each under the per-peer caps, cannot take what the users need (issue 11). A pull
 * over budget is refused at once (SyncBusyError), never queued.
 */
import type { Millis } from '../model/index.ts'

/** Limits of a PullBudget. */
export interface PullBudgetInit {
  /** Concurrent sessions of one peer; default 2. */
  perPeer?: number
  /** Concurrent sessions in all; default 64. */
  global?: number
  /** Sessions one peer may start per minute; default 30. */
  perPeerPerMinute?: number
  /** Peers served first (an anchor's users); default every peer. The others get the stranger caps. */
  isUser?: (peer: string) => boolean
  /** Concurrent sessions of all strangers together; default a quarter of `global`. */
  strangers?: number
  /** New sessions of all strangers together per second; default 50. */
  strangersPerSecond?: number
  now?: () => Millis
}

/** Why a pull was refused. */
export type PullRefusal = 'peer-busy' | 'global-busy' | 'peer-rate' | 'strangers-busy' | 'strangers-rate'

/** Peers whose minute counters are kept before stale ones are swept. */
const MAX_TRACKED_PEERS = 4096

/** The budget; `tryStart` hands out a release function or the reason for a refusal. */
export class PullBudget {
  private readonly perPeer: number
  private readonly global: number
  private readonly perMinute: number
  private readonly now: () => Millis
  private readonly isUser: (peer: string) => boolean
  private readonly strangers: number
  private readonly strangersPerSecond: number
  private strangersRunning = 0
  private strangerSecond = { second: 0, count: 0 }
  private running = 0
  private readonly active = new Map<string, number>()
  private readonly starts = new Map<string, { minute: number; count: number }>()

  constructor(init: PullBudgetInit = {}) {
    this.perPeer = init.perPeer ?? 2
    this.global = init.global ?? 64
    this.perMinute = init.perPeerPerMinute ?? 30
    this.now = init.now ?? Date.now
    this.isUser = init.isUser ?? (() => true)
    this.strangers = init.strangers ?? Math.max(1, Math.floor(this.global / 4))
    this.strangersPerSecond = init.strangersPerSecond ?? 50
  }

  /** Sessions being served now. */
  get inFlight(): number {
    return this.running
  }

  /** Starts a session of `peer`: a release function to call once when it ends, or a refusal. */
  tryStart(peer: string): { release: () => void } | { refused: PullRefusal } {
    const mine = this.active.get(peer) ?? 0
    if (mine >= this.perPeer) return { refused: 'peer-busy' }
    if (this.running >= this.global) return { refused: 'global-busy' }
    const stranger = !this.isUser(peer)
    const second = Math.floor(this.now() / 1000)
    if (stranger) {
      if (this.strangersRunning >= this.strangers) return { refused: 'strangers-busy' }
      if (this.strangerSecond.second !== second) this.strangerSecond = { second, count: 0 }
      if (this.strangerSecond.count >= this.strangersPerSecond) return { refused: 'strangers-rate' }
    }
    const minute = Math.floor(this.now() / 60_000)
    const started = this.starts.get(peer)
    const count = started?.minute === minute ? started.count : 0
    if (count >= this.perMinute) return { refused: 'peer-rate' }
    if (this.starts.size >= MAX_TRACKED_PEERS && started === undefined) this.sweep(minute)
    this.starts.set(peer, { minute, count: count + 1 })
    this.active.set(peer, mine + 1)
    this.running++
    if (stranger) {
      this.strangersRunning++
      this.strangerSecond.count++
    }
    let released = false
    return {
      release: () => {
        if (released) return
        released = true
        this.running--
        if (stranger) this.strangersRunning--
        const left = (this.active.get(peer) ?? 1) - 1
        if (left <= 0) this.active.delete(peer)
        else this.active.set(peer, left)
      },
    }
  }

  private sweep(minute: number): void {
    for (const [peer, s] of this.starts) if (s.minute !== minute) this.starts.delete(peer)
  }
}
