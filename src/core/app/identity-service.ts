/**
 * The identity and the public profile (docs/design.md §3, seed Phase A). The seed is kept in the worker's
 * database only wrapped by the device key (secret-wrapper.ts, issue 10), and leaves the device only
 * as a passphrase-encrypted export.
 */
import { fromBase64Url, fromHex, toBase64Url } from '../crypto/index.ts'
import { DeviceKeyError, ValidationError } from '../errors.ts'
import type { BlobId, Profile, Signed } from '../model/index.ts'
import {
  type ExportCost,
  exportIdentity,
  generateIdentity,
  type Identity,
  identityFromSeed,
  identityFromSeedFast,
  importIdentity,
  signProfile,
  verifyProfile,
} from '../model/index.ts'
import { profileAnchors } from './anchors.ts'
import { isString, type NodeContext, requireIdentity } from './node-context.ts'

/** Before issue 10: the seed as hex in the clear. Migrated (wrapped, then deleted) on open. */
const PLAIN_SEED_KEY = 'identity.seed'
/** The seed wrapped by the device key, base64url. */
const WRAPPED_SEED_KEY = 'identity.seed.wrapped'

async function wrappedSeed(ctx: NodeContext, identity: Identity): Promise<string> {
  return toBase64Url(await ctx.secrets.wrap(identity.seed))
}

async function unwrapSeed(ctx: NodeContext, stored: string): Promise<Identity> {
  let bytes: Uint8Array
  try {
    bytes = fromBase64Url(stored)
  } catch {
    throw new DeviceKeyError('the stored wrapped seed is damaged')
  }
  const seed = await ctx.secrets.unwrap(bytes)
  if (seed.length !== 32) throw new DeviceKeyError('the unwrapped seed has the wrong size')
  return identityFromSeedFast(seed)
}

/**
 * The stored identity, if first run is done. A seed still stored in the clear (before issue 10) is
 * wrapped and its clear copy deleted in one transaction. Errors: DeviceKeyError (device key missing
 * or wrong, wrapped seed damaged) — and then nothing is written, so nothing is lost.
 */
export async function loadIdentity(ctx: NodeContext): Promise<Identity | undefined> {
  const stored = ctx.store.getSetting(WRAPPED_SEED_KEY, isString)
  const plain = ctx.store.getSetting(PLAIN_SEED_KEY, isString)
  if (stored !== undefined) {
    const identity = await unwrapSeed(ctx, stored)
    if (plain !== undefined) ctx.store.deleteSetting(PLAIN_SEED_KEY)
    return identity
  }
  if (plain === undefined) return undefined
  const identity = identityFromSeed(fromHex(plain))
  const wrapped = await wrappedSeed(ctx, identity)
  await unwrapSeed(ctx, wrapped)
  ctx.store.transaction(() => {
    ctx.store.setSetting(WRAPPED_SEED_KEY, wrapped)
    ctx.store.deleteSetting(PLAIN_SEED_KEY)
  })
  ctx.logger.info('identity:seed-wrapped', {})
  return identity
}

/** What the user may change of their profile. */
export interface ProfileFields {
  display_name: string
  bio: string
  avatar?: BlobId | null
  anchors?: string[]
}

async function signedProfile(
  ctx: NodeContext,
  identity: Identity,
  fields: ProfileFields,
): Promise<Signed<Profile>> {
  const previous = ctx.store.getProfile(identity.nodeId)?.record
  const avatar = fields.avatar === undefined ? previous?.avatar : (fields.avatar ?? undefined)
  const profile: Profile = {
    v: 1,
    author: identity.nodeId,
    display_name: fields.display_name.trim(),
    bio: fields.bio.trim(),
    anchors: fields.anchors ?? profileAnchors(ctx),
    updated_at: Math.max(ctx.clock.now(), (previous?.updated_at ?? 0) + 1),
    ...(avatar === undefined ? {} : { avatar }),
  }
  if (profile.display_name === '') throw new ValidationError('display name must not be empty')
  return signProfile(identity, profile)
}

/** First run: makes the identity and its first profile together, or neither. */
export async function createIdentity(ctx: NodeContext, fields: ProfileFields): Promise<Identity> {
  if (ctx.identity !== undefined) throw new ValidationError('this device already has an identity')
  const identity = generateIdentity()
  const signed = await verifyProfile(await signedProfile(ctx, identity, fields), ctx.clock.now())
  const wrapped = await wrappedSeed(ctx, identity)
  ctx.store.transaction(() => {
    ctx.store.setSetting(WRAPPED_SEED_KEY, wrapped)
    ctx.store.putProfile(signed)
  })
  ctx.identity = identity
  return identity
}

/** Signs and stores a new version of the user's profile ("latest updated_at wins"). */
export async function updateProfile(ctx: NodeContext, fields: ProfileFields): Promise<Signed<Profile>> {
  const identity = requireIdentity(ctx)
  const signed = await verifyProfile(await signedProfile(ctx, identity, fields), ctx.clock.now())
  ctx.store.putProfile(signed)
  return signed
}

/** Re-signs the profile if its anchor list no longer matches the user's anchors. */
export async function refreshProfileAnchors(ctx: NodeContext): Promise<void> {
  const identity = requireIdentity(ctx)
  const current = ctx.store.getProfile(identity.nodeId)?.record
  if (current === undefined) return
  const anchors = profileAnchors(ctx)
  if (JSON.stringify(anchors) === JSON.stringify(current.anchors)) return
  await updateProfile(ctx, { display_name: current.display_name, bio: current.bio, anchors })
}

/** The identity as a passphrase-encrypted file (docs/design.md §3). */
export function exportIdentityFile(
  ctx: NodeContext,
  passphrase: string,
  cost?: ExportCost,
): Promise<Uint8Array> {
  return exportIdentity(requireIdentity(ctx), passphrase, cost === undefined ? {} : { cost })
}

/**
 * First run from an exported identity. Wrong passphrase or damaged file: a typed error and nothing
 * written. A device that already has a different identity refuses. No profile is made here: the
 * user's own profile comes back with the first sync (a new one would win over the real one).
 */
export async function importIdentityFile(
  ctx: NodeContext,
  file: Uint8Array,
  passphrase: string,
): Promise<Identity> {
  const identity = await importIdentity(file, passphrase)
  if (ctx.identity !== undefined) {
    if (ctx.identity.nodeId === identity.nodeId) return ctx.identity
    throw new ValidationError('this device already has another identity')
  }
  const wrapped = await wrappedSeed(ctx, identity)
  ctx.store.transaction(() => ctx.store.setSetting(WRAPPED_SEED_KEY, wrapped))
  ctx.identity = identity
  return identity
}
