/**
 * Pins from a post's menu (issue 15, docs/design.md §12), clicked in real browsers with a real
 * anchor: Bob follows Alice and, from the "⋯" menu of two of her posts, keeps his own copy of one
 * (fork pin) and serves the original of the other (anchor pin). Settings lists both, outside the
 * quota, and the pins survive a reload. Then Alice deletes both: the anchor pin goes with the
 * original, the fork copy stays — post, signature and image blob — and Settings says the author
 * deleted the original (its bytes still counted); Bob opens the copy there (text and image) and
 * "Export my data" carries it with its image. Screenshots of the menu and the pins at 390×844 and 1280×800.
 */
import { readFile } from 'node:fs/promises'
import { expect, type Page, test } from '@playwright/test'
import { decode } from 'cborg'
import { journeyUsers, meet, twoFriends } from './friends.ts'
import { postWithImage } from './images.ts'
import { expectInFeed, homeFeed, openTab, rpc } from './users.ts'

const SCREENS = 'test-results/screenshots'
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const
const users = journeyUsers('each')

/** Opens the "⋯" menu of the card with `text` and clicks `item`; waits for the toast. */
async function pinFromMenu(page: Page, text: string, item: string, toast: string): Promise<void> {
  const card = page.getByRole('article').filter({ hasText: text }).first()
  await card.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await card.getByLabel('Post menu').click()
  await card.getByRole('menuitem', { name: item }).click()
  await expect(page.getByText(toast, { exact: true }).first()).toBeVisible()
  await expect(card.getByRole('menuitem', { name: item })).toBeHidden()
}

