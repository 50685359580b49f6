/**
 * The anchor answers host offers by the same rules as its mailbox (issue 15, docs/design.md §12,
 * docs/protocol/hosting.md): a post is kept only for an author who lists this anchor or for
 * recipients who do (for anyone else the anchor's quota is 0), charged with the mailbox's cost rule
 * against its per-author, per-recipient and total quotas; over any of them the offer gets the same
 * typed refusal (`over-quota`, HostingQuotaExceededError on the asker) and nothing is written.
 */
import type { HostingGate } from '../../src/core/hosting/index.ts'
import type { NodeId } from '../../src/core/model/index.ts'
import type { MailboxQuota } from './mailbox.ts'
import { brokenQuota, chargeOf } from './mailbox-store.ts'
import type { MailboxUsage } from './mailbox-usage.ts'

/** A hosting gate over the mailbox ledger; `keeps(id)` says whose posts this anchor keeps. */
export function mailboxHostingGate(
  usage: MailboxUsage,
  quota: MailboxQuota,
  keeps: (id: NodeId) => boolean,
  onRefused?: () => void,
): HostingGate {
  let reserved = 0
  const spareTotal = (): number => Math.max(0, quota.totalBytes - usage.total.bytes - reserved)
  return {
    decide(post) {
      const charge = chargeOf(post, keeps)
      const kept = keeps(charge.author) || charge.recipients.length > 0
      const padded = { ...charge, bytes: charge.bytes + reserved }
      if (!kept || brokenQuota(usage, quota, padded) !== undefined) {
        onRefused?.()
        return { kind: 'refuse', reason: 'over-quota', spare: kept ? spareTotal() : 0 }
      }
      reserved += charge.bytes
      let open = true
      const close = (): void => {
        if (open) reserved -= charge.bytes
        open = false
      }
      // the mailbox store charges the post itself when it is written
      return { kind: 'accept', reservation: { commit: close, release: close } }
    },
    spare: spareTotal,
  }
}
