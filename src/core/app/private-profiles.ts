/**
 * Private profiles per circle and per group (seed Phase D-4, issue 14; docs/protocol/private-profile.md).
 * The user orders their circles and groups together by privilege and may give each one its own name
 * and bio; every peer is sealed only the version of the most privileged tier they are in, so the
 * author decides who sees what and no peer can ask for more. A circle's version is sealed for its
 * tier's members; a group's for the group's current epoch key (one wrap), revealed by the author
 * only to its tier's members. Any change re-signs the public profile and re-seals every tier under
 * its `updated_at` (the generation): whoever left a tier — a circle, or a group by a removal that
 * started a new epoch — has nothing of the new generation and falls back to the next tier they are
 * in, or the public profile. The typed text is kept sealed (local-text.ts).
 */
import type { ProfileTierRef, ProfileTierView } from '../api/index.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
import { sealGroupProfileVersion } from '../groups/index.ts'
import type { NodeId, Profile, Signed, Verified } from '../model/index.ts'
import {
  MAX_VERSIONS_PER_GENERATION,
  type ProfileVersion,
  type ProfileVersionFields,
  parseProfileVersionFields,
  sealProfileVersion,
  verifyProfileVersion,
  versionRecipients,
} from '../model/index.ts'
import { updateProfile } from './identity-service.ts'
import { openLocalText, sealLocalText } from './local-text.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'
import {
  allTiers,
  orderKey,
  PRIVATE_PROFILES_KEY,
  planFingerprint,
  plannedTiers,
  readSetting,
} from './private-profile-tiers.ts'

export { PRIVATE_PROFILES_KEY, planTiers, type TierPlan, tierKey } from './private-profile-tiers.ts'

function fieldsOf(ctx: NodeContext, sealed: string | undefined): ProfileVersionFields | null {
  if (sealed === undefined) return null
  const text = openLocalText(requireIdentity(ctx), sealed)
  if (text === null) return null
  try {
    return parseProfileVersionFields(JSON.parse(text))
  } catch {
    return null
  }
}

/** The circles and groups as tiers, most privileged first, with what each shows and to how many. */
export function listProfileTiers(ctx: NodeContext): ProfileTierView[] {
  const self = requireIdentity(ctx).nodeId
  return plannedTiers(ctx, readSetting(ctx)).map((tier, rank) => {
    const view: ProfileTierView = {
      circle: tier.name,
      rank,
      members: tier.members.filter((m) => m !== self).length,
      sees: tier.recipients.length,
      fields: fieldsOf(ctx, tier.sealed),
    }
    if ('group' in tier.ref) view.group = tier.ref.group
    return view
  })
}

/**
 * Re-signs the public profile (unless `generation` names the one just signed) and re-seals every
 * tier that has its own text; returns the new public profile, or undefined when nothing private
 * exists or ever existed (then nothing is re-signed, so circle changes leak nothing).
 */
export async function resealProfileVersions(
  ctx: NodeContext,
  signedPublic?: Signed<Profile>,
): Promise<Signed<Profile> | undefined> {
  const identity = requireIdentity(ctx)
  const self = identity.nodeId
  const setting = readSetting(ctx)
  const planned = plannedTiers(ctx, setting)
  const fingerprint = planFingerprint(planned)
  const tiers = planned.flatMap((t) => {
    const fields = fieldsOf(ctx, t.sealed)
    return fields === null || t.recipients.length === 0 ? [] : [{ ...t, fields }]
  })
  const remember = (): void => {
    if (readSetting(ctx).sealed_plan !== fingerprint)
      ctx.store.setSetting(PRIVATE_PROFILES_KEY, { ...readSetting(ctx), sealed_plan: fingerprint })
  }
  if (tiers.length === 0 && ctx.store.profileVersions(self).length === 0) {
    remember()
    return signedPublic
  }
  let profile = signedPublic
  if (profile === undefined) {
    const current = ctx.store.getProfile(self)?.record
    if (current === undefined) return undefined
    profile = await updateProfile(ctx, { display_name: current.display_name, bio: current.bio })
  }
  const generation = profile.record.updated_at
  const now = ctx.clock.now()
  const sealed: Verified<Signed<ProfileVersion>>[] = []
  const kept = tiers.slice(0, MAX_VERSIONS_PER_GENERATION)
  for (const tier of kept) {
    const version =
      tier.epoch !== undefined && 'group' in tier.ref
        ? await sealGroupProfileVersion(identity, {
            fields: tier.fields,
            target: { group: tier.ref.group, epoch: tier.epoch.epoch, pub: tier.epoch.pub },
            generation,
          })
        : await sealProfileVersion(identity, { ...tier, generation })
    sealed.push(await verifyProfileVersion(version, Math.max(now, generation)))
  }
  ctx.store.transaction(() => {
    ctx.store.dropProfileVersionsBefore(self, generation)
    for (const [i, version] of sealed.entries()) {
      const tier = kept[i] as (typeof kept)[number]
      const local = sealLocalText(identity, JSON.stringify(tier.fields))
      // A group's version names no one: the author reveals it to its tier's members (held here only).
      const revealTo = tier.epoch !== undefined ? tier.recipients : versionRecipients(version.record)
      ctx.store.putProfileVersion(version, revealTo, local, MAX_VERSIONS_PER_GENERATION)
    }
    remember()
  })
  ctx.logger.info('profile:resealed', { tiers: sealed.length })
  return profile
}

/**
 * Sets (or with `null` clears) what the members of a circle or a group see; re-seals.
 * NotFoundError for no such circle or no group the user is in; ValidationError, TooLargeError for bad fields.
 */
