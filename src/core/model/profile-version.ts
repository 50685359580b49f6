/**
 * Private profile versions (seed Phase D-4, issue 14; spec docs/protocol/private-profile.md): a
 * signed record whose body is an envelope (envelope.ts, v2) to the members of one privilege tier of
 * the author's circles. `generation` equals the `updated_at` of the public profile signed with it;
 * a reader shows a version only while its generation is at least that of the public profile, so a
 * re-seal without someone (with a re-signed public profile) sends them back to the public one.
 */
import { MalformedError, NotARecipientError, TooLargeError, ValidationError } from '../errors.ts'
import {
  decryptContent,
  type EnvelopeOptions,
  encryptForRecipients,
  normalizeRecipients,
  openContentKey,
} from './envelope.ts'
import { MAX_ENVELOPE_CONTENT_CHARS } from './envelope-format.ts'
import type { Identity } from './identity.ts'
import { parseNodeId } from './node-id.ts'
import { parseVisibility } from './post-shape.ts'
import { notInFuture, signRecord, verifyRecord } from './records.ts'
import { charCount, expectObject, expectString, expectUint } from './shape.ts'
import { LIMITS, type Millis, type NodeId, type Signed, type Verified, type Visibility } from './types.ts'

/** Signature domain of profile versions. */
export const PROFILE_VERSION_DOMAIN = 'distsoc/profile-version/v1'
/** Most versions a reader keeps of one author's generation (a tier per circle; bounds a flooding author). */
export const MAX_VERSIONS_PER_GENERATION = 16

/** An encrypted visibility (the recipient list of one tier, padded). */
export type SealedAudience = Extract<Visibility, { type: 'encrypted' }>
/** A group visibility: the CEK wrapped once for a group's epoch key (groups/group-profile-version.ts). */
export type GroupSealedAudience = Extract<Visibility, { type: 'group' }>

/** A private profile version as signed by its author. */
export interface ProfileVersion {
  v: 1
  author: NodeId
  /** The `updated_at` of the public profile this version goes with (ms). */
  generation: Millis
  /** base64url of the envelope ciphertext of the fields' JSON, bound to (author, generation). */
  content: string
  /** The tier's recipients (a circle's tier), or one wrap for a group's epoch key (a group's tier). */
  visibility: SealedAudience | GroupSealedAudience
}

/** What a private version says instead of the public profile. */
export interface ProfileVersionFields {
  display_name: string
  bio: string
}

/** Parses the fields a user typed or a version decrypted to. Errors: ValidationError, TooLargeError. */
export function parseProfileVersionFields(v: unknown): ProfileVersionFields {
  const o = expectObject(v, 'profile version fields', ['display_name', 'bio'])
  const display_name = expectString(o.display_name, 'display_name')
  if (display_name.trim().length === 0) throw new ValidationError('display_name must not be blank')
  if (charCount(display_name) > LIMITS.displayNameChars) throw new TooLargeError('display_name is too long')
  const bio = expectString(o.bio, 'bio')
  if (charCount(bio) > LIMITS.bioChars) throw new TooLargeError('bio is too long')
  return { display_name, bio }
}

/** Parses a ProfileVersion strictly. Errors: ValidationError, TooLargeError, InvalidNodeIdError. */
export function parseProfileVersion(v: unknown): ProfileVersion {
  const o = expectObject(v, 'profile version', ['v', 'author', 'generation', 'content', 'visibility'])
  if (o.v !== 1) throw new ValidationError('profile version v must be 1')
  const content = expectString(o.content, 'profile version content')
  if (content.length > MAX_ENVELOPE_CONTENT_CHARS) throw new TooLargeError('profile version content too long')
  const visibility = parseVisibility(o.visibility)
  if (visibility.type === 'public') throw new ValidationError('a profile version is never public')
  if (visibility.type === 'encrypted' && visibility.recipients.length > LIMITS.recipients)
    throw new TooLargeError(`more than ${LIMITS.recipients} recipients`)
  return {
    v: 1,
    author: parseNodeId(o.author),
    generation: expectUint(o.generation, 'profile version generation'),
    content,
    visibility,
  }
}

/**
 * Seals `fields` for `recipients` (the author is added) as the version of `generation`, padded
 * like circle posts. Errors: ValidationError, TooLargeError, TooManyRecipientsError, InvalidNodeIdError.
 */
export async function sealProfileVersion(
  identity: Identity,
  input: { fields: ProfileVersionFields; recipients: readonly NodeId[]; generation: Millis },
  opts: EnvelopeOptions = {},
): Promise<Signed<ProfileVersion & { visibility: SealedAudience }>> {
  const fields = parseProfileVersionFields(input.fields)
  const recipients = normalizeRecipients([identity.nodeId, ...input.recipients])
  const generation = expectUint(input.generation, 'generation')
  const sealed = await encryptForRecipients(
    {
      plaintext: JSON.stringify(fields),
      attachments: [],
      recipients,
      author: identity.nodeId,
      created_at: generation,
    },
    { pad: true, ...opts },
  )
  const record = {
    v: 1 as const,
    author: identity.nodeId,
    generation,
    content: sealed.content,
    visibility: sealed.visibility,
  }
  return signRecord(identity, PROFILE_VERSION_DOMAIN, record)
}

/**
 * Verifies an untrusted signed profile version (shape, author signature, generation not ahead).
 * Errors: as parseProfileVersion plus InvalidSignatureError, FutureTimestampError.
 */
export async function verifyProfileVersion(
  candidate: unknown,
  now: Millis,
): Promise<Verified<Signed<ProfileVersion>>> {
  const signed = await verifyRecord(candidate, PROFILE_VERSION_DOMAIN, parseProfileVersion)
  notInFuture(signed.record.generation, now, 'profile version generation')
  return signed as Verified<Signed<ProfileVersion>>
}

/**
 * The recipient NodeIds a version lists (padding included: a holder cannot tell them apart); none
 * for a group's version, which names no one: only its author (who knows the tier) reveals it.
 */
export function versionRecipients(version: ProfileVersion): NodeId[] {
  const v = version.visibility
  return v.type === 'encrypted' ? v.recipients.map((r) => r.recipient) : []
}

/** The fields a version's opened plaintext holds. Errors: MalformedError (no JSON, bad fields). */
export function parseOpenedFields(text: string): ProfileVersionFields {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new MalformedError('a profile version holds no JSON')
  }
  try {
    return parseProfileVersionFields(value)
  } catch (err) {
    throw new MalformedError(`a profile version holds bad fields: ${(err as Error).message}`)
  }
}

/**
 * Opens a circle tier's version for `identity` (a group's: groups/group-profile-version.ts). Errors:
 * NotARecipientError (also for a group's version), DecryptionError (tampered or re-signed by another
 * author), MalformedError (not the fields' JSON), UnsupportedVersionError.
 */
export async function openProfileVersion(
  identity: Identity,
  version: ProfileVersion,
): Promise<ProfileVersionFields> {
  const binding = { author: version.author, created_at: version.generation }
  if (version.visibility.type !== 'encrypted')
    throw new NotARecipientError("a group's profile version opens with the group's key")
  const cek = await openContentKey(identity, binding, version.visibility)
  return parseOpenedFields(decryptContent(cek, version.content, binding))
}
