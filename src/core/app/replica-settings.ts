/**
 * The node's replica settings (issue 15, docs/design.md §13): how many live holders a post should
 * have, how long a holder may go unseen before it counts as gone (seed D-2: "after a timeout") and
 * how often the restoration loop looks. Stored in the node's settings; the replica book and the
 * restoration loop read them, and a change applies at once (tests shorten the timeout this way).
 */
import type { ReplicaSettings } from '../api/index.ts'
import { ValidationError } from '../errors.ts'
import { REPLICA_DEFAULTS, REPLICA_LIMITS } from '../replicas/index.ts'
import type { NodeContext } from './node-context.ts'

const KEY = 'replicas'

/** What design says until the user changes it: 3 holders, gone after a day, a look every 10 minutes. */
export const REPLICA_SETTING_DEFAULTS: ReplicaSettings = {
  target: REPLICA_DEFAULTS.target,
  holder_timeout_ms: REPLICA_DEFAULTS.dropAfterMs,
  restore_every_ms: 10 * 60_000,
}

/** Inclusive bounds of each setting. */
export const REPLICA_SETTING_BOUNDS = {
  target: { min: 1, max: REPLICA_LIMITS.holdersPerMap },
  holder_timeout_ms: { min: 1_000, max: 30 * 24 * 60 * 60_000 },
  restore_every_ms: { min: 500, max: 24 * 60 * 60_000 },
} as const satisfies Record<keyof ReplicaSettings, { min: number; max: number }>

const FIELDS = Object.keys(REPLICA_SETTING_BOUNDS) as (keyof ReplicaSettings)[]

const inBounds = (field: keyof ReplicaSettings, value: unknown): value is number => {
  const { min, max } = REPLICA_SETTING_BOUNDS[field]
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
}

const isSettings = (v: unknown): v is ReplicaSettings =>
  typeof v === 'object' && v !== null && FIELDS.every((f) => inBounds(f, (v as Record<string, unknown>)[f]))

const listeners = new WeakMap<NodeContext, Set<(s: ReplicaSettings) => void>>()

/** The stored settings, or the defaults. */
export function replicaSettings(ctx: NodeContext): ReplicaSettings {
  return ctx.store.getSetting(KEY, isSettings) ?? REPLICA_SETTING_DEFAULTS
}

/**
 * Merges `change` into the stored settings, stores them and tells the listeners; returns them.
 * ValidationError (nothing stored) if a field is not an integer within REPLICA_SETTING_BOUNDS.
 */
export function setReplicaSettings(ctx: NodeContext, change: Partial<ReplicaSettings>): ReplicaSettings {
  const next = { ...replicaSettings(ctx) }
  for (const field of FIELDS) {
    const value = change[field]
    if (value === undefined) continue
    if (!inBounds(field, value)) {
      const { min, max } = REPLICA_SETTING_BOUNDS[field]
      throw new ValidationError(`${field}: must be an integer from ${min} to ${max}`)
    }
    next[field] = value
  }
  ctx.store.setSetting(KEY, next)
  for (const listener of listeners.get(ctx) ?? []) listener(next)
  ctx.emit({ type: 'replicas.changed' })
  return next
}

/** Calls `listener` after every change of the settings; returns the unsubscribe. */
export function onReplicaSettings(ctx: NodeContext, listener: (s: ReplicaSettings) => void): () => void {
  const set = listeners.get(ctx) ?? new Set()
  set.add(listener)
  listeners.set(ctx, set)
  return () => set.delete(listener)
}