test('a fork pin from the post menu keeps Bob’s own copy after Alice deletes it; an anchor pin goes with the original', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const { alice, bob } = await meet(browser, users, twoFriends({ follows: [['bob', 'alice']] }))

  const forkText = 'Album: the lighthouse at dawn'
  const anchorText = 'Album: the harbour at noon'
  await postWithImage(alice.page, forkText, 0)
  await postWithImage(alice.page, anchorText, 180)
  await expectInFeed(bob.page, forkText, 30_000)
  await expectInFeed(bob.page, anchorText, 30_000)
  const mine = await rpc(alice.page, 'feed.page', { query: { type: 'mine' }, limit: 10 })
  const forkId = mine.posts.find((p) => p.content === forkText)?.id
  const anchorId = mine.posts.find((p) => p.content === anchorText)?.id
  if (forkId === undefined || anchorId === undefined) throw new Error('posts not found')
  // Bob holds the image before pinning (the card shows it)
  const bobCard = bob.page.getByRole('article').filter({ hasText: forkText }).first()
  await expect(bobCard.locator('ds-attachment-image img')).toBeVisible({ timeout: 30_000 })

  // own posts have no pin menu; others' posts do
  await openTab(alice.page, 'My Posts')
  await expect(
    alice.page.getByRole('article').filter({ hasText: forkText }).getByLabel('Post menu'),
  ).toHaveCount(0)

  await openTab(bob.page, 'Feed')
  for (const size of SIZES) {
    await bob.page.setViewportSize({ width: size.width, height: size.height })
    await bobCard.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await bobCard.getByLabel('Post menu').click()
    await expect(bobCard.getByRole('menuitem', { name: 'Pin: keep my own copy' })).toBeVisible()
    const overflow = await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await bob.page.screenshot({ path: `${SCREENS}/pin-menu-${size.name}.png` })
    await bobCard.getByLabel('Post menu').click()
    await expect(bobCard.getByRole('menuitem', { name: 'Pin: keep my own copy' })).toBeHidden()
  }

  await pinFromMenu(bob.page, forkText, 'Pin: keep my own copy', 'Pinned: my own copy.')
  await pinFromMenu(
    bob.page,
    anchorText,
    'Pin: serve the original for the author',
    'Pinned: serving the original.',
  )
  // the menu now marks the pin and offers Unpin and the other mode
  await expect(bobCard.getByLabel('Post menu')).toHaveText('📌 ⋯')
  await bobCard.getByLabel('Post menu').click()
  await expect(bobCard.getByRole('menuitem', { name: 'Unpin' })).toBeVisible()
  await expect(
    bobCard.getByRole('menuitem', { name: 'Pin: serve the original for the author' }),
  ).toBeVisible()
  await bobCard.getByLabel('Post menu').click()

  // Settings: both pins, outside the quota; they are stored in Bob's node (a reload keeps them)
  const pins = bob.page.getByRole('list', { name: 'Pinned posts' })
  const forkRow = pins.locator(`li[data-post="${forkId}"]`)
  const anchorRow = pins.locator(`li[data-post="${anchorId}"]`)
  await bob.page.reload()
  await expect(bob.page.getByRole('tab', { name: 'Feed' })).toBeVisible({ timeout: 30_000 })
  await openTab(bob.page, 'Settings')
  await expect(forkRow).toContainText('Alice')
  await expect(forkRow).toContainText('Pinned: my own copy')
  await expect(anchorRow).toContainText('Pinned: serving the original')
  await expect(bob.page.getByText(/^Pinned: .+ in 2 posts, outside the quota\.$/)).toBeVisible()
  const before = await rpc(bob.page, 'hosting.status', {})
  expect(before.pins.map((p) => [p.post_id, p.mode, p.original_held]).sort()).toEqual(
    [
      [forkId, 'fork', true],
      [anchorId, 'anchor', true],
    ].sort(),
  )
  expect(before.pinned).toBeGreaterThan(0)
  expect(before.hosted).toBe(0) // pins are outside the quota; Bob reads Alice, he does not host her

  // Alice deletes both posts
  await openTab(alice.page, 'My Posts')
  for (const text of [forkText, anchorText]) {
    const card = alice.page.getByRole('article').filter({ hasText: text })
    await card.getByRole('button', { name: 'Delete' }).click()
    await expect(card).toBeHidden()
  }
  await expect
    .poll(() => homeFeed(bob.page), { timeout: 30_000 })
    .not.toEqual(expect.arrayContaining([expect.stringMatching(/^Album: /)]))

  // Bob's Settings: the anchor pin went with the original; the fork copy is kept, and says why
  await expect(anchorRow).toHaveCount(0, { timeout: 15_000 })
  await expect(forkRow).toContainText('the author deleted the original; your copy is kept')
  await expect(bob.page.getByText(/^Pinned: .+ in 1 post, outside the quota\.$/)).toBeVisible()
  const after = await rpc(bob.page, 'hosting.status', {})
  expect(after.pins).toEqual([
    expect.objectContaining({ post_id: forkId, mode: 'fork', original_held: false }),
  ])
  expect(after.pins[0]?.bytes).toBe(before.pins.find((p) => p.post_id === forkId)?.bytes)
  // the copy is stored in Bob's node: a reload still lists it, with the same bytes
  await bob.page.reload()
  await expect(bob.page.getByRole('tab', { name: 'Feed' })).toBeVisible({ timeout: 30_000 })
  await openTab(bob.page, 'Settings')
  await expect(forkRow).toContainText('the author deleted the original; your copy is kept')
  for (const size of SIZES) {
    await bob.page.setViewportSize({ width: size.width, height: size.height })
    await forkRow.scrollIntoViewIfNeeded()
    const overflow = await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await bob.page.screenshot({ path: `${SCREENS}/pins-after-delete-${size.name}.png` })
  }

  // Bob opens his copy from the pin: its text and its image, marked as the author's deleted post
  await forkRow.getByRole('button', { name: 'Open my copy' }).click()
  const copy = forkRow.getByRole('article', { name: 'Pinned copy' })
  await expect(copy).toContainText('Author deleted this; your pinned copy.')
  await expect(copy).toContainText(forkText)
  await expect(copy.locator('ds-attachment-image img')).toBeVisible({ timeout: 15_000 })
  const shown = await copy
    .locator('ds-attachment-image img')
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
  expect(shown).toBe(true)
  await bob.page.screenshot({ path: `${SCREENS}/pinned-copy-open.png` })

  // ... and "Export my data" beside the loss-risk line carries the copy and its image
  const [download] = await Promise.all([
    bob.page.waitForEvent('download'),
    bob.page.getByRole('button', { name: 'Export my data' }).click(),
  ])
  const file = new Uint8Array(await readFile(await download.path()))
  const data = decode(file, { useMaps: false }) as {
    pins: { mode: string; copy?: { id: string; post: { attachments: { blob: string }[] } } }[]
    blobs: { bytes: Uint8Array }[]
  }
  const exported = data.pins.find((p) => p.mode === 'fork')?.copy
  expect(exported?.id).toBe(forkId)
  const attachment = exported?.post.attachments[0]?.blob
  if (attachment === undefined) throw new Error('the exported copy has no image')
  const image = await rpc(bob.page, 'blob.get', { id: attachment as never, post: forkId as never })
  expect(data.blobs.some((b) => Buffer.from(b.bytes).equals(Buffer.from(image.bytes)))).toBe(true)
  expect(data.pins.map((p) => p.mode)).toEqual(['fork']) // the anchor pin went with the original
})
