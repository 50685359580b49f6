/**
 * What the sync bar shows (issue 12): "x/y" and a filling bar where the peers told how much is
 * coming; otherwise a running count and a moving bar, never a full bar that says nothing.
 */
import type { SyncProgress } from '../../core/api/index.ts'

/** The bar's words, and its value of max (both absent: an indeterminate bar). */
export interface SyncBar {
  label: string
  value?: number
  max?: number
}

/** The bar for the syncs in progress, one per peer. */
export function syncBar(syncs: Iterable<SyncProgress>): SyncBar {
  let peers = 0
  let received = 0
  let total = 0
  let open = false
  for (const p of syncs) {
    peers++
    received += p.received
    total += p.total
    // a peer that sent what nobody counted first (a first sync) says only how many arrived
    if (p.total <= p.received) open = true
  }
  const who = `Syncing with ${peers} ${peers === 1 ? 'peer' : 'peers'}…`
  const count = received.toLocaleString('en')
  if (open) return { label: `${who} ${count} ${received === 1 ? 'post' : 'posts'} so far` }
  return { label: `${who} ${count}/${total.toLocaleString('en')}`, value: received, max: total }
}
