/**
 * Signed records other than posts (docs/design.md §4): profiles ("latest updated_at wins") and delete
 * requests. The author signs `domain ‖ canonical(record)`; `verify*` parse untrusted values strictly.
 */
import { blake3, concatBytes, sign, toHex, utf8, verify } from '../crypto/index.ts'
import { FutureTimestampError, InvalidSignatureError, TooLargeError, ValidationError } from '../errors.ts'
import { encodeCanonical } from './canonical.ts'
import type { Identity } from './identity.ts'
import { parseNodeId, publicKeyFromNodeIdUnsafe } from './node-id.ts'
import {
  charCount,
  expectArray,
  expectBlobId,
  expectBytes,
  expectObject,
  expectPostId,
  expectString,
  expectUint,
  isHashHex,
} from './shape.ts'
import {
  type BlobId,
  type DeleteRequest,
  LIMITS,
  type Millis,
  type NodeId,
  type Profile,
  type Signed,
  type Verified,
} from './types.ts'

/** Signature domain of profiles. */
export const PROFILE_DOMAIN = 'distsoc/profile/v1'
/** Signature domain of delete requests. */
export const DELETE_DOMAIN = 'distsoc/delete/v1'
/** Longest anchor multiaddr string a profile may list. */
export const MAX_ANCHOR_CHARS = 256

/** True iff `s` is a BlobId (64 lowercase hex chars). */
export function isValidBlobId(s: unknown): s is BlobId {
  return isHashHex(s)
}

/** The BlobId of some bytes: lowercase hex BLAKE3. */
export function blobIdOf(bytes: Uint8Array): BlobId {
  return toHex(blake3(bytes)) as BlobId
}

function signatureMessage(domain: string, record: unknown): Uint8Array {
  return concatBytes(utf8(domain), encodeCanonical(record))
}

/** Throws FutureTimestampError if `t` lies more than LIMITS.futureSkewMs after `now`. */
export function notInFuture(t: Millis, now: Millis, what: string): void {
  if (t > now + LIMITS.futureSkewMs) throw new FutureTimestampError(`${what} is in the future`)
}

/** Parses a Profile strictly. Errors: ValidationError, TooLargeError, InvalidNodeIdError. */
export function parseProfile(v: unknown): Profile {
  const o = expectObject(
    v,
    'profile',
    ['v', 'author', 'display_name', 'bio', 'anchors', 'updated_at'],
    ['avatar'],
  )
  if (o.v !== 1) throw new ValidationError('profile.v must be 1')
  const display_name = expectString(o.display_name, 'profile.display_name')
  if (display_name.trim().length === 0) throw new ValidationError('profile.display_name must not be blank')
  if (charCount(display_name) > LIMITS.displayNameChars)
    throw new TooLargeError('profile.display_name is too long')
  const bio = expectString(o.bio, 'profile.bio')
  if (charCount(bio) > LIMITS.bioChars) throw new TooLargeError('profile.bio is too long')
  const anchorList = expectArray(o.anchors, 'profile.anchors')
  if (anchorList.length > LIMITS.profileAnchors) throw new TooLargeError('profile lists too many anchors')
  const anchors = anchorList.map((a, i) => {
    const s = expectString(a, `profile.anchors[${i}]`)
    if (s.length === 0 || s.length > MAX_ANCHOR_CHARS)
      throw new ValidationError(`profile.anchors[${i}] has a bad length`)
    return s
  })
  const profile: Profile = {
    v: 1,
    author: parseNodeId(o.author),
    display_name,
    bio,
    anchors,
    updated_at: expectUint(o.updated_at, 'profile.updated_at'),
  }
  if (o.avatar !== undefined) profile.avatar = expectBlobId(o.avatar, 'profile.avatar')
  return profile
}

/** Parses a DeleteRequest strictly. */
export function parseDeleteRequest(v: unknown): DeleteRequest {
  const o = expectObject(v, 'delete request', ['v', 'author', 'post_id', 'created_at'])
  if (o.v !== 1) throw new ValidationError('delete request v must be 1')
  return {
    v: 1,
    author: parseNodeId(o.author),
    post_id: expectPostId(o.post_id, 'delete request post_id'),
    created_at: expectUint(o.created_at, 'delete request created_at'),
  }
}

/** Signs `domain ‖ canonical(record)` as its author (ValidationError for a foreign author). */
export async function signRecord<T extends { author: NodeId }>(
  identity: Identity,
  domain: string,
  record: T,
): Promise<Signed<T>> {
  if (record.author !== identity.nodeId) throw new ValidationError('only the author can sign this record')
  return { record, signature: await sign(identity.seed, signatureMessage(domain, record)) }
}

/** Parses `{ record, signature }` with `parse` and checks the author's signature (InvalidSignatureError). */
export async function verifyRecord<T extends { author: NodeId }>(
  candidate: unknown,
  domain: string,
  parse: (v: unknown) => T,
): Promise<Signed<T>> {
  const o = expectObject(candidate, 'signed record', ['record', 'signature'])
  const record = parse(o.record)
  const signature = expectBytes(o.signature, 'signature', 64)
  const ok = await verify(
    publicKeyFromNodeIdUnsafe(record.author),
    signatureMessage(domain, record),
    signature,
  )
  if (!ok) throw new InvalidSignatureError('record signature does not verify for its author')
  return { record, signature }
}

/** Signs a profile. Throws ValidationError / TooLargeError for an invalid profile or a foreign author. */
export function signProfile(identity: Identity, profile: Profile): Promise<Signed<Profile>> {
  return signRecord(identity, PROFILE_DOMAIN, parseProfile(profile))
}

/** Verifies an untrusted signed profile. Errors as parseProfile plus FutureTimestampError, InvalidSignatureError. */
export async function verifyProfile(candidate: unknown, now: Millis): Promise<Verified<Signed<Profile>>> {
  const signed = await verifyRecord(candidate, PROFILE_DOMAIN, parseProfile)
  notInFuture(signed.record.updated_at, now, 'profile.updated_at')
  return signed as Verified<Signed<Profile>>
}

/** Signs a delete request for one of the identity's own posts. */
export function signDeleteRequest(
  identity: Identity,
  request: DeleteRequest,
): Promise<Signed<DeleteRequest>> {
  return signRecord(identity, DELETE_DOMAIN, parseDeleteRequest(request))
}

/** Verifies an untrusted signed delete request (the caller checks it names a post by the same author). */
export async function verifyDeleteRequest(
  candidate: unknown,
  now: Millis,
): Promise<Verified<Signed<DeleteRequest>>> {
  const signed = await verifyRecord(candidate, DELETE_DOMAIN, parseDeleteRequest)
  notInFuture(signed.record.created_at, now, 'delete request created_at')
  return signed as Verified<Signed<DeleteRequest>>
}
