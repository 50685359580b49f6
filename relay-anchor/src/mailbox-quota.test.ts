import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { askToHost } from '../../src/core/hosting/index.ts'
import {
  libp2pPrivateKey,
  openContentKey,
  rewrapForRecipients,
  signProfile,
  updateVisibility,
} from '../../src/core/model/index.ts'
import { createDistsocLibp2p } from '../../src/core/net/index.ts'
import { waitFor } from '../../src/core/net/test-support/nodes.ts'
import { registerSyncProtocol } from '../../src/core/sync/index.ts'
import {
  generateIdentity,
  type Identity,
  type MadePost,
  makePost,
  storeWith,
} from '../../src/core/sync/test-support/fixtures.ts'
import { modelVerifier } from '../../src/core/sync/test-support/model-verifier.ts'
import { type RunningAnchor, startAnchor } from './anchor.ts'
import type { MailboxQuota } from './mailbox.ts'
import { MAILBOX_DB, syncMailbox } from './sync-mailbox.ts'

const cleanup: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})
const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function anchorWith(quota: Partial<MailboxQuota>, dataDir?: string): Promise<RunningAnchor> {
  const anchor = await startAnchor({
    logLevel: 'silent',
    mailbox: syncMailbox({ minIntervalMs: 0 }),
    quota,
    ...(dataDir === undefined ? {} : { dataDir }),
  })
  cleanup.push(() => anchor.stop())
  return anchor
}

/** A peer online with `posts`, its profile listing `anchor` or not; it dials the anchor (check-in). */
async function checksIn(
  anchor: RunningAnchor,
  who: Identity,
  posts: MadePost[],
  listsAnchor: boolean,
  refusals: string[] = [],
) {
  const store = storeWith(posts)
  store.seedProfile(
    await signProfile(who, {
      v: 1,
      author: who.nodeId,
      display_name: 'someone',
      bio: '',
      anchors: listsAnchor ? [anchor.multiaddrs[0]!] : [],
      updated_at: Date.now() - 5000,
    }),
  )
  const node = await createDistsocLibp2p({ privateKey: libp2pPrivateKey(who), transports: [webSockets()] })
  cleanup.push(() => node.stop())
  await registerSyncProtocol(node, {
    store,
    // like a browser node (core/app/node-sync.ts): its own ciphertext goes to the anchors it knows
    verifier: { ...modelVerifier, shouldSendPost: () => true, mayReveal: () => true },
    onServeError: (_, err) => refusals.push(err.name),
  })
  await node.dial(multiaddr(anchor.multiaddrs[0]!))
  return node
}

