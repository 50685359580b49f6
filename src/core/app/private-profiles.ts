/**
 * Private profiles per circle (seed Phase D-4, issue 14; docs/protocol/private-profile.md). The
 * user orders their circles by privilege and may give each one its own name and bio; every peer is
 * sealed only the version of the most privileged circle they are in (a tier), so the author decides
 * who sees what and no peer can ask for more. Any change re-signs the public profile and re-seals
 * every tier under its `updated_at` (the generation): whoever left a tier has nothing of the new
 * generation and falls back to the public profile. The typed text is kept sealed (local-text.ts).
 */
import type { ProfileTierView } from '../api/index.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
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

/** Settings key of the privilege order and the sealed text per circle. */
export const PRIVATE_PROFILES_KEY = 'private_profiles'

interface PrivateProfilesSetting {
  /** Circle names, most privileged first. */
  order: string[]
  /** Per circle name: the fields' JSON sealed with sealLocalText. */
  tiers: Record<string, string>
}

const isSetting = (v: unknown): v is PrivateProfilesSetting =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as PrivateProfilesSetting).order) &&
  typeof (v as PrivateProfilesSetting).tiers === 'object'

/** One tier of a plan: a circle and whom its version is sealed for. */
export interface TierPlan {
  circle: string
  recipients: NodeId[]
}

/**
 * Splits the circles into tiers: circles in `order` first (most privileged first), the others
 * after them by name; each member lands only in the first circle that holds them, the author in none.
 */
export function planTiers(
  order: readonly string[],
  circles: readonly { name: string; members: readonly NodeId[] }[],
  self: NodeId,
): TierPlan[] {
  const byName = new Map(circles.map((c) => [c.name, c]))
  const names = [
    ...order.filter((n) => byName.has(n)),
    ...circles.map((c) => c.name).filter((n) => !order.includes(n)),
  ]
  const placed = new Set<NodeId>([self])
  return names.map((circle) => {
    const recipients = (byName.get(circle)?.members ?? []).filter((m) => !placed.has(m))
    for (const m of recipients) placed.add(m)
    return { circle, recipients }
  })
}

function readSetting(ctx: NodeContext): PrivateProfilesSetting {
  return ctx.store.getSetting(PRIVATE_PROFILES_KEY, isSetting) ?? { order: [], tiers: {} }
}

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

/** The circles as tiers, most privileged first, with what each shows and to how many. */
export function listProfileTiers(ctx: NodeContext): ProfileTierView[] {
  const self = requireIdentity(ctx).nodeId
  const setting = readSetting(ctx)
  const circles = ctx.store.listCircles()
  return planTiers(setting.order, circles, self).map((tier, rank) => ({
    circle: tier.circle,
    rank,
    members: circles.find((c) => c.name === tier.circle)?.members.length ?? 0,
    sees: tier.recipients.length,
    fields: fieldsOf(ctx, setting.tiers[tier.circle]),
  }))
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
  const tiers = planTiers(setting.order, ctx.store.listCircles(), self).flatMap((t) => {
    const fields = fieldsOf(ctx, setting.tiers[t.circle])
    return fields === null || t.recipients.length === 0 ? [] : [{ ...t, fields }]
  })
  if (tiers.length === 0 && ctx.store.profileVersions(self).length === 0) return signedPublic
  let profile = signedPublic
  if (profile === undefined) {
    const current = ctx.store.getProfile(self)?.record
    if (current === undefined) return undefined
    profile = await updateProfile(ctx, { display_name: current.display_name, bio: current.bio })
  }
  const generation = profile.record.updated_at
  const now = ctx.clock.now()
  const sealed: Verified<Signed<ProfileVersion>>[] = []
  for (const tier of tiers.slice(0, MAX_VERSIONS_PER_GENERATION)) {
    const version = await sealProfileVersion(identity, { ...tier, generation })
    sealed.push(await verifyProfileVersion(version, Math.max(now, generation)))
  }
  ctx.store.transaction(() => {
    ctx.store.dropProfileVersionsBefore(self, generation)
    for (const [i, version] of sealed.entries()) {
      const local = sealLocalText(identity, JSON.stringify(tiers[i]?.fields))
      ctx.store.putProfileVersion(
        version,
        versionRecipients(version.record),
        local,
        MAX_VERSIONS_PER_GENERATION,
      )
    }
  })
  ctx.logger.info('profile:resealed', { tiers: sealed.length })
  return profile
}

/** Sets (or with `null` clears) what the members of `circle` see; re-seals. NotFoundError for no such circle. */
export async function setTierProfile(
  ctx: NodeContext,
  circle: string,
  fields: ProfileVersionFields | null,
): Promise<Signed<Profile> | undefined> {
  const identity = requireIdentity(ctx)
  const name = circle.trim()
  if (!ctx.store.listCircles().some((c) => c.name === name))
    throw new NotFoundError(`circle: no circle named "${name}"`)
  const setting = readSetting(ctx)
  const tiers = { ...setting.tiers }
  if (fields === null) delete tiers[name]
  else {
    const checked = parseProfileVersionFields({
      display_name: fields.display_name.trim(),
      bio: fields.bio.trim(),
    })
    tiers[name] = sealLocalText(identity, JSON.stringify(checked)) as string
  }
  ctx.store.setSetting(PRIVATE_PROFILES_KEY, { order: setting.order, tiers })
  return resealProfileVersions(ctx)
}

/** Orders the circles by privilege (most first; every name must be a circle, none twice); re-seals. */
export async function orderTiers(
  ctx: NodeContext,
  circles: readonly string[],
): Promise<Signed<Profile> | undefined> {
  const known = new Set(ctx.store.listCircles().map((c) => c.name))
  const order = circles.map((c) => c.trim())
  if (new Set(order).size !== order.length) throw new ValidationError('circles: a circle is named twice')
  for (const name of order)
    if (!known.has(name)) throw new NotFoundError(`circles: no circle named "${name}"`)
  const setting = readSetting(ctx)
  ctx.store.setSetting(PRIVATE_PROFILES_KEY, { order, tiers: setting.tiers })
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
  ctx.store.setSetting(PRIVATE_PROFILES_KEY, { order, tiers })
}

/**
 * The private version of `author`'s profile this node may show: one it opened of the generation of
 * the held public profile (or newer); undefined otherwise, and always for the user's own profile.
 */
export function shownPrivateProfile(ctx: NodeContext, author: NodeId): ProfileVersionFields | undefined {
  const identity = ctx.identity
  if (identity === undefined || author === identity.nodeId) return undefined
  const publicAt = ctx.store.getProfile(author)?.record.updated_at ?? 0
  for (const held of ctx.store.profileVersions(author)) {
    if (held.local === null || held.signed.record.generation < publicAt) continue
    const text = openLocalText(identity, held.local)
    if (text === null) continue
    try {
      return parseProfileVersionFields(JSON.parse(text))
    } catch {}
  }
  return undefined
}
