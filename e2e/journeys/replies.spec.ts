/**
 * Issue 16 "Replies and threads" through the real UI, real browsers and the real anchor: Bob, whom
 * Alice does not follow, replies to her public post and to her circle post, and both replies reach
 * her thread; Carol, who follows Alice and not Bob, sees the public reply as a count and, after
 * following Bob, as the reply. Alice's tab is in the background when the first reply comes: she gets
 * one system notification for it (recorded, the product's own notifier). Screenshots of the thread at 390×844 and 1280×800 go to
 * test-results/screens-16/.
 */
import { expect, type Page, test } from '@playwright/test'
import type { PostId } from '../../src/core/model/types.ts'
import { recordNotifications, setHidden, shownNotifications } from '../notification-recorder.ts'
import { meetForFile, threeFriends } from './friends.ts'
import { connectString, expectInFeed, follow, openTab, post, rpc } from './users.ts'

test.describe.configure({ mode: 'serial' })

const SCREENS = 'test-results/screens-16'
const PUBLIC = 'Sunrise over the harbour this morning'
const CIRCLE = 'Dinner at mine on Friday, circle only'
const { alice, bob, carol } = meetForFile(
  threeFriends({
    alice: { before: (u) => recordNotifications(u.context, u.page) },
    // Alice follows nobody: Bob is only in her circle.
    follows: [
      ['bob', 'alice'],
      ['carol', 'alice'],
    ],
  }),
  180_000,
)

/** Opens the thread of the first card with `text` by its Reply button. */
async function openThread(page: Page, text: string): Promise<void> {
  await page
    .getByRole('article')
    .filter({ hasText: text })
    .first()
    .getByRole('button', { name: /^Reply/ })
    .click()
  await expect(page.getByRole('region', { name: 'Thread' })).toBeVisible()
}

async function idOf(page: Page, text: string): Promise<PostId> {
  const feed = await rpc(page, 'feed.page', { query: { type: 'mine' }, limit: 50 })
  const found = feed.posts.find((p) => p.content === text)
  if (found === undefined) throw new Error(`no post "${text}"`)
  return found.id
}

test.beforeAll(async () => {
  await rpc(alice.page, 'circles.create', { name: 'close', members: [bob.id] })
})

test('Bob’s replies to Alice’s public and circle posts reach her thread though she does not follow him', async () => {
  test.setTimeout(150_000)
  await post(alice.page, PUBLIC)
  await post(alice.page, CIRCLE, 'Circle: close (1)')
  await expectInFeed(bob.page, PUBLIC, 40_000)
  await expectInFeed(bob.page, CIRCLE, 40_000)

  // Alice's tab goes to the background before Bob's first reply.
  await setHidden(alice.page, true)
  await openThread(bob.page, PUBLIC)
  await expect(bob.page.getByText('Your reply is public.')).toBeVisible()
  await bob.page.getByLabel('Your reply').fill('What a view, Alice!')
  await bob.page.getByRole('button', { name: 'Reply', exact: true }).click()
  await expect(bob.page.getByRole('list', { name: 'Replies' })).toContainText('What a view, Alice!')
  await bob.page.getByRole('button', { name: 'Back' }).click()

  await openThread(bob.page, CIRCLE)
  await expect(bob.page.getByText('Only the post’s audience can read your reply.')).toBeVisible()
  await bob.page.getByLabel('Your reply').fill('Count me in, I bring dessert')
  await bob.page.getByRole('button', { name: 'Reply', exact: true }).click()
  await expect(bob.page.getByRole('list', { name: 'Replies' })).toContainText('Count me in')

  const publicId = await idOf(alice.page, PUBLIC)
  const circleId = await idOf(alice.page, CIRCLE)
  await expect
    .poll(async () => (await rpc(alice.page, 'post.thread', { id: publicId })).replies.length, {
      timeout: 60_000,
    })
    .toBe(1)
  await expect
    .poll(async () => (await rpc(alice.page, 'post.thread', { id: circleId })).replies.length, {
      timeout: 60_000,
    })
    .toBe(1)
  // The title names Bob as Alice's node knows him then (his profile may come after the reply).
  await expect
    .poll(async () => (await shownNotifications(alice.page)).map((n) => n.body), { timeout: 20_000 })
    .toContain('What a view, Alice!')
  const notice = (await shownNotifications(alice.page)).find((n) => n.body === 'What a view, Alice!')
  expect(notice?.title).toMatch(/ replied to your post$/)
  await setHidden(alice.page, false)
  const follows = await rpc(alice.page, 'people.list', { filter: 'follows' })
  expect(follows.map((p) => p.node_id)).not.toContain(bob.id)

  await openTab(alice.page, 'My Posts')
  const card = alice.page.getByRole('article').filter({ hasText: PUBLIC }).first()
  await expect(card.getByRole('button', { name: 'Reply (1 reply)' })).toBeVisible({ timeout: 10_000 })
  await openThread(alice.page, PUBLIC)
  const replies = alice.page.getByRole('list', { name: 'Replies' })
  await expect(replies).toContainText('What a view, Alice!')
  await expect(replies).toContainText('Bob', { timeout: 20_000 })
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await alice.page.setViewportSize({ width: w, height: h })
    await alice.page.screenshot({ path: `${SCREENS}/thread-${w}x${h}.png`, fullPage: true })
  }
  await alice.page.getByRole('button', { name: 'Back' }).click()
  await openThread(alice.page, CIRCLE)
  await expect(alice.page.getByRole('list', { name: 'Replies' })).toContainText(
    'Count me in, I bring dessert',
  )
})

