/**
 * A node's liveness hooks for sync (issue 15: "liveness is passive; it rides on the periodic sync").
 * As requester it opens a pull with a `check`: a probe of the posts the peer is believed to hold
 * (least recently seen first) and the self-reports queued for that peer as author. As responder it
 * answers probes (only for posts it would send that peer anyway, so a probe is no oracle) and takes
 * the requester's reports about itself. Everything a peer says is checked; lies are typed errors.
 */
import { fromHex, type RandomSource, randomBytes, toHex } from '../crypto/index.ts'
import { DistsocError, ValidationError } from '../errors.ts'
import type { Millis, NodeId, PostId, Signed, SignedPost } from '../model/index.ts'
import { FRAME_LIMITS, PROBE_NONCE_BYTES, type SyncLiveness } from '../sync/index.ts'
import { type HoldingReport, verifyHoldingReport } from './holding-report.ts'
import { REPLICA_DEFAULTS } from './limits.ts'
import { answerProbe, type CopyLookup, checkHeldAnswer } from './liveness-proof.ts'
import type { ReplicaBook } from './replica-book.ts'
import type { ReportOutbox } from './report-outbox.ts'

/** What the hooks need from the node. */
export interface SyncLivenessDeps {
  book: ReplicaBook
  outbox: ReportOutbox
  /** This node's full copies (post and every blob). */
  lookup: CopyLookup
  /** Whether `requester` could pull `post` from us anyway (the sender-side filter). */
  mayProve(requester: NodeId, post: SignedPost): boolean
  now(): Millis
  random?: RandomSource
  /** Ids per probe (default REPLICA_DEFAULTS.probeIds, at most FRAME_LIMITS.idsPerProbe). */
  probeIds?: number
  /** Signs a queued unsigned report as this node (default: unsigned reports are dropped). */
  sign?(report: HoldingReport): Promise<Signed<HoldingReport>>
  /** Called with each verified report before it is applied (e.g. to start tracking an own post). */
  beforeReport?(report: HoldingReport): void
  /** A report or answer of `peer` refused, with the error name (score, count). */
  onRefused?(peer: NodeId, reason: string): void
}

/** The SyncLiveness of a node; see the file comment. */
export function syncLiveness(deps: SyncLivenessDeps): SyncLiveness {
  const random = deps.random ?? randomBytes
  const probeIds = Math.min(deps.probeIds ?? REPLICA_DEFAULTS.probeIds, FRAME_LIMITS.idsPerProbe)
  return {
    async check(peer) {
      const ids = deps.book.probeFor(peer, probeIds).map((id) => fromHex(id))
      const reports: Record<string, unknown>[] = []
      for (const entry of deps.outbox.take(peer, FRAME_LIMITS.reportsPerCheck)) {
        if ('record' in entry) reports.push(entry as unknown as Record<string, unknown>)
        else if (deps.sign !== undefined)
          reports.push((await deps.sign(entry)) as unknown as Record<string, unknown>)
      }
      return {
        ...(ids.length === 0 ? {} : { probe: { nonce: random(PROBE_NONCE_BYTES), ids } }),
        ...(reports.length === 0 ? {} : { reports }),
      }
    },
    async onHeld(peer, probe, answer) {
      const now = deps.now()
      try {
        const verdict = await checkHeldAnswer(probe, answer, deps.lookup)
        for (const id of verdict.held) deps.book.recordProof(peer, id, true, now)
        for (const id of verdict.dropped) deps.book.recordProof(peer, id, false, now)
      } catch (err) {
        // a peer that cannot prove its claims has proven nothing: none of the probed posts count as held
        for (const raw of probe.ids) deps.book.recordProof(peer, toHex(raw) as PostId, false, now)
        throw err
      }
    },
    prove(requester, probe) {
      return answerProbe(probe, async (id) => {
        const copy = await deps.lookup(id)
        return copy !== undefined && deps.mayProve(requester, copy.post) ? copy : undefined
      })
    },
    async onReports(requester, reports) {
      const now = deps.now()
      for (const candidate of reports) {
        try {
          const report = await verifyHoldingReport(candidate, now)
          if (report.record.holder !== requester) throw new ValidationError('a peer reports only for itself')
          deps.beforeReport?.(report.record)
          deps.book.applyReport(report, now)
        } catch (err) {
          if (!(err instanceof DistsocError)) throw err
          deps.onRefused?.(requester, err.name)
        }
      }
    },
  }
}
