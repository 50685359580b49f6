import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningAnchor, startAnchor } from '../../relay-anchor/src/anchor.ts'
import { syncMailbox } from '../../relay-anchor/src/sync-mailbox.ts'
import { LIMITS, type NodeId, type PostId, type SignedPost } from '../../src/core/model/types.ts'
import { SYNC_PROTOCOL } from '../../src/core/sync/index.ts'
import {
  forgedSignaturePost,
  futurePost,
  honestPost,
  idMismatchPost,
  impersonatingPost,
  nonAuthorDelete,
  profileListing,
} from './bad-posts.ts'
import {
  anyFrame,
  frame,
  type MisbehavingPeer,
  type PullScript,
  rawFrame,
  startMisbehavingPeer,
} from './misbehaving-peer.ts'
import { eventually, reachable, startUser, type TestUser } from './node-harness.ts'

let anchor: RunningAnchor
let alice: TestUser
let bob: TestUser
let alicePost: PostId
const peers: MisbehavingPeer[] = []

interface Metrics {
  stored_posts: number
  rejected_frames: Array<{ protocol: string; reason: string; count: number }>
}

async function metrics(): Promise<Metrics> {
  return (await (await fetch(`${anchor.metricsUrl}/metrics?format=json`)).json()) as Metrics
}

async function rejections(reason: string): Promise<number> {
  const m = await metrics()
  return m.rejected_frames.find((r) => r.protocol === SYNC_PROTOCOL && r.reason === reason)?.count ?? 0
}

async function homeContents(u: TestUser): Promise<(string | null)[]> {
  const page = await u.call('feed.page', { query: { type: 'home' }, limit: 100 })
  return page.posts.map((p) => p.content)
}

async function misbehaving(): Promise<MisbehavingPeer> {
  const peer = await startMisbehavingPeer()
  peers.push(peer)
  return peer
}

/** Items, then the end of the turn, as a pull answer. */
function answer(...chunks: Uint8Array[]): PullScript {
  return async (ch) => {
    for (const c of chunks) await ch.write(c)
    await ch.write(frame({ type: 'over' }))
  }
}

function postFrame(post: SignedPost): Uint8Array {
  return frame({ type: 'post', post: post as unknown as Record<string, unknown> })
}

beforeAll(async () => {
  anchor = await startAnchor({
    logLevel: 'silent',
    mailbox: syncMailbox({ minIntervalMs: 0 }),
  })
  const anchors = [anchor.multiaddrs[0]!]
  alice = await startUser('Alice', anchors)
  bob = await startUser('Bob', anchors)
  await alice.call('identity.create', { display_name: 'Alice', bio: '' })
  await bob.call('identity.create', { display_name: 'Bob', bio: '' })
  const { connect } = await alice.call('profile.connectString', {})
  await bob.call('follow.add', { target: connect })
  const post = await alice.call('post.create', {
    content: 'before the attack',
    intent: { type: 'public' },
    attachments: [],
  })
  alicePost = post.id
  await eventually(async () => (await homeContents(bob)).includes('before the attack'))
  await eventually(() => anchor.mailbox.stats().posts >= 1)
}, 60_000)

afterAll(async () => {
  await Promise.allSettled(peers.map((p) => p.stop()))
  await Promise.allSettled([alice.stop(), bob.stop()])
  await anchor.stop()
})

/** Posts the anchor holds must not move while a bad session runs. */
async function expectAnchorUnchanged(run: () => Promise<void>): Promise<void> {
  const before = (await metrics()).stored_posts
  await run()
  expect((await metrics()).stored_posts).toBe(before)
  expect(anchor.mailbox.stats().posts).toBe(before)
}

describe('a misbehaving peer answering the anchor’s check-in pull', () => {
  // Each bad item follows the peer's own valid profile listing the anchor, so the anchor *would* keep
  // what it sends: only verification stands between the item and the mailbox. A bad item is
  // skipped and counted, the session goes on (issue 11); a bad frame resets the stream.
  const cases: Array<[string, string, 'skip' | 'reset', (peer: MisbehavingPeer) => Promise<Uint8Array>]> = [
    [
      'a forged signature',
      'InvalidSignatureError',
      'skip',
      async (p) => postFrame(await forgedSignaturePost(p.identity, 'forged')),
    ],
    [
      'an id that does not hash the post',
      'IdMismatchError',
      'skip',
      async (p) => postFrame(await idMismatchPost(p.identity, 'swap')),
    ],
    [
      'a timestamp two hours ahead',
      'FutureTimestampError',
      'skip',
      async (p) => postFrame(await futurePost(p.identity, 'later')),
    ],
    [
      'a delete of somebody else’s post',
      'ForeignDeleteError',
      'skip',
      async (p) => frame({ type: 'delete', delete: (await nonAuthorDelete(p.identity, alicePost)) as never }),
    ],
    [
      'a blob over 256 KiB',
      'TooLargeError',
      'reset',
      async () =>
        anyFrame({ type: 'blob', id: new Uint8Array(32), bytes: new Uint8Array(LIMITS.blobBytes + 1) }),
    ],
    [
      'an oversize frame',
      'FrameTooLargeError',
      'reset',
      async () => rawFrame(new Uint8Array(LIMITS.blobFrameBytes + 1)),
    ],
  ]

  for (const [what, reason, ending, bad] of cases) {
    const how = ending === 'skip' ? 'skips' : 'resets on'
    it(`${how} ${what}, counts ${reason} and stores nothing`, async () => {
      const peer = await misbehaving()
      const profile = await profileListing(peer.identity, [anchor.multiaddrs[0]!])
      const counted = await rejections(reason)
      await expectAnchorUnchanged(async () => {
        const pulled = peer.answerPulls(
          answer(frame({ type: 'profile', profile: profile as never }), await bad(peer)),
        )
        await peer.dial(anchor.multiaddrs[0]!)
        const outcome = await pulled
        expect(outcome.wants).toEqual([peer.nodeId])
        expect(outcome.errorName).toBe(ending === 'skip' ? undefined : reason)
        expect(outcome.reset).toBe(ending === 'reset')
        await eventually(async () => (await rejections(reason)) > counted, 5000)
      })
    })
  }

  it('keeps the same peer’s honest post (the control: the script itself is sound)', async () => {
    const peer = await misbehaving()
    const profile = await profileListing(peer.identity, [anchor.multiaddrs[0]!])
    const before = anchor.mailbox.stats().posts
    const pulled = peer.answerPulls(
      answer(
        frame({ type: 'profile', profile: profile as never }),
        postFrame(await honestPost(peer.identity, 'fine')),
      ),
    )
    await peer.dial(anchor.multiaddrs[0]!)
    const outcome = await pulled
    expect(outcome.errorName).toBeUndefined()
    expect(outcome.reset).toBe(false)
    await eventually(() => anchor.mailbox.stats().posts === before + 1, 5000)
  })
})

