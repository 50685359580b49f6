/**
 * Restoration (issue 15, docs/design.md §13): every `everyMs`, the node's own posts with fewer
 * live holders than the target go through the cascade — keyholders (recipients it knows; for a
 * public post, the people it follows), then followers (peers that pulled its posts from it in the
 * last week, then those seen holding its posts; public only), then a random connected peer with
 * spare quota whose gate accepts the offer — each asked over `/distsoc/host/1.0.0` (core/hosting,
 * whose typed refusal moves the cascade on). A few posts per round, one round at a time; whatever
 * cannot be placed stays "low redundancy" in the UI.
 */
import { errorName } from '../../errors.ts'
import type { HostingNetwork } from '../../hosting/index.ts'
import type { NodeId, PostId } from '../../model/index.ts'
import { after } from '../../net/index.ts'
import {
  type CascadeNetwork,
  FOLLOWER_WINDOW_MS,
  type RestorationSubject,
  restoreRedundancy,
} from '../../replicas/index.ts'
import { trustedAnchorIds } from '../anchor-trust.ts'
import { requireIdentity } from '../node-context.ts'
import { nodeReplicas } from '../node-replicas.ts'
import { onReplicaSettings, replicaSettings } from '../replica-settings.ts'
import type { NetworkUnit, UnitContext } from './unit.ts'

/** Most low posts one round works on. */
export const RESTORE_POSTS_PER_ROUND = 8

/**
 * Starts the restoration loop; a round runs every `everyMs`, by default the node's
 * `restore_every_ms` setting (a change reschedules the next round). `hosting` (the hosting unit's
 * peers) asks spare-quota candidates through their gate before anything is pushed, and pushes.
 * Each round also tells the views when the set of low posts changed (a holder timed out or came back).
 */
export function startRestoration(
  { ctx }: UnitContext,
  hosting: HostingNetwork,
  everyMs?: number,
): NetworkUnit {
  let stopped = false
  let cancel: (() => void) | undefined
  let lowBefore = ''
  let running = false
  const me = requireIdentity(ctx).nodeId
  const { book, pullers } = nodeReplicas(ctx)
  const known = (): Set<NodeId> =>
    new Set([
      ...ctx.store.listPeers().map((p) => p.node_id),
      ...ctx.store.listFollows().map((f) => f.node_id),
    ])
  const seenHolders = (): NodeId[] => {
    const out = new Set<NodeId>()
    for (const post of book.trackedPosts()) for (const h of book.holders(post)) out.add(h.node)
    return [...out]
  }
  const network: CascadeNetwork = {
    keyholders(subject) {
      const post = ctx.store.getPost(subject.id)?.signed
      if (post === undefined) return []
      if (post.visibility.type === 'public') return ctx.store.listFollows().map((f) => f.node_id)
      const people = known()
      // A group post's keyholders are the group's members (issue 14).
      const holders =
        post.visibility.type === 'group'
          ? [...(ctx.store.getGroup(post.visibility.group)?.state.members.keys() ?? [])]
          : post.visibility.recipients.map((r) => r.recipient)
      return holders.filter((r) => people.has(r))
    },
    // the node keeps no follower list: peers that pulled its posts lately, then those seen holding them
    followers: () => [...pullers.since(ctx.clock.now() - FOLLOWER_WINDOW_MS), ...seenHolders()],
    hosting,
    push: (peer, subject) => hosting.push(peer, subject.id),
  }
  const noticeLow = (): PostId[] => {
    const low = book.lowPosts(ctx.clock.now())
    const key = [...low].sort().join(',')
    if (key !== lowBefore) ctx.emit({ type: 'replicas.changed' })
    lowBefore = key
    return low
  }
  const round = async (): Promise<void> => {
    const now = ctx.clock.now()
    for (const id of noticeLow().slice(0, RESTORE_POSTS_PER_ROUND)) {
      if (stopped) return
      const subject = subjectOf(id)
      if (subject === undefined) continue
      // never the node's anchors, at any tier: they keep its posts by the mailbox rules already (§13)
      const result = await restoreRedundancy(subject, book.liveHolders(id, now), network, {
        target: book.target,
        exclude: trustedAnchorIds(ctx),
      })
      for (const { peer } of result.placed) book.addHolder(peer, id, ctx.clock.now())
      if (result.placed.length > 0)
        ctx.logger.debug('replicas:restored', { placed: result.placed.length, status: result.status })
    }
    noticeLow()
  }
  const subjectOf = (id: PostId): RestorationSubject | undefined => {
    const stored = ctx.store.getPost(id)
    if (stored === undefined || stored.signed.post.author !== me) return undefined
    const { post, visibility } = stored.signed
    const bytes = post.content.length + post.attachments.reduce((n, a) => n + a.size, 0)
    return { id, author: me, encrypted: visibility.type === 'encrypted', bytes }
  }
  const loop = (): void => {
    cancel = after(everyMs ?? replicaSettings(ctx).restore_every_ms, () => {
      if (stopped) return
      running = true
      round()
        .catch((err: unknown) => ctx.logger.warn('replicas:restore-failed', { error: errorName(err) }))
        .finally(() => {
          running = false
          if (!stopped) loop()
        })
    })
  }
  loop()
  const offSettings = onReplicaSettings(ctx, () => {
    // a running round schedules the next one itself, with the new interval
    if (stopped || running || everyMs !== undefined) return
    cancel?.()
    loop()
  })
  return {
    stop() {
      stopped = true
      offSettings()
      cancel?.()
    },
  }
}
