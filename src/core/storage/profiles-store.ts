/** Profiles (seed Phase A, docs/design.md §4): signed records, the latest `updated_at` wins. */
import { ValidationError } from '../errors.ts'
import { LIMITS, type NodeId, type Profile, type Signed, type Verified } from '../model/index.ts'
import { decodeProfile, encodeRecord } from './record-codec.ts'
import type { StoreContext } from './store-context.ts'
import { checkBlobId, checkMillis, checkNodeId, checkObject, checkString, checkStrings } from './validate.ts'

/** The profiles part of the store. */
export interface ProfileStore {
  /** Stores a verified profile if it is newer than the stored one; returns whether it was written. */
  putProfile(p: Verified<Signed<Profile>>): boolean
  /** The stored signed profile of `author`, or `undefined`. */
  getProfile(author: NodeId): Signed<Profile> | undefined
  /** Every stored profile, by author. */
  listProfiles(): Signed<Profile>[]
}

function checkProfile(value: unknown, arg: string): void {
  checkObject(value, arg)
  checkObject(value.record, `${arg}.record`)
  const r = value.record
  if (r.v !== 1) throw new ValidationError(`${arg}.record.v: must be 1`)
  checkNodeId(r.author, `${arg}.record.author`)
  checkString(r.display_name, `${arg}.record.display_name`, LIMITS.displayNameChars)
  checkString(r.bio, `${arg}.record.bio`, LIMITS.bioChars)
  if (r.avatar !== undefined) checkBlobId(r.avatar, `${arg}.record.avatar`)
  checkStrings(r.anchors, `${arg}.record.anchors`, LIMITS.profileAnchors)
  checkMillis(r.updated_at, `${arg}.record.updated_at`)
  if (!(value.signature instanceof Uint8Array) || value.signature.length !== 64) {
    throw new ValidationError(`${arg}.signature: must be 64 bytes`)
  }
}

/** Builds the profiles part over a shared context. */
export function createProfileStore({ db }: StoreContext): ProfileStore {
  const toSigned = (row: { record: Uint8Array; signature: Uint8Array }): Signed<Profile> => ({
    record: decodeProfile(row.record),
    signature: row.signature,
  })
  return {
    putProfile(p) {
      checkProfile(p, 'p')
      const r = p.record
      const { changes } = db.run(
        'INSERT INTO profiles (author, record, signature, display_name, bio, avatar, anchors, updated_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (author) DO UPDATE SET record = excluded.record, ' +
          'signature = excluded.signature, display_name = excluded.display_name, bio = excluded.bio, ' +
          'avatar = excluded.avatar, anchors = excluded.anchors, updated_at = excluded.updated_at ' +
          'WHERE excluded.updated_at > profiles.updated_at',
        [
          r.author,
          encodeRecord(r),
          p.signature,
          r.display_name,
          r.bio,
          r.avatar ?? null,
          JSON.stringify(r.anchors),
          r.updated_at,
        ],
      )
      return changes > 0
    },

    getProfile(author) {
      checkNodeId(author, 'author')
      const row = db.get<{ record: Uint8Array; signature: Uint8Array }>(
        'SELECT record, signature FROM profiles WHERE author = ?',
        [author],
      )
      return row === undefined ? undefined : toSigned(row)
    },

    listProfiles() {
      return db
        .all<{ record: Uint8Array; signature: Uint8Array }>(
          'SELECT record, signature FROM profiles ORDER BY author',
        )
        .map(toSigned)
    },
  }
}
