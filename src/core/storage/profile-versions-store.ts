/**
 * Private profile versions (issue 14, seed D-4): the signed, sealed versions held of each author,
 * only of that author's newest generation (an older one is refused, a newer one replaces all), with
 * the text this node opened sealed beside them (local-text.ts), never in the clear.
 */
import { decode, encode, rfc8949EncodeOptions } from 'cborg'
import { CorruptStorageError, TooLargeError, ValidationError } from '../errors.ts'
import type { Millis, NodeId, ProfileVersion, Signed, Verified } from '../model/index.ts'
import type { StoreContext } from './store-context.ts'
import { checkMillis, checkNodeId } from './validate.ts'

/** A held version with what sync filtering and display need. */
export interface HeldProfileVersion {
  signed: Signed<ProfileVersion>
  recipients: NodeId[]
  /** What this node opened of it, sealed (local-text.ts); null if not addressed to it. */
  local: string | null
}

/** What `putProfileVersion` did. */
export type PutVersionOutcome = 'stored' | 'held' | 'stale'

/** The profile versions part of the store. */
export interface ProfileVersionStore {
  /**
   * Stores a verified version of the author's newest generation (dropping older generations).
   * TooLargeError past `maxPerGeneration` versions of one generation; ValidationError for bad arguments.
   */
  putProfileVersion(
    v: Verified<Signed<ProfileVersion>>,
    recipients: readonly NodeId[],
    local: string | null,
    maxPerGeneration: number,
  ): PutVersionOutcome
  /** The held versions of `author` (one generation), in signature order. */
  profileVersions(author: NodeId): HeldProfileVersion[]
  /** Drops the versions of `author` older than `generation`; returns how many. */
  dropProfileVersionsBefore(author: NodeId, generation: Millis): number
}

const encodeOptions = { ...rfc8949EncodeOptions, ignoreUndefinedProperties: true }

function decodeSigned(bytes: unknown): Signed<ProfileVersion> {
  if (!(bytes instanceof Uint8Array)) throw new CorruptStorageError('profile version: not bytes')
  let value: unknown
  try {
    value = decode(bytes, { useMaps: false })
  } catch {
    throw new CorruptStorageError('profile version: invalid CBOR')
  }
  const o = value as { record?: Record<string, unknown>; signature?: unknown } | null
  const r = o?.record
  if (
    r === undefined ||
    r === null ||
    r.v !== 1 ||
    typeof r.author !== 'string' ||
    typeof r.generation !== 'number' ||
    typeof r.content !== 'string' ||
    !(o?.signature instanceof Uint8Array)
  )
    throw new CorruptStorageError('profile version: bad shape')
  return o as unknown as Signed<ProfileVersion>
}

function decodeRecipients(text: string): NodeId[] {
  try {
    const list: unknown = JSON.parse(text)
    if (Array.isArray(list) && list.every((x) => typeof x === 'string')) return list as NodeId[]
  } catch {}
  throw new CorruptStorageError('profile version: bad recipients')
}

/** Builds the profile versions part over a shared context. */
export function createProfileVersionStore({ db }: StoreContext): ProfileVersionStore {
  const newest = (author: NodeId): number | undefined =>
    db.get<{ g: number | null }>('SELECT MAX(generation) AS g FROM profile_versions WHERE author = ?', [
      author,
    ])?.g ?? undefined
  return {
    putProfileVersion(v, recipients, local, maxPerGeneration) {
      const r = v?.record
      checkNodeId(r?.author, 'v.record.author')
      checkMillis(r.generation, 'v.record.generation')
      if (!(v.signature instanceof Uint8Array) || v.signature.length !== 64)
        throw new ValidationError('v.signature: must be 64 bytes')
      for (const [i, id] of recipients.entries()) checkNodeId(id, `recipients[${i}]`)
      if (local !== null && typeof local !== 'string') throw new ValidationError('local: must be a string')
      return db.transaction(() => {
        const top = newest(r.author)
        if (top !== undefined && r.generation < top) return 'stale'
        if (
          db.get('SELECT 1 AS x FROM profile_versions WHERE author = ? AND signature = ?', [
            r.author,
            v.signature,
          ])
        )
          return 'held'
        if (top !== undefined && r.generation > top)
          db.run('DELETE FROM profile_versions WHERE author = ?', [r.author])
        const count =
          db.get<{ n: number }>('SELECT COUNT(*) AS n FROM profile_versions WHERE author = ?', [r.author])
            ?.n ?? 0
        if (count >= maxPerGeneration)
          throw new TooLargeError(`more than ${maxPerGeneration} profile versions of one generation`)
        db.run(
          'INSERT INTO profile_versions (author, generation, signature, signed, recipients, local) VALUES (?, ?, ?, ?, ?, ?)',
          [r.author, r.generation, v.signature, encode(v, encodeOptions), JSON.stringify(recipients), local],
        )
        return 'stored'
      })
    },

    profileVersions(author) {
      checkNodeId(author, 'author')
      return db
        .all<{ signed: Uint8Array; recipients: string; local: string | null }>(
          'SELECT signed, recipients, local FROM profile_versions WHERE author = ? ORDER BY signature',
          [author],
        )
        .map((row) => ({
          signed: decodeSigned(row.signed),
          recipients: decodeRecipients(row.recipients),
          local: row.local,
        }))
    },

    dropProfileVersionsBefore(author, generation) {
      checkNodeId(author, 'author')
      checkMillis(generation, 'generation')
      return db.run('DELETE FROM profile_versions WHERE author = ? AND generation < ?', [author, generation])
        .changes
    },
  }
}
