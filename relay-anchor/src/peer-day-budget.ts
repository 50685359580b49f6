/**
 * The anchor's per-day admission budget per peer (issue 11, docs/design.md §5 "admission is bounded"):
 * what one peer may bring that the anchor did not ask it for — posts by authors other than that
 * peer, e.g. messages it carries for this anchor's users — in posts and bytes per UTC day, and per
 * session. Kept in the mailbox database (`peer_days`, bounded, see schema-admission.ts), so neither
 * a restart nor a row-flushing sybil swarm gives a peer a fresh day. Over budget, an item is refused
 * with AdmissionRefusedError, which the session skips and scores against that peer.
 */
import type { NodeId } from '../../src/core/model/index.ts'
import type { AdmissionStore } from '../../src/core/storage/index.ts'
import { ADMISSION_DEFAULTS, AdmissionBudget, type AdmissionPolicy } from '../../src/core/sync/index.ts'

/** One peer's caps on unasked-for posts. */
export interface PeerDayLimits {
  /** Posts per UTC day (default 200). */
  posts: number
  /** Bytes per UTC day (default 4 MiB). */
  bytes: number
  /** Posts in one session (default 20). */
  perSession: number
  /** Posts of one author in one session (default 5). */
  perAuthorPerSession: number
}

/** Defaults of PeerDayLimits. */
export const PEER_DAY_DEFAULTS: PeerDayLimits = {
  posts: 200,
  bytes: 4 * 1024 * 1024,
  perSession: ADMISSION_DEFAULTS.perSession,
  perAuthorPerSession: ADMISSION_DEFAULTS.perSenderPerDay,
}

/** The admission policy of one pull of `peer`: its day so far read from `store`, each admitted post written through. */
export function peerDayAdmission(
  store: Pick<AdmissionStore, 'loadPeerDay' | 'chargePeerDay'>,
  peer: NodeId,
  limits: PeerDayLimits = PEER_DAY_DEFAULTS,
  now: () => number = Date.now,
): AdmissionPolicy {
  return new AdmissionBudget({
    limits: {
      perDay: limits.posts,
      bytesPerDay: limits.bytes,
      perSession: limits.perSession,
      // per author counts are not kept across sessions: the day's cap is the peer's
      perSenderPerDay: limits.perAuthorPerSession,
    },
    now,
    ledger: {
      loadAdmissionDay: (day) => ({ ...store.loadPeerDay(day, peer), perSender: new Map() }),
      chargeAdmission: (day, _author, bytes) => store.chargePeerDay(day, peer, bytes),
    },
  })
}