describe('anchor mailbox quotas (issue 11 case 2)', { timeout: 120_000 }, () => {
  it('bounds 60 posts from 30 throwaway authors to one user by the recipient quota; the senders see why', async () => {
    const anchor = await anchorWith({ perAuthorPosts: 2, perAuthorBytes: 10_000, perRecipientPosts: 10 })
    const victim = generateIdentity()
    const victimNode = await checksIn(anchor, victim, [await makePost(victim, Date.now() - 9000)], true)
    await waitFor(() => anchor.mailbox.stats().posts === 1, 10_000)

    const refusals: string[] = []
    for (let i = 0; i < 30; i++) {
      const sybil = generateIdentity()
      const posts = [
        await makePost(sybil, Date.now() - 4000, { recipients: [victim.nodeId], content: 'x'.repeat(3000) }),
        await makePost(sybil, Date.now() - 3000, { recipients: [victim.nodeId], content: 'y'.repeat(3000) }),
      ]
      // half of them also list the anchor, so the author's own quota is theirs to spend
      await checksIn(anchor, sybil, posts, i % 2 === 0, refusals)
    }
    const { counters } = anchor.metrics
    await waitFor(() => counters.checkIns + counters.checkInFailures >= 31 && refusals.length >= 1, 60_000)
    const stats = anchor.mailbox.stats()
    expect(stats.posts).toBeLessThanOrEqual(1 + 10)
    expect(anchor.metrics.refusedTotal('recipient')).toBeGreaterThanOrEqual(1)
    // the sender's own session ends with the anchor's typed refusal
    expect(refusals).toContain('MailboxQuotaExceededError')

    // the victim's own next post still gets in: its full inbox does not stop its check-in
    await victimNode.stop()
    const before = anchor.mailbox.stats().posts
    await checksIn(
      anchor,
      victim,
      [await makePost(victim, Date.now() - 9000), await makePost(victim, Date.now() - 500)],
      true,
    )
    await waitFor(() => anchor.mailbox.stats().posts === before + 1, 10_000)
  })

  it('refuses everything past the total quota, whoever the author', async () => {
    const anchor = await anchorWith({ totalPosts: 3 })
    for (let i = 0; i < 3; i++) {
      const a = generateIdentity()
      await checksIn(
        anchor,
        a,
        [await makePost(a, Date.now() - 3000), await makePost(a, Date.now() - 2000)],
        true,
      )
    }
    const { counters } = anchor.metrics
    await waitFor(
      () => anchor.metrics.refusedTotal('total') >= 1 && counters.checkIns + counters.checkInFailures >= 3,
      20_000,
    )
    expect(anchor.mailbox.stats().posts).toBe(3)
  })

  it('keeps the same usage after a restart: the ledger is rebuilt from the rows, never summed per request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anchor-quota-'))
    dirs.push(dir)
    const first = await anchorWith({}, dir)
    const reader = generateIdentity()
    await checksIn(first, reader, [], true)
    const author = generateIdentity()
    const posts = [
      await makePost(author, Date.now() - 3000),
      await makePost(author, Date.now() - 2000, { recipients: [reader.nodeId], content: 'z'.repeat(500) }),
    ]
    await checksIn(first, author, posts, false)
    await waitFor(() => first.mailbox.stats().posts === 1, 10_000)
    const before = first.mailbox.stats()
    const scraped = (await (await fetch(`${first.metricsUrl}/metrics?format=json`)).json()) as {
      stored_posts: number
      stored_bytes: number
    }
    expect(scraped).toMatchObject({ stored_posts: before.posts, stored_bytes: before.bytes })
    expect(before.bytes).toBeGreaterThan(500)
    await first.stop()

    const second = await anchorWith({ perRecipientPosts: 1 }, dir)
    expect(second.mailbox.stats()).toEqual(before)
    const text = await (await fetch(`${second.metricsUrl}/metrics`)).text()
    expect(text).toContain(`distsoc_anchor_stored_posts ${before.posts}\n`)
    expect(text).toContain(`distsoc_anchor_stored_bytes ${before.bytes}\n`)
    // the rebuilt ledger still charges the reader's inbox: a second post for them is refused
    const other = generateIdentity()
    await checksIn(
      second,
      other,
      [await makePost(other, Date.now() - 1000, { recipients: [reader.nodeId] })],
      false,
    )
    await waitFor(() => second.metrics.refusedTotal('recipient') >= 1, 10_000)
    expect(second.mailbox.stats()).toEqual(before)
  })

  it('answers host offers by the mailbox rules: a user within its quota is stored, past it and strangers get the typed refusal', async () => {
    const anchor = await anchorWith({ perAuthorBytes: 4_000 })
    const anchorPeer = peerIdFromString(anchor.nodeId)
    const user = generateIdentity()
    const first = await makePost(user, Date.now() - 9000)
    const node = await checksIn(anchor, user, [first], true)
    await waitFor(() => anchor.mailbox.stats().posts === 1, 10_000)
    const small = await makePost(user, Date.now() - 5000, { content: 'keep me' })
    expect(await askToHost(node, anchorPeer, small.post, () => undefined)).toBe('stored')
    expect(anchor.mailbox.stats().posts).toBe(2)
    const big = await makePost(user, Date.now() - 4000, { content: 'z'.repeat(4_500) })
    await expect(askToHost(node, anchorPeer, big.post, () => undefined)).rejects.toMatchObject({
      name: 'HostingQuotaExceededError',
    })
    expect(anchor.mailbox.stats().posts).toBe(2)

    const stranger = generateIdentity()
    const strangerNode = await checksIn(anchor, stranger, [], false)
    const theirs = await makePost(stranger, Date.now() - 3000)
    await expect(askToHost(strangerNode, anchorPeer, theirs.post, () => undefined)).rejects.toMatchObject({
      name: 'HostingQuotaExceededError',
      message: expect.stringContaining('0 bytes spare'),
    })
    expect(anchor.mailbox.stats().posts).toBe(2)
  })

  it('charges a newer header for the recipients it adds: a full inbox refuses it and the old header stays', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anchor-header-quota-'))
    dirs.push(dir)
    const anchor = await anchorWith({ perRecipientPosts: 1 }, dir)
    const reader = generateIdentity()
    const victim = generateIdentity()
    await checksIn(anchor, reader, [], true)
    await checksIn(anchor, victim, [], true)
    // the victim's inbox is full with someone else's post
    const filler = generateIdentity()
    await checksIn(
      anchor,
      filler,
      [await makePost(filler, Date.now() - 4000, { recipients: [victim.nodeId] })],
      false,
    )
    await waitFor(() => anchor.mailbox.stats().posts === 1, 10_000)

    const author = generateIdentity()
    const made = await makePost(author, Date.now() - 3000, { recipients: [author.nodeId, reader.nodeId] })
    const first = await checksIn(anchor, author, [made], false)
    await waitFor(() => anchor.mailbox.stats().posts === 2, 10_000)
    await first.stop()

    // the author re-signs the header to add the victim, and checks in again with it
    const cek = await openContentKey(author, made.post.post, made.post.visibility)
    const widened = await rewrapForRecipients(
      cek,
      [author.nodeId, reader.nodeId, victim.nodeId],
      made.post.post,
    )
    const updated = await updateVisibility(author, made.post, widened, Date.now() - 1000)
    const refusals: string[] = []
    const before = anchor.metrics.refusedTotal('recipient')
    await checksIn(anchor, author, [{ post: updated, blobs: new Map() }], false, refusals)
    await waitFor(() => anchor.metrics.refusedTotal('recipient') > before, 20_000)

    const db = new Database(join(dir, MAILBOX_DB), { readonly: true })
    try {
      const recipients = db
        .prepare('SELECT recipient FROM post_recipients WHERE post_id = ?')
        .all(made.post.id)
        .map((r) => (r as { recipient: string }).recipient)
      expect(recipients).toContain(reader.nodeId)
      expect(recipients).not.toContain(victim.nodeId)
      const row = db
        .prepare('SELECT visibility_updated_at AS at FROM posts WHERE id = ?')
        .get(made.post.id) as {
        at: number
      }
      expect(row.at).toBe(made.post.visibility_updated_at)
    } finally {
      db.close()
    }
    expect(anchor.mailbox.stats().posts).toBe(2)
  })
})
