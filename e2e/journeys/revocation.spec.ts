/**
 * Revocation through the real UI (issue 13): Alice removes Carol from a circle with "Re-encrypt" in
 * the past-posts dialog; Bob keeps exactly the same posts (new versions replace the old, no
 * duplicates) and Carol's node no longer holds readable copies after her next sync. Real worker
 * nodes in real browsers and a real anchor child process.
 */
import { expect, test } from '@playwright/test'
import {
  connectString,
  expectInFeed,
  follow,
  keepScreensOnFailure,
  newUser,
  onboard,
  openTab,
  post,
  rpc,
  type User,
} from './users.ts'

test.describe.configure({ mode: 'serial' })

let alice: User
let bob: User
let carol: User
const open: User[] = []
const texts = ['Circle one', 'Circle two', 'Circle three']

/** Texts of Alice's circle posts the user's node can read. */
async function readable(u: User): Promise<string[]> {
  const feed = await rpc(u.page, 'feed.page', { query: { type: 'home' }, limit: 100 })
  return feed.posts.map((p) => p.content ?? '').filter((t) => texts.includes(t))
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000)
  alice = await newUser(browser, 'Alice')
  bob = await newUser(browser, 'Bob')
  carol = await newUser(browser, 'Carol')
  open.push(alice, bob, carol)
  await onboard(alice.page, 'Alice')
  await onboard(bob.page, 'Bob')
  await onboard(carol.page, 'Carol')
  const aliceConnect = await connectString(alice.page)
  await follow(bob.page, aliceConnect)
  await follow(carol.page, aliceConnect)
  await follow(alice.page, await connectString(bob.page))
  await follow(alice.page, await connectString(carol.page))
})

// biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern for fixtures
test.afterEach(async ({}, testInfo) => keepScreensOnFailure(testInfo, open))

test.afterAll(async () => {
  await Promise.allSettled(open.map((u) => u.close()))
})

test('removing Carol with Re-encrypt keeps Bob whole and takes the posts from Carol', async () => {
  test.setTimeout(180_000)
  await openTab(alice.page, 'My Posts')
  await alice.page.getByLabel('New circle name').fill('close')
  await alice.page.getByRole('button', { name: 'Create circle' }).click()
  const circle = alice.page.getByRole('region', { name: 'Circle close' })
  await circle.getByLabel('Add someone to close').selectOption({ label: 'Bob' })
  await expect(circle.getByText('Bob')).toBeVisible()
  await circle.getByLabel('Add someone to close').selectOption({ label: 'Carol' })
  await expect(circle.getByText('Carol')).toBeVisible()
  for (const t of texts) await post(alice.page, t, 'Circle: close (2)')
  for (const t of texts) {
    await expectInFeed(bob.page, t)
    await expectInFeed(carol.page, t)
  }
  expect((await readable(bob)).sort()).toEqual([...texts].sort())

  await openTab(alice.page, 'My Posts')
  await circle.getByRole('button', { name: 'Remove Carol from close' }).click()
  const dialog = alice.page.getByRole('dialog', { name: /Remove Carol from/ })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('an honest app does, a modified one could keep it')
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await alice.page.setViewportSize({ width: w, height: h })
    await alice.page.screenshot({ path: test.info().outputPath(`revoke-dialog-${w}x${h}.png`) })
  }
  await dialog.getByLabel('Re-encrypt').check()
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click()
  await expect(dialog).toBeHidden({ timeout: 30_000 })
  await expect(alice.page.getByText(/3 past posts updated/)).toBeVisible()
  await expect(circle.getByText('Carol')).toBeHidden()

  // Bob: the new versions replace the old ones, exactly once each.
  await expect
    .poll(
      async () => {
        await rpc(bob.page, 'sync.now', {})
        const seen = await readable(bob)
        return seen.length === texts.length && new Set(seen).size === texts.length ? 'same' : seen.join('|')
      },
      { timeout: 60_000, intervals: [1000, 2000] },
    )
    .toBe('same')
  // Carol: after her next sync she holds no readable copy.
  await expect
    .poll(
      async () => {
        await rpc(carol.page, 'sync.now', {})
        return (await readable(carol)).length
      },
      { timeout: 60_000, intervals: [1000, 2000] },
    )
    .toBe(0)
  await openTab(carol.page, 'Feed')
  for (const t of texts) await expect(carol.page.getByRole('article').filter({ hasText: t })).toHaveCount(0)
})
