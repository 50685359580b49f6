/**
 * Avatar images for the whole tab (issue 16): one `profile.avatar` call per person, kept as an object
 * URL and shared by every `<ds-avatar>` that shows them. When profiles change (`profile.updated`,
 * `people.changed`), entries whose avatar id moved are dropped and "none yet" is asked again (the
 * image can arrive after the profile); listeners then redraw.
 */
import type { BlobId, NodeEvent, NodeId } from '../../core/api/index.ts'
import type { RpcClient } from './node-client.ts'

/** How long "no avatar" is believed before the node is asked again. */
const RETRY_NONE_MS = 20_000
/** Profile changes come in bursts during a sync: one check per this many ms. */
const RECHECK_DEBOUNCE_MS = 800

interface Resolved {
  blob: BlobId | null
  url: string | null
}

interface Entry {
  value: Promise<Resolved>
  at: number
  /** The value once `value` settled, for a card that is reused for another person (issue 12). */
  settled?: Resolved
}

interface Cache {
  entries: Map<NodeId, Entry>
  listeners: Set<() => void>
  timer: ReturnType<typeof setTimeout> | null
}

const caches = new WeakMap<RpcClient, Cache>()
const NONE: Resolved = { blob: null, url: null }

function cacheOf(client: RpcClient): Cache {
  const known = caches.get(client)
  if (known !== undefined) return known
  const cache: Cache = { entries: new Map(), listeners: new Set(), timer: null }
  client.on((e: NodeEvent) => {
    if (e.type === 'profile.updated') {
      drop(cache, e.person.node_id)
      notify(cache)
    } else if (e.type === 'people.changed' || e.type === 'moderation.changed') {
      if (cache.timer !== null) return
      cache.timer = setTimeout(() => {
        cache.timer = null
        void recheck(client, cache)
      }, RECHECK_DEBOUNCE_MS)
    }
  })
  caches.set(client, cache)
  return cache
}

function drop(cache: Cache, id: NodeId): void {
  const entry = cache.entries.get(id)
  cache.entries.delete(id)
  void entry?.value.then((r) => r.url !== null && URL.revokeObjectURL(r.url))
}

function notify(cache: Cache): void {
  for (const l of cache.listeners) l()
}

/** Drops the entries that may be out of date: none yet, or an avatar id the profile no longer names. */
async function recheck(client: RpcClient, cache: Cache): Promise<void> {
  let changed = false
  await Promise.all(
    [...cache.entries].map(async ([id, entry]) => {
      const held = await entry.value
      const now =
        held.blob === null
          ? null
          : await client.call('profile.get', { node_id: id }).then(
              (p) => p?.avatar ?? null,
              () => held.blob,
            )
      if (held.blob === null || now !== held.blob) {
        if (cache.entries.get(id) !== entry) return
        drop(cache, id)
        changed = true
      }
    }),
  )
  if (changed) notify(cache)
}

async function resolve(client: RpcClient, id: NodeId): Promise<Resolved> {
  try {
    const image = await client.call('profile.avatar', { node_id: id })
    if (image === null) return NONE
    const data = new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime })
    return { blob: image.blob, url: URL.createObjectURL(data) }
  } catch {
    return NONE
  }
}

/** An object URL of `id`'s avatar, or null while they have none (errors count as none). */
export async function avatarUrl(client: RpcClient, id: NodeId): Promise<string | null> {
  const cache = cacheOf(client)
  const entry = cache.entries.get(id)
  if (entry !== undefined) {
    const held = await entry.value
    if (held.url !== null || Date.now() - entry.at < RETRY_NONE_MS) return held.url
    if (cache.entries.get(id) === entry) cache.entries.delete(id)
    return avatarUrl(client, id)
  }
  const fresh: Entry = { value: resolve(client, id), at: Date.now() }
  void fresh.value.then((r) => {
    fresh.settled = r
  })
  cache.entries.set(id, fresh)
  return (await fresh.value).url
}

/** `id`'s avatar URL if the tab already holds it, null if none is known yet (then ask `avatarUrl`). */
export function knownAvatarUrl(client: RpcClient, id: NodeId): string | null {
  return cacheOf(client).entries.get(id)?.settled?.url ?? null
}

/** Calls `listener` whenever cached avatars were dropped (someone changed theirs); returns the unsubscribe. */
export function onAvatarsChanged(client: RpcClient, listener: () => void): () => void {
  const cache = cacheOf(client)
  cache.listeners.add(listener)
  return () => {
    cache.listeners.delete(listener)
  }
}
