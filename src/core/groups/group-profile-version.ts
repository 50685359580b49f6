/**
 * A private profile version for a group's tier (issue 14, seed D-4; docs/protocol/private-profile.md
 * "Group tiers"): the fields' JSON as an envelope v2 bound to (author, generation), its CEK wrapped
 * once for the group's current epoch key by the group post wrap (group-envelope.ts), so a member
 * removed since (who holds no newer epoch) cannot open a version sealed after her removal.
 */
import type { RandomSource } from '../crypto/index.ts'
import { randomBytes } from '../crypto/index.ts'
import type { Identity, Millis, ProfileVersion, ProfileVersionFields, Signed } from '../model/index.ts'
import {
  decryptContent,
  expectUint,
  PROFILE_VERSION_DOMAIN,
  parseOpenedFields,
  parseProfileVersionFields,
  signRecord,
} from '../model/index.ts'
import { encryptForGroup, type GroupEpoch, openGroupContentKey } from './group-envelope.ts'

/**
 * Seals `fields` for the members of `target` (a group epoch) as the version of `generation`.
 * Errors: ValidationError, TooLargeError (fields), LowOrderKeyError (a bad epoch key).
 */
export async function sealGroupProfileVersion(
  identity: Identity,
  input: { fields: ProfileVersionFields; target: GroupEpoch; generation: Millis },
  random: RandomSource = randomBytes,
): Promise<Signed<ProfileVersion>> {
  const fields = parseProfileVersionFields(input.fields)
  const generation = expectUint(input.generation, 'generation')
  const binding = { author: identity.nodeId, created_at: generation }
  const sealed = await encryptForGroup(
    { plaintext: JSON.stringify(fields), attachments: [], ...binding },
    input.target,
    random,
  )
  const record: ProfileVersion = {
    v: 1,
    author: identity.nodeId,
    generation,
    content: sealed.content,
    visibility: sealed.visibility,
  }
  return signRecord(identity, PROFILE_VERSION_DOMAIN, record)
}

/**
 * Opens a group tier's version with the secret of the epoch it names. Errors: NotAGroupMemberError
 * (not a group's version), DecryptionError (tampered, another group or epoch, re-signed by another
 * author), MalformedError (not the fields' JSON), LowOrderKeyError, UnsupportedVersionError.
 */
export async function openGroupProfileVersion(
  epochSecret: Uint8Array,
  version: ProfileVersion,
): Promise<ProfileVersionFields> {
  const binding = { author: version.author, created_at: version.generation }
  const cek = await openGroupContentKey(epochSecret, binding, version.visibility)
  return parseOpenedFields(decryptContent(cek, version.content, binding))
}
