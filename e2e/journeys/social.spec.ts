/**
 * Journeys 1–7 of issue "End-to-end", with three people reused across them (serial): Alice and Bob
 * keep their browser profiles on disk so they can leave and come back; Carol follows Alice but is
 * never in her circle. Every step goes through the real UI; the node's database is checked over
 * RPC where the screen cannot prove a negative. A real anchor child process serves them all.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { meetForFile, threeFriends } from './friends.ts'
import { anchorMetrics } from './journey-env.ts'
import { createCircle, expectInFeed, homeFeed, openTab, post, rpc } from './users.ts'

test.describe.configure({ mode: 'serial' })

const dirs = {
  alice: mkdtempSync(join(tmpdir(), 'distsoc-alice-')),
  bob: mkdtempSync(join(tmpdir(), 'distsoc-bob-')),
}
const { alice, bob, carol } = meetForFile(
  threeFriends({
    alice: { dir: dirs.alice },
    bob: { dir: dirs.bob },
    follows: [
      ['bob', 'alice'],
      ['carol', 'alice'],
      ['alice', 'bob'],
    ],
  }),
  120_000,
)

test.afterAll(() => {
  for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true })
})

test('1. a public post reaches a follower while both are online', async () => {
  const sent = Date.now()
  await post(alice.page, 'Hello from Alice')
  await expectInFeed(bob.page, 'Hello from Alice')
  const visibleMs = Date.now() - sent
  // Bob reaches Alice directly: WebRTC through the tab host, set up over the anchor's relay.
  const paths = async () =>
    (await rpc(bob.page, 'network.connections', {})).filter((c) => c.peer === alice.id).map((c) => c.path)
  await expect.poll(paths, { timeout: 30_000 }).toContain('webrtc')
  test
    .info()
    .annotations.push(
      { type: 'post-to-visible', description: `${visibleMs} ms` },
      { type: 'paths Bob→Alice', description: (await paths()).join(', ') },
    )
})

test('2. a circle post reaches its member and never a follower outside the circle', async () => {
  await createCircle(alice.page, 'close', ['Bob'])

  await post(alice.page, 'Only for the circle', 'Circle: close (1)')
  await post(alice.page, 'Public marker after the circle post')
  await expectInFeed(bob.page, 'Only for the circle')
  await expectInFeed(carol.page, 'Public marker after the circle post')
  // Carol's database, not only her screen: everything of Alice's she holds.
  const held = await rpc(carol.page, 'feed.page', {
    query: { type: 'custom', feed: { authors: [alice.id] } },
    limit: 100,
  })
  expect(held.posts.map((p) => p.content)).toContain('Public marker after the circle post')
  expect(held.posts.map((p) => p.content)).not.toContain('Only for the circle')
  expect(held.posts.every((p) => p.audience.type === 'public')).toBe(true)
})

test('5. a deleted post leaves the follower’s feed and stays gone after the next sync', async () => {
  await post(alice.page, 'Regrettable post')
  await expectInFeed(bob.page, 'Regrettable post')
  const card = alice.page.getByRole('article').filter({ hasText: 'Regrettable post' })
  await card.getByRole('button', { name: 'Delete' }).click()
  await expect(card).toBeHidden()
  await expect.poll(() => homeFeed(bob.page), { timeout: 20_000 }).not.toContain('Regrettable post')
  await rpc(bob.page, 'sync.now', {})
  expect(await homeFeed(bob.page)).not.toContain('Regrettable post')
  await bob.page.reload()
  await expectInFeed(bob.page, 'Hello from Alice')
  await expect(bob.page.getByRole('article').filter({ hasText: 'Regrettable post' })).toHaveCount(0)
})

test('7. a profile change (name, bio, anchors) reaches followers', async () => {
  await openTab(alice.page, 'Settings')
  const form = alice.page.getByRole('form', { name: /profile/i })
  await form.getByLabel('Display name').fill('Alice Liddell')
  await form.getByLabel('Bio').fill('Through the looking glass')
  await form.getByRole('button', { name: 'Save profile' }).click()
  await expect
    .poll(async () => (await rpc(bob.page, 'profile.get', { node_id: alice.id }))?.display_name, {
      timeout: 20_000,
    })
    .toBe('Alice Liddell')
  const seen = await rpc(bob.page, 'profile.get', { node_id: alice.id })
  expect(seen?.bio).toBe('Through the looking glass')
  const own = await rpc(alice.page, 'profile.get', {})
  expect(seen?.anchors).toEqual(own?.anchors)
  await openTab(bob.page, 'People')
  await expect(bob.page.getByText('Alice Liddell').first()).toBeVisible()
})

test('4. a DM from a stranger lands in message requests; accepting moves it to the inbox', async () => {
  await rpc(carol.page, 'messages.send', { to: bob.id, content: 'Hi Bob, we have not met' })
  await openTab(bob.page, 'Messages')
  const requests = bob.page.getByRole('region', { name: /Message requests/ })
  // Bob does not hold a stranger's profile, so the request shows a short NodeId, not "Carol".
  await expect(requests).toContainText('Hi Bob, we have not met', { timeout: 30_000 })
  const threads = await rpc(bob.page, 'messages.threads', {})
  expect(threads.find((t) => t.last_preview === 'Hi Bob, we have not met')?.is_request).toBe(true)
  await requests.getByRole('button', { name: 'Accept' }).click()
  await expect(requests).toBeHidden()
  const after = await rpc(bob.page, 'messages.threads', {})
  expect(after.find((t) => t.last_preview === 'Hi Bob, we have not met')?.is_request).toBe(false)
})

test('3. an offline follower gets a post and a DM delivered by the anchor alone', async () => {
  await bob.close()
  const before = (await anchorMetrics()).stored_posts
  await post(alice.page, 'While you were out')
  await rpc(alice.page, 'messages.send', { to: bob.id, content: 'Psst, Bob' })
  await expect
    .poll(async () => (await anchorMetrics()).stored_posts, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(before + 2)
  await alice.close()

  await bob.comeBack()
  await bob.page.goto('/')
  await expectInFeed(bob.page, 'While you were out', 45_000)
  await openTab(bob.page, 'Messages')
  await expect(bob.page.getByText('Psst, Bob').first()).toBeVisible({ timeout: 30_000 })
  const ids = (await rpc(bob.page, 'network.connections', {})).map((c) => c.peer)
  expect(ids).not.toContain(alice.id)
})

test('6. reload, close and reopen keep everything; a second tab shows the same state live', async () => {
  const before = await homeFeed(bob.page)
  expect(before).toEqual(
    expect.arrayContaining(['Hello from Alice', 'Only for the circle', 'While you were out']),
  )
  await bob.page.reload()
  await expectInFeed(bob.page, 'Only for the circle')
  await bob.close()
  await bob.comeBack()
  await bob.page.goto('/')
  await expectInFeed(bob.page, 'While you were out')
  expect(await homeFeed(bob.page)).toEqual(before)

  const second = await bob.context.newPage()
  await second.goto('/')
  await openTab(second, 'My Posts')
  await post(bob.page, 'Typed in the first tab')
  await expect(second.getByRole('article').filter({ hasText: 'Typed in the first tab' })).toBeVisible({
    timeout: 10_000,
  })
})