describe('a misbehaving peer pulling from the anchor', () => {
  const cases: Array<[string, string, Uint8Array[]]> = [
    [
      'an oversize control frame',
      'FrameTooLargeError',
      [rawFrame(new Uint8Array(LIMITS.controlFrameBytes + 1))],
    ],
    [
      'truncated CBOR',
      'MalformedError',
      [rawFrame(anyFrame({ type: 'hello', v: 1, wants: [] }).subarray(1, 4))],
    ],
    ['an unknown frame type', 'UnexpectedFrameError', [anyFrame({ type: 'gimme-everything', v: 1 })]],
    [
      'a post frame where a hello belongs',
      'UnexpectedFrameError',
      [anyFrame({ type: 'post', post: { v: 1 } })],
    ],
  ]
  for (const [what, reason, chunks] of cases) {
    it(`resets on ${what} and counts ${reason}`, async () => {
      const peer = await misbehaving()
      const counted = await rejections(reason)
      await expectAnchorUnchanged(async () => {
        const outcome = await peer.sendRaw(anchor.multiaddrs[0]!, chunks)
        expect(outcome.errorName).toBe(reason)
        expect(outcome.reset).toBe(true)
        await eventually(async () => (await rejections(reason)) > counted, 5000)
      })
    })
  }
})

describe('a misbehaving peer reaching a user through the anchor’s relay', () => {
  const circuitToBob = async (): Promise<string> => {
    const bobId = (await bob.call('node.status', {})).node_id as NodeId
    await reachable(bob)
    return `${anchor.multiaddrs[0]}/p2p-circuit/p2p/${bobId}`
  }

  it('resets an oversize frame sent to Bob', async () => {
    const peer = await misbehaving()
    const outcome = await peer.sendRaw(await circuitToBob(), [
      rawFrame(new Uint8Array(LIMITS.controlFrameBytes + 1)),
    ])
    expect(outcome.errorName).toBe('FrameTooLargeError')
    expect(outcome.reset).toBe(true)
  })
})

describe('a misbehaving peer posing as an anchor Bob added', () => {
  // Over a relayed (limited) connection Bob never pulls: libp2p's dialProtocol(peerId) does not reuse
  // limited connections. An anchor is dialled directly, so a bad one gets Bob's pull.
  it('cannot slip a post "by Alice" into Bob’s feed', async () => {
    const peer = await startMisbehavingPeer({ listen: ['/ip4/127.0.0.1/tcp/0/ws'] })
    peers.push(peer)
    const addr = `${peer.libp2p.getMultiaddrs()[0]}`
    const aliceId = (await alice.call('node.status', {})).node_id as NodeId
    const bobId = (await bob.call('node.status', {})).node_id as NodeId
    const forged = await impersonatingPost(peer.identity, aliceId, 'alice says: send me your keys')
    const pulled = peer.answerPulls(answer(postFrame(forged)), bobId)
    await bob.call('anchors.add', { addr })
    try {
      await bob.call('sync.now', {})
      const outcome = await pulled
      // Alice's profile does not list this anchor: Bob's hello names only Bob (docs/design.md §5)
      expect(outcome.wants).toEqual([bobId])
      // skipped and scored; the session itself ends normally (issue 11: skip and score, never abort)
      expect(outcome.errorName).toBeUndefined()
      expect(outcome.reset).toBe(false)
      expect(bob.store.hasPost(forged.id)).toBe(false)
      expect(await homeContents(bob)).not.toContain('alice says: send me your keys')
    } finally {
      await bob.call('anchors.remove', { addr })
      await peer.stop()
    }
  })
})

describe('after the attacks', () => {
  it('still delivers an honest post to Bob, and the anchor alone still serves the post a stranger tried to delete', async () => {
    await alice.call('post.create', {
      content: 'after the attack',
      intent: { type: 'public' },
      attachments: [],
    })
    await eventually(async () => (await homeContents(bob)).includes('after the attack'))
    const aliceConnect = await alice.call('profile.connectString', {})
    await alice.stop()

    const dave = await startUser('Dave', [anchor.multiaddrs[0]!])
    try {
      await dave.call('identity.create', { display_name: 'Dave', bio: '' })
      await dave.call('follow.add', { target: aliceConnect.connect })
      // the post a non-author tried to delete is still in the mailbox
      await eventually(async () => (await homeContents(dave)).includes('before the attack'))
    } finally {
      await dave.stop()
    }
  })
})
