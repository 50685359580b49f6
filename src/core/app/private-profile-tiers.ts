/**
 * The tiers of private profiles (issue 14, seed D-4; docs/protocol/private-profile.md): circles and
 * the groups the user is in, in the user's privilege order, each member placed in the first tier
 * that holds them, and a fingerprint of what a seal depends on (so a group change re-seals only
 * when it moved a tier's members or its epoch).
 */
import type { ProfileTierRef } from '../api/index.ts'
import { blake3, toHex, utf8 } from '../crypto/index.ts'
import type { GroupId, NodeId } from '../model/index.ts'
import { type NodeContext, requireIdentity } from './node-context.ts'

/** Settings key of the privilege order and the sealed text per circle. */
export const PRIVATE_PROFILES_KEY = 'private_profiles'

/** What the settings hold of private profiles (the text is sealed, never in the clear). */
export interface PrivateProfilesSetting {
  /** Tiers, most privileged first: a circle by its name, a group as `{ group }`. */
  order: (string | { group: GroupId })[]
  /** Per circle name: the fields' JSON sealed with sealLocalText. */
  tiers: Record<string, string>
  /** Per group id: the fields' JSON sealed with sealLocalText. */
  groups?: Record<string, string>
  /** BLAKE3 of the plan last sealed (tiers with text, their members, groups' epochs). */
  sealed_plan?: string
}

const isSetting = (v: unknown): v is PrivateProfilesSetting =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as PrivateProfilesSetting).order) &&
  typeof (v as PrivateProfilesSetting).tiers === 'object'

/** One tier of a plan: its key (`tierKey`) and whom its version is sealed for. */
export interface TierPlan {
  key: string
  recipients: NodeId[]
}

/** A tier's key in a plan: circle and group keys never collide. */
export const tierKey = (ref: ProfileTierRef): string =>
  'group' in ref ? `group:${ref.group}` : `circle:${ref.circle}`

/**
 * Splits the tiers into plans: tiers in `order` first (most privileged first), the others after
 * them in the order given; each member lands only in the first tier that holds them, the author in none.
 */
export function planTiers(
  order: readonly string[],
  tiers: readonly { key: string; members: readonly NodeId[] }[],
  self: NodeId,
): TierPlan[] {
  const byKey = new Map(tiers.map((t) => [t.key, t]))
  const keys = [
    ...order.filter((k) => byKey.has(k)),
    ...tiers.map((t) => t.key).filter((k) => !order.includes(k)),
  ]
  const placed = new Set<NodeId>([self])
  return keys.map((key) => {
    const recipients = (byKey.get(key)?.members ?? []).filter((m) => !placed.has(m))
    for (const m of recipients) placed.add(m)
    return { key, recipients }
  })
}

/** The private profiles setting, or an empty one. */
export function readSetting(ctx: NodeContext): PrivateProfilesSetting {
  return ctx.store.getSetting(PRIVATE_PROFILES_KEY, isSetting) ?? { order: [], tiers: {} }
}

/** The plan key of an entry of the stored order. */
export const orderKey = (entry: string | { group: GroupId }): string =>
  typeof entry === 'string' ? tierKey({ circle: entry }) : tierKey(entry)

/** One tier the user can give a version: a circle, or a group they are in (accepted). */
export interface Tier {
  key: string
  ref: ProfileTierRef
  name: string
  members: NodeId[]
  /** A group's current epoch (its version is sealed for that epoch's key). */
  epoch?: { epoch: number; pub: Uint8Array }
  sealed: string | undefined
}

/** Every tier: the circles, then the accepted groups the user is in, by name. */
export function allTiers(ctx: NodeContext, setting: PrivateProfilesSetting, self: NodeId): Tier[] {
  const circles: Tier[] = ctx.store.listCircles().map((c) => ({
    key: tierKey({ circle: c.name }),
    ref: { circle: c.name },
    name: c.name,
    members: c.members,
    sealed: setting.tiers[c.name],
  }))
  const groups: Tier[] = ctx.store
    .listGroups()
    .filter((g) => g.accepted && g.state.members.has(self))
    .sort((a, b) => (a.state.name < b.state.name ? -1 : a.state.name > b.state.name ? 1 : 0))
    .map(({ state }) => ({
      key: tierKey({ group: state.id }),
      ref: { group: state.id },
      name: state.name,
      members: [...state.members.keys()],
      epoch: { epoch: state.epoch, pub: state.epoch_pub },
      sealed: setting.groups?.[state.id],
    }))
  return [...circles, ...groups]
}

/** The tiers in privilege order with whom each one's version is for. */
export function plannedTiers(ctx: NodeContext, setting: PrivateProfilesSetting): (Tier & TierPlan)[] {
  const self = requireIdentity(ctx).nodeId
  const tiers = allTiers(ctx, setting, self)
  const byKey = new Map(tiers.map((t) => [t.key, t]))
  return planTiers(setting.order.map(orderKey), tiers, self).map((plan) => ({
    ...(byKey.get(plan.key) as Tier),
    ...plan,
  }))
}

/** What a seal depends on: the tiers with text, whom each is for, and each group's epoch. */
export function planFingerprint(tiers: readonly (Tier & TierPlan)[]): string {
  const parts = tiers
    .filter((t) => t.sealed !== undefined && t.recipients.length > 0)
    .map((t) => [t.key, t.epoch?.epoch ?? null, [...t.recipients].sort(), t.sealed])
  return toHex(blake3(utf8(JSON.stringify(parts))))
}
