/**
 * Self-reports (issue 15: "peers self-report store and delete"): a holder signs that it now holds,
 * or has dropped, a post. `"distsoc/holding-report/v1" ‖ canonical(report)`, signed by the holder.
 * Reports are replay-protected by `at`: a node takes a report only if it is newer than the last one
 * it took from that holder for that post (replica-book.ts).
 */
import { concatBytes, sign, utf8, verify } from '../crypto/index.ts'
import { FutureTimestampError, InvalidSignatureError, ValidationError } from '../errors.ts'
import type { Identity } from '../model/index.ts'
import {
  encodeCanonical,
  expectBytes,
  expectObject,
  expectPostId,
  expectUint,
  LIMITS,
  type Millis,
  type NodeId,
  type PostId,
  parseNodeId,
  publicKeyFromNodeId,
  type Signed,
  type Verified,
} from '../model/index.ts'

/** Signature domain of holding reports. */
export const HOLDING_REPORT_DOMAIN = 'distsoc/holding-report/v1'

/** "I, `holder`, hold (or no longer hold) `author`'s post `post_id`, as of `at`." */
export interface HoldingReport {
  v: 1
  holder: NodeId
  author: NodeId
  post_id: PostId
  held: boolean
  at: Millis
}

/** Parses a HoldingReport strictly. Errors: ValidationError, InvalidNodeIdError. */
export function parseHoldingReport(value: unknown): HoldingReport {
  const o = expectObject(value, 'holding report', ['v', 'holder', 'author', 'post_id', 'held', 'at'])
  if (o.v !== 1) throw new ValidationError('holding report v must be 1')
  if (typeof o.held !== 'boolean') throw new ValidationError('holding report held must be a boolean')
  const report: HoldingReport = {
    v: 1,
    holder: parseNodeId(o.holder),
    author: parseNodeId(o.author),
    post_id: expectPostId(o.post_id, 'holding report post_id'),
    held: o.held,
    at: expectUint(o.at, 'holding report at'),
  }
  if (report.holder === report.author)
    throw new ValidationError('an author does not report holding its own post')
  return report
}

function signatureMessage(report: HoldingReport): Uint8Array {
  return concatBytes(utf8(HOLDING_REPORT_DOMAIN), encodeCanonical(report))
}

/** Signs a report as its holder. Throws ValidationError for a report of another holder. */
export async function signHoldingReport(
  identity: Identity,
  report: HoldingReport,
): Promise<Signed<HoldingReport>> {
  const record = parseHoldingReport(report)
  if (record.holder !== identity.nodeId) throw new ValidationError('only the holder signs its report')
  return { record, signature: await sign(identity.seed, signatureMessage(record)) }
}

/** Verifies an untrusted signed report. Errors as parseHoldingReport plus InvalidSignatureError, FutureTimestampError. */
export async function verifyHoldingReport(
  candidate: unknown,
  now: Millis,
): Promise<Verified<Signed<HoldingReport>>> {
  const o = expectObject(candidate, 'signed holding report', ['record', 'signature'])
  const record = parseHoldingReport(o.record)
  const signature = expectBytes(o.signature, 'signature', 64)
  if (!(await verify(publicKeyFromNodeId(record.holder), signatureMessage(record), signature)))
    throw new InvalidSignatureError('holding report signature does not verify for its holder')
  if (record.at > now + LIMITS.futureSkewMs) throw new FutureTimestampError('holding report is in the future')
  return { record, signature } as Verified<Signed<HoldingReport>>
}
