/**
 * The bad-input journey (docs/design.md §9): a misbehaving peer — a Node script on the project's own libp2p
 * assembly — sends forged posts, a non-author delete and broken frames to the real anchor process,
 * and broken frames to Bob's browser through the anchor's circuit relay. Bob's feed and the
 * anchor's database stay as they were, both keep working, and the anchor's /metrics counts it all.
 */
import '../../scripts/polyfills.mjs'
import { expect, test } from '@playwright/test'
import { LIMITS, type PostId } from '../../src/core/model/types.ts'
import { SYNC_PROTOCOL } from '../../src/core/sync/index.ts'
import { forgedSignaturePost, nonAuthorDelete, profileListing } from '../../test/integration/bad-posts.ts'
import {
  anyFrame,
  frame,
  type MisbehavingPeer,
  type PullScript,
  rawFrame,
  startMisbehavingPeer,
} from '../../test/integration/misbehaving-peer.ts'
import { journeyUsers, meet, twoFriends } from './friends.ts'
import { anchorMetrics, journeyEnv } from './journey-env.ts'
import { expectInFeed, homeFeed, nodeIdOf, post, rpc } from './users.ts'

const users = journeyUsers('each')
const peers: MisbehavingPeer[] = []
test.afterEach(async () => {
  await Promise.allSettled(peers.splice(0).map((p) => p.stop()))
})

async function rejected(reason: string): Promise<number> {
  const m = await anchorMetrics()
  return m.rejected_frames.find((r) => r.protocol === SYNC_PROTOCOL && r.reason === reason)?.count ?? 0
}

async function peer(): Promise<MisbehavingPeer> {
  const p = await startMisbehavingPeer()
  peers.push(p)
  return p
}

/** The peer's own profile (listing the anchor, so the anchor would keep its posts), `bad`, end of turn. */
async function answerWith(p: MisbehavingPeer, bad: Uint8Array): Promise<PullScript> {
  const profile = await profileListing(p.identity, [journeyEnv().anchor.multiaddrs[0]!])
  return async (ch) => {
    await ch.write(frame({ type: 'profile', profile: profile as never }))
    await ch.write(bad)
    await ch.write(frame({ type: 'over' }))
  }
}

test('a misbehaving peer changes nothing at the anchor or in Bob’s feed, and both keep working', async ({
  browser,
}) => {
  test.setTimeout(120_000)
  const anchorAddr = journeyEnv().anchor.multiaddrs[0]!
  const { alice, bob } = await meet(browser, users, twoFriends({ follows: [['bob', 'alice']] }))
  await post(alice.page, 'Honest post before the attack')
  await expectInFeed(bob.page, 'Honest post before the attack')
  const target = (await rpc(alice.page, 'feed.page', { query: { type: 'mine' }, limit: 1 })).posts[0]!
    .id as PostId
  const bobCircuit = `${anchorAddr}/p2p-circuit/p2p/${await nodeIdOf(bob.page)}`

  const storedBefore = (await anchorMetrics()).stored_posts
  const bobBefore = await homeFeed(bob.page)
  const counts = {
    InvalidSignatureError: await rejected('InvalidSignatureError'),
    ForeignDeleteError: await rejected('ForeignDeleteError'),
    FrameTooLargeError: await rejected('FrameTooLargeError'),
    MalformedError: await rejected('MalformedError'),
    UnexpectedFrameError: await rejected('UnexpectedFrameError'),
  }

  // Answers to the anchor's check-in pull.
  const forger = await peer()
  const forged = forger.answerPulls(
    await answerWith(
      forger,
      frame({ type: 'post', post: (await forgedSignaturePost(forger.identity, 'forged')) as never }),
    ),
  )
  await forger.dial(anchorAddr)
  // A bad item is skipped and counted, never a reason to drop the session (docs/design.md §5).
  expect(await forged).toMatchObject({ reset: false })

  const deleter = await peer()
  const deleted = deleter.answerPulls(
    await answerWith(
      deleter,
      frame({ type: 'delete', delete: (await nonAuthorDelete(deleter.identity, target)) as never }),
    ),
  )
  await deleter.dial(anchorAddr)
  expect(await deleted).toMatchObject({ reset: false })

  // Sessions it opens itself, to the anchor and to Bob's browser through the relay. The anchor cuts
  // a stranger after one bad frame and refuses it for a cool-down (docs/design.md §6), so each bad
  // frame comes from a new one, and the first is refused when it tries again.
  const raw = await peer()
  const oversize = rawFrame(new Uint8Array(LIMITS.controlFrameBytes + 1))
  expect(await raw.sendRaw(anchorAddr, [oversize])).toMatchObject({
    errorName: 'FrameTooLargeError',
    reset: true,
  })
  await expect(raw.sendRaw(anchorAddr, [anyFrame({ type: 'hello', v: 1, wants: [] })])).rejects.toThrow()
  expect(
    await (await peer()).sendRaw(anchorAddr, [
      rawFrame(anyFrame({ type: 'hello', v: 1, wants: [] }).subarray(1, 4)),
    ]),
  ).toMatchObject({
    errorName: 'MalformedError',
    reset: true,
  })
  expect(await (await peer()).sendRaw(anchorAddr, [anyFrame({ type: 'gimme-everything' })])).toMatchObject({
    errorName: 'UnexpectedFrameError',
    reset: true,
  })
  expect(await (await peer()).sendRaw(bobCircuit, [oversize])).toMatchObject({
    errorName: 'FrameTooLargeError',
    reset: true,
  })
  expect(await (await peer()).sendRaw(bobCircuit, [anyFrame({ type: 'gimme-everything' })])).toMatchObject({
    errorName: 'UnexpectedFrameError',
    reset: true,
  })

  await expect.poll(() => rejected('InvalidSignatureError')).toBeGreaterThan(counts.InvalidSignatureError)
  await expect.poll(() => rejected('ForeignDeleteError')).toBeGreaterThan(counts.ForeignDeleteError)
  await expect.poll(() => rejected('FrameTooLargeError')).toBeGreaterThan(counts.FrameTooLargeError)
  await expect.poll(() => rejected('MalformedError')).toBeGreaterThan(counts.MalformedError)
  await expect.poll(() => rejected('UnexpectedFrameError')).toBeGreaterThan(counts.UnexpectedFrameError)
  expect((await anchorMetrics()).stored_posts).toBe(storedBefore)
  expect(await homeFeed(bob.page)).toEqual(bobBefore)

  // Both still work: an honest post arrives, and the anchor took it in.
  await post(alice.page, 'Honest post after the attack')
  await expectInFeed(bob.page, 'Honest post after the attack')
  await expect
    .poll(async () => (await anchorMetrics()).stored_posts, { timeout: 20_000 })
    .toBe(storedBefore + 1)
  expect(await homeFeed(bob.page)).toContain('Honest post before the attack')
})
