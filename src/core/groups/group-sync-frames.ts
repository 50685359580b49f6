/**
 * The two frames of `/distsoc/groups/1.0.0` (issue 14; docs/protocol/groups.md "Sync"): the asker
 * names the groups it holds with the head it holds of each, the answerer sends each group's
 * records after that head, in log order. Parsed strictly and bounded here; every record inside is
 * verified and folded by the app before anything is written (app/group-sync.ts).
 */
import { MalformedError, TooLargeError } from '../errors.ts'
import type { GroupId } from '../model/index.ts'
import { LIMITS } from '../model/index.ts'
import { parseGroupId } from './group-id.ts'
import { GROUP_LIMITS } from './group-records.ts'

/** Bounds of the group sync exchange. */
export const GROUP_SYNC_LIMITS = {
  /** Groups one ask names. */
  headsPerAsk: 256,
  /** Groups one answer carries. */
  logsPerAnswer: 64,
  /** Records one answer carries, over all its groups. */
  recordsPerAnswer: 512,
  /** Bytes of an ask frame. */
  askBytes: 16 * 1024,
  /** Bytes of an answer frame (the bulk cap of framing.md). */
  answerBytes: LIMITS.blobFrameBytes,
  /** Encoded record bytes an answerer packs into one answer (room left for the frame around them). */
  answerRecordBytes: 200 * 1024,
  /** Asks one exchange makes while answers say `more`. */
  rounds: 16,
} as const

/** The asker's frame: `[group, seq of the last record held]` per group it holds. */
export interface GroupAsk {
  v: 1
  heads: [GroupId, number][]
}

/** One group's records after the asker's head (all of them for a group the asker did not name). */
export interface GroupLog {
  group: GroupId
  /** Signed group records, unverified, in log order. */
  records: Record<string, unknown>[]
}

/** The answerer's frame; `more` = it held more than fitted, ask again with the new heads. */
export interface GroupAnswer {
  v: 1
  logs: GroupLog[]
  more: boolean
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)
}

function exactKeys(o: Record<string, unknown>, keys: readonly string[], what: string): void {
  const got = Object.keys(o)
  if (got.length !== keys.length || !keys.every((k) => Object.hasOwn(o, k)))
    throw new MalformedError(`${what} must have exactly the keys ${keys.join(', ')}`)
}

function list(v: unknown, max: number, what: string): unknown[] {
  if (!Array.isArray(v)) throw new MalformedError(`${what} must be an array`)
  if (v.length > max) throw new TooLargeError(`${what}: more than ${max}`)
  return v
}

function groupOf(v: unknown, what: string): GroupId {
  try {
    return parseGroupId(v, what)
  } catch {
    throw new MalformedError(`${what} must be a group id`)
  }
}

/** Parses an ask. Errors: MalformedError, TooLargeError (too many heads). */
export function parseGroupAsk(value: unknown): GroupAsk {
  if (!isMap(value)) throw new MalformedError('a group ask is a map')
  exactKeys(value, ['v', 'heads'], 'a group ask')
  if (value.v !== 1) throw new MalformedError('group ask v must be 1')
  const seen = new Set<GroupId>()
  const heads = list(value.heads, GROUP_SYNC_LIMITS.headsPerAsk, 'group ask heads').map((h, i) => {
    const pair = list(h, 2, `head ${i}`)
    const seq = pair[1]
    if (pair.length !== 2 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
      throw new MalformedError(`head ${i} must be [group, seq]`)
    if (seq >= GROUP_LIMITS.records) throw new TooLargeError(`head ${i}: seq past the log's bound`)
    const group = groupOf(pair[0], `head ${i} group`)
    if (seen.has(group)) throw new MalformedError('a group is named twice')
    seen.add(group)
    return [group, seq] as [GroupId, number]
  })
  return { v: 1, heads }
}

/** Parses an answer. Errors: MalformedError, TooLargeError (too many logs or records). */
export function parseGroupAnswer(value: unknown): GroupAnswer {
  if (!isMap(value)) throw new MalformedError('a group answer is a map')
  exactKeys(value, ['v', 'logs', 'more'], 'a group answer')
  if (value.v !== 1) throw new MalformedError('group answer v must be 1')
  if (typeof value.more !== 'boolean') throw new MalformedError('group answer more must be a boolean')
  const seen = new Set<GroupId>()
  let records = 0
  const logs = list(value.logs, GROUP_SYNC_LIMITS.logsPerAnswer, 'group answer logs').map((l, i) => {
    if (!isMap(l)) throw new MalformedError(`log ${i} must be a map`)
    exactKeys(l, ['group', 'records'], `log ${i}`)
    const group = groupOf(l.group, `log ${i} group`)
    if (seen.has(group)) throw new MalformedError('a group is answered twice')
    seen.add(group)
    const items = list(l.records, GROUP_SYNC_LIMITS.recordsPerAnswer, `log ${i} records`)
    records += items.length
    if (records > GROUP_SYNC_LIMITS.recordsPerAnswer)
      throw new TooLargeError(`more than ${GROUP_SYNC_LIMITS.recordsPerAnswer} records in one answer`)
    if (items.length === 0) throw new MalformedError(`log ${i} is empty`)
    return {
      group,
      records: items.map((r, k) => {
        if (!isMap(r)) throw new MalformedError(`log ${i} record ${k} must be a map`)
        return r
      }),
    }
  })
  return { v: 1, logs, more: value.more }
}