test('Carol sees the public reply as a count, and the reply once she follows Bob', async () => {
  test.setTimeout(120_000)
  const publicId = (await rpc(carol.page, 'feed.page', { query: { type: 'home' }, limit: 50 })).posts.find(
    (p) => p.content === PUBLIC,
  )?.id as PostId
  expect(publicId).toBeDefined()
  await expect
    .poll(async () => (await rpc(carol.page, 'post.thread', { id: publicId })).hidden, { timeout: 60_000 })
    .toBe(1)
  await expectInFeed(carol.page, PUBLIC)
  await openThread(carol.page, PUBLIC)
  await expect(carol.page.getByText('1 more reply from people you don’t follow.')).toBeVisible()
  await expect(carol.page.getByRole('list', { name: 'Replies' })).not.toContainText('What a view')
  await follow(carol.page, await connectString(bob.page))
  await expectInFeed(carol.page, PUBLIC)
  await openThread(carol.page, PUBLIC)
  await expect(carol.page.getByRole('list', { name: 'Replies' })).toContainText('What a view, Alice!')
  await expect(carol.page.getByText(/more repl/)).toHaveCount(0)
})

test('on a phone Circles comes before the list of posts; People offers a QR code and a follow link that pre-fills Follow', async () => {
  test.setTimeout(90_000)
  const page = alice.page
  await page.setViewportSize({ width: 390, height: 844 })
  await openTab(page, 'My Posts')
  const circles = await page.getByRole('heading', { name: 'Circles', exact: true }).boundingBox()
  const posts = await page.getByRole('heading', { name: 'Your posts' }).boundingBox()
  expect(circles!.y).toBeLessThan(posts!.y)
  await page.screenshot({ path: `${SCREENS}/my-posts-circles-390x844.png`, fullPage: true })

  const connect = await connectString(page)
  await page.getByRole('button', { name: 'Show QR code' }).click()
  const qr = page.getByRole('img', { name: 'QR code of your connect string' })
  await expect(qr).toBeVisible()
  const size = await qr.evaluate((c) => (c as HTMLCanvasElement).width)
  expect(size).toBeGreaterThan(40)
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await page.screenshot({ path: `${SCREENS}/people-qr-${w}x${h}.png`, fullPage: true })
  }

  // Carol opens Alice's follow link: People, with Follow filled in, nothing followed yet.
  await carol.page.goto(`/#follow=${encodeURIComponent(connect)}`)
  await expect(carol.page.getByLabel('NodeId or connect string')).toHaveValue(connect, { timeout: 30_000 })
  await expect(carol.page).toHaveURL(/#people$/)
})