export async function setTierProfile(
  ctx: NodeContext,
  ref: ProfileTierRef,
  fields: ProfileVersionFields | null,
): Promise<Signed<Profile> | undefined> {
  const identity = requireIdentity(ctx)
  const setting = readSetting(ctx)
  const key = 'group' in ref ? ref.group : ref.circle.trim()
  if ('group' in ref) {
    const held = ctx.store.getGroup(ref.group)
    if (held === undefined || !held.accepted || !held.state.members.has(identity.nodeId))
      throw new NotFoundError('group: not a group you are in')
  } else if (!ctx.store.listCircles().some((c) => c.name === key))
    throw new NotFoundError(`circle: no circle named "${key}"`)
  const texts = { ...('group' in ref ? setting.groups : setting.tiers) }
  if (fields === null) delete texts[key]
  else {
    const checked = parseProfileVersionFields({
      display_name: fields.display_name.trim(),
      bio: fields.bio.trim(),
    })
    texts[key] = sealLocalText(identity, JSON.stringify(checked)) as string
  }
  ctx.store.setSetting(
    PRIVATE_PROFILES_KEY,
    'group' in ref ? { ...setting, groups: texts } : { ...setting, tiers: texts },
  )
  return resealProfileVersions(ctx)
}

/**
 * Orders circles and groups by privilege (most first; each must be a circle or a group the user is
 * in, none twice); re-seals. Errors: ValidationError (twice), NotFoundError (unknown).
 */
export async function orderTiers(
  ctx: NodeContext,
  refs: readonly ProfileTierRef[],
): Promise<Signed<Profile> | undefined> {
  const setting = readSetting(ctx)
  const known = new Set(allTiers(ctx, setting, requireIdentity(ctx).nodeId).map((t) => t.key))
  const order = refs.map((r) => ('group' in r ? { group: r.group } : r.circle.trim()))
  const keys = order.map(orderKey)
  if (new Set(keys).size !== keys.length) throw new ValidationError('tiers: a tier is named twice')
  for (const [i, key] of keys.entries())
    if (!known.has(key)) {
      const entry = order[i]
      throw new NotFoundError(
        typeof entry === 'string' ? `circles: no circle named "${entry}"` : 'groups: not a group you are in',
      )
    }
  ctx.store.setSetting(PRIVATE_PROFILES_KEY, { ...setting, order })
  return resealProfileVersions(ctx)
}

/** Carries a renamed circle's place and text over (`to` null: the circle was deleted, forget them). */
export function renameTier(ctx: NodeContext, from: string, to: string | null): void {
  const setting = readSetting(ctx)
  const a = from.trim()
  const b = to?.trim()
  const tiers = { ...setting.tiers }
  if (tiers[a] !== undefined && b !== undefined) tiers[b] = tiers[a]
  delete tiers[a]
  const order = setting.order.flatMap((n) => (n !== a ? [n] : b === undefined ? [] : [b]))
  ctx.store.setSetting(PRIVATE_PROFILES_KEY, { ...setting, order, tiers })
}

/**
 * Whether the tiers' plan changed since the last seal (a group's members or epoch moved: a group
 * record arrived or was signed here), so the versions must be sealed again.
 */
export function profileTiersStale(ctx: NodeContext): boolean {
  if (ctx.identity === undefined) return false
  const setting = readSetting(ctx)
  const hasText = Object.keys(setting.groups ?? {}).length > 0 || Object.keys(setting.tiers).length > 0
  if (!hasText && setting.sealed_plan === undefined) return false
  return planFingerprint(plannedTiers(ctx, setting)) !== setting.sealed_plan
}

const resealing = new WeakMap<NodeContext, Promise<void>>()

/**
 * Re-seals after a group change if the plan moved (`profileTiersStale`), one at a time; `announce`
 * hears the re-signed public profile. Errors are logged, never thrown (a background step).
 */
export function resealAfterGroupChange(
  ctx: NodeContext,
  announce: (signed: Signed<Profile> | undefined) => void,
): Promise<void> {
  const run = async (): Promise<void> => {
    if (!profileTiersStale(ctx)) return
    announce(await resealProfileVersions(ctx))
    ctx.emit({ type: 'people.changed' })
  }
  const next = (resealing.get(ctx) ?? Promise.resolve())
    .then(run)
    .catch((err: unknown) => ctx.logger.warn('profile:reseal-failed', { error: (err as Error).name }))
  resealing.set(ctx, next)
  return next
}

/** Resolves when the re-seals started by `resealAfterGroupChange` are done (tests, shutdown). */
export function resealsSettled(ctx: NodeContext): Promise<void> {
  return resealing.get(ctx) ?? Promise.resolve()
}

/**
 * The private version of `author`'s profile this node may show: one it opened of the generation of
 * the held public profile (or newer), a circle's (addressed to this node by name) before a group's;
 * undefined otherwise, and always for the user's own profile.
 */
export function shownPrivateProfile(ctx: NodeContext, author: NodeId): ProfileVersionFields | undefined {
  const identity = ctx.identity
  if (identity === undefined || author === identity.nodeId) return undefined
  const publicAt = ctx.store.getProfile(author)?.record.updated_at ?? 0
  const held = ctx.store
    .profileVersions(author)
    .filter((v) => v.local !== null && v.signed.record.generation >= publicAt)
  const byName = (v: (typeof held)[number]): number =>
    v.signed.record.visibility.type === 'encrypted' ? 0 : 1
  for (const version of held.sort((a, b) => byName(a) - byName(b))) {
    const text = openLocalText(identity, version.local as string)
    if (text === null) continue
    try {
      return parseProfileVersionFields(JSON.parse(text))
    } catch {}
  }
  return undefined
}
