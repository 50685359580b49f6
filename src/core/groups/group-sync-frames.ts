/**
 * The two frames of `/distsoc/groups/1.0.0` (issue 14; docs/protocol/groups.md "Sync"): the asker
 * names the groups it holds with the head it holds of each, the answerer sends each group's
 * records after that head, in log order. Parsed strictly and bounded here; every record inside is
 * verified and folded by the app before anything is written (app/group-sync.ts).
 */
import { MalformedError, TooLargeError } from '../errors.ts'
import type { GroupId } from '../model/index.ts'
import { isHashHex, LIMITS } from '../model/index.ts'
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

/**
 * One group an ask names: `[group, seq]` or `[group, seq, id of the asker's record at seq]` (the id
 * lets the answerer see a fork: docs/protocol/groups.md "Forks").
 */
export type GroupHead = [GroupId, number] | [GroupId, number, string]

/** The asker's frame: one head per group it holds (its last record, or a point asked from again). */
export interface GroupAsk {
  v: 1
  heads: GroupHead[]
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
    const entry = list(h, 3, `head ${i}`)
    const seq = entry[1]
    if (entry.length < 2 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
      throw new MalformedError(`head ${i} must be [group, seq] or [group, seq, record id]`)
    if (seq >= GROUP_LIMITS.records) throw new TooLargeError(`head ${i}: seq past the log's bound`)
    const group = groupOf(entry[0], `head ${i} group`)
    if (seen.has(group)) throw new MalformedError('a group is named twice')
    seen.add(group)
    if (entry.length === 2) return [group, seq] as GroupHead
    if (!isHashHex(entry[2])) throw new MalformedError(`head ${i} record id must be a record id`)
    return [group, seq, entry[2]] as GroupHead
  })
  return { v: 1, heads }
}

function parseLogs(value: unknown, what: string): GroupLog[] {
  const seen = new Set<GroupId>()
  let records = 0
  return list(value, GROUP_SYNC_LIMITS.logsPerAnswer, `${what} logs`).map((l, i) => {
    if (!isMap(l)) throw new MalformedError(`log ${i} must be a map`)
    exactKeys(l, ['group', 'records'], `log ${i}`)
    const group = groupOf(l.group, `log ${i} group`)
    if (seen.has(group)) throw new MalformedError(`a group is sent twice in one ${what}`)
    seen.add(group)
    const items = list(l.records, GROUP_SYNC_LIMITS.recordsPerAnswer, `log ${i} records`)
    records += items.length
    if (records > GROUP_SYNC_LIMITS.recordsPerAnswer)
      throw new TooLargeError(`more than ${GROUP_SYNC_LIMITS.recordsPerAnswer} records in one ${what}`)
    if (items.length === 0) throw new MalformedError(`log ${i} is empty`)
    return {
      group,
      records: items.map((r, k) => {
        if (!isMap(r)) throw new MalformedError(`log ${i} record ${k} must be a map`)
        return r
      }),
    }
  })
}

/** Parses an answer. Errors: MalformedError, TooLargeError (too many logs or records). */
export function parseGroupAnswer(value: unknown): GroupAnswer {
  if (!isMap(value)) throw new MalformedError('a group answer is a map')
  exactKeys(value, ['v', 'logs', 'more'], 'a group answer')
  if (value.v !== 1) throw new MalformedError('group answer v must be 1')
  if (typeof value.more !== 'boolean') throw new MalformedError('group answer more must be a boolean')
  return { v: 1, logs: parseLogs(value.logs, 'group answer'), more: value.more }
}

/**
 * A user's frame to its anchor on `/distsoc/group-hold/1.0.0` (issue 14): the groups whose held
 * head it wants to learn, and records to keep (each log after the anchor's head, in log order).
 */
export interface GroupHold {
  v: 1
  probe: GroupId[]
  logs: GroupLog[]
}

/** The anchor's reply: its head of each probed or sent group that names the sender, and logs refused by error name. */
export interface GroupHoldReceipt {
  v: 1
  heads: [GroupId, number][]
  refused: [GroupId, string][]
}

/** Longest error name a receipt carries. */
const ERROR_NAME_CHARS = 64

function groupSet(value: unknown, max: number, what: string): GroupId[] {
  const seen = new Set<GroupId>()
  return list(value, max, what).map((g, i) => {
    const id = groupOf(g, `${what} ${i}`)
    if (seen.has(id)) throw new MalformedError(`${what}: a group is named twice`)
    seen.add(id)
    return id
  })
}

/** Parses a hold. Errors: MalformedError, TooLargeError (too many groups, logs or records). */
export function parseGroupHold(value: unknown): GroupHold {
  if (!isMap(value)) throw new MalformedError('a group hold is a map')
  exactKeys(value, ['v', 'probe', 'logs'], 'a group hold')
  if (value.v !== 1) throw new MalformedError('group hold v must be 1')
  return {
    v: 1,
    probe: groupSet(value.probe, GROUP_SYNC_LIMITS.headsPerAsk, 'group hold probe'),
    logs: parseLogs(value.logs, 'group hold'),
  }
}

/** Parses a receipt. Errors: MalformedError, TooLargeError. */
export function parseGroupHoldReceipt(value: unknown): GroupHoldReceipt {
  if (!isMap(value)) throw new MalformedError('a group hold receipt is a map')
  exactKeys(value, ['v', 'heads', 'refused'], 'a group hold receipt')
  if (value.v !== 1) throw new MalformedError('group hold receipt v must be 1')
  const max = GROUP_SYNC_LIMITS.headsPerAsk + GROUP_SYNC_LIMITS.logsPerAnswer
  const heads = list(value.heads, max, 'receipt heads').map((h, i) => {
    const pair = list(h, 2, `receipt head ${i}`)
    const seq = pair[1]
    if (pair.length !== 2 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
      throw new MalformedError(`receipt head ${i} must be [group, seq]`)
    return [groupOf(pair[0], `receipt head ${i} group`), seq] as [GroupId, number]
  })
  const refused = list(value.refused, GROUP_SYNC_LIMITS.logsPerAnswer, 'receipt refused').map((r, i) => {
    const pair = list(r, 2, `receipt refusal ${i}`)
    const name = pair[1]
    if (pair.length !== 2 || typeof name !== 'string' || name.length > ERROR_NAME_CHARS)
      throw new MalformedError(`receipt refusal ${i} must be [group, error name]`)
    return [groupOf(pair[0], `receipt refusal ${i} group`), name] as [GroupId, string]
  })
  return { v: 1, heads, refused }
}
