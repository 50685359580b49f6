/**
 * Revocation through the real UI (issue 13): Alice removes Carol from a circle with "Re-encrypt" in
 * the past-posts dialog; Bob keeps exactly the same posts (new versions replace the old, no
 * duplicates) and Carol's node no longer holds readable copies after her next sync. With "Sync
 * access list", Dave, who was offline and never synced, never receives the posts, and the anchor's
 * copies carry the new header. Real worker nodes in real browsers and a real anchor child process.
 */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import Database from 'better-sqlite3'
import { MAILBOX_DB } from '../../relay-anchor/src/sync-mailbox.ts'
import { meetForFile } from './friends.ts'
import { journeyEnv } from './journey-env.ts'
import {
  createCircle,
  databaseText,
  expectInFeed,
  homeFeed,
  nodeIdOf,
  openTab,
  post,
  rpc,
  type User,
} from './users.ts'

test.describe.configure({ mode: 'serial' })

const { alice, bob, carol, dave } = meetForFile(
  {
    roles: {
      alice: { name: 'Alice' },
      bob: { name: 'Bob' },
      carol: { name: 'Carol' },
      dave: { name: 'Dave' },
    },
    follows: [
      ['bob', 'alice'],
      ['carol', 'alice'],
      ['dave', 'alice'],
      ['alice', 'bob'],
      ['alice', 'carol'],
      ['alice', 'dave'],
    ],
  },
  180_000,
)
const texts = ['Circle one', 'Circle two', 'Circle three']

/** Texts of Alice's circle posts the user's node can read. */
async function readable(u: User): Promise<string[]> {
  const feed = await rpc(u.page, 'feed.page', { query: { type: 'home' }, limit: 100 })
  return feed.posts.map((p) => p.content ?? '').filter((t) => texts.includes(t))
}

/** Ids of Alice's own posts whose text is one of `wanted`. */
async function ownIds(u: User, wanted: readonly string[]): Promise<string[]> {
  const feed = await rpc(u.page, 'feed.page', { query: { type: 'mine' }, limit: 100 })
  return feed.posts.filter((p) => wanted.includes(p.content ?? '')).map((p) => p.id)
}

/** Per post id, the recipients and header time of the anchor's stored copy (absent if not held). */
function anchorCopies(ids: readonly string[]): Map<string, { recipients: string[]; updated: number }> {
  const db = new Database(join(journeyEnv().dataDir, MAILBOX_DB), { readonly: true, fileMustExist: true })
  try {
    const out = new Map<string, { recipients: string[]; updated: number }>()
    for (const id of ids) {
      const row = db.prepare('SELECT visibility_updated_at AS updated FROM posts WHERE id = ?').get(id) as
        | { updated: number }
        | undefined
      if (row === undefined) continue
      const recipients = db
        .prepare('SELECT recipient FROM post_recipients WHERE post_id = ?')
        .all(id)
        .map((r) => (r as { recipient: string }).recipient)
      out.set(id, { recipients, updated: row.updated })
    }
    return out
  } finally {
    db.close()
  }
}

test('removing Carol with Re-encrypt keeps Bob whole and takes the posts from Carol', async () => {
  test.setTimeout(180_000)
  const circle = await createCircle(alice.page, 'close', ['Bob', 'Carol'])
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
  // The circle has posts, so "Leave past posts" is not the default.
  await expect(dialog.getByLabel('Sync access list')).toBeChecked()
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

test('removing Dave with Sync access list: he never receives the posts; the anchor holds the new header', async () => {
  test.setTimeout(240_000)
  const inner = ['Inner one', 'Inner two']
  const daveId = await nodeIdOf(dave.page)
  const bobId = await nodeIdOf(bob.page)
  // Dave goes offline before anything is posted: he never syncs these posts.
  await dave.page.close()
  const circle = await createCircle(alice.page, 'inner', ['Bob', 'Dave'])
  // A brand-new circle has no past posts: leaving them is the default there.
  await circle.getByRole('button', { name: 'Remove Bob from inner' }).click()
  const empty = alice.page.getByRole('dialog', { name: /Remove Bob from/ })
  await expect(empty.getByLabel('Leave past posts')).toBeChecked()
  await empty.getByRole('button', { name: 'Cancel' }).click()
  await expect(empty).toBeHidden()

  for (const t of inner) await post(alice.page, t, 'Circle: inner (2)')
  for (const t of inner) await expectInFeed(bob.page, t)
  const ids = await ownIds(alice, inner)
  expect(ids).toHaveLength(inner.length)
  // The anchor keeps the posts for Dave, who is offline.
  await expect
    .poll(() => [...anchorCopies(ids).values()].filter((c) => c.recipients.includes(daveId)).length, {
      timeout: 60_000,
    })
    .toBe(inner.length)
  const before = anchorCopies(ids)

  await openTab(alice.page, 'My Posts')
  await circle.getByRole('button', { name: 'Remove Dave from inner' }).click()
  const dialog = alice.page.getByRole('dialog', { name: /Remove Dave from/ })
  await expect(dialog.getByLabel('Sync access list')).toBeChecked()
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click()
  await expect(dialog).toBeHidden({ timeout: 30_000 })
  await expect(alice.page.getByText(/2 past posts updated/)).toBeVisible()

  // The anchor's copies now carry the newer header, without Dave and still with Bob.
  await expect
    .poll(
      () =>
        [...anchorCopies(ids).entries()].filter(
          ([id, c]) =>
            !c.recipients.includes(daveId) &&
            c.recipients.includes(bobId) &&
            c.updated > (before.get(id)?.updated ?? Number.POSITIVE_INFINITY),
        ).length,
      { timeout: 60_000, intervals: [1000, 2000] },
    )
    .toBe(inner.length)
  // Bob still reads both (same ids: the content and its key did not change).
  expect((await ownIds(alice, inner)).sort()).toEqual([...ids].sort())
  await expect.poll(async () => (await homeFeed(bob.page)).filter((t) => inner.includes(t)).length).toBe(2)

  // Dave comes back and syncs with the anchor and with Alice: none of the posts reaches his node.
  dave.page = await dave.context.newPage()
  await dave.page.goto('/')
  await expect(dave.page.getByRole('tab', { name: 'Feed' })).toBeVisible({ timeout: 30_000 })
  for (let i = 0; i < 3; i++) {
    await rpc(dave.page, 'sync.now', {})
    await dave.page.waitForTimeout(2000)
  }
  expect((await homeFeed(dave.page)).filter((t) => inner.includes(t))).toEqual([])
  const stored = await databaseText(dave.page)
  expect(stored).toContain(daveId)
  for (const id of ids) expect(stored).not.toContain(id)
})

test("a post's menu shows who can see it and removes someone from that post alone", async () => {
  test.setTimeout(120_000)
  const [id] = await ownIds(alice, ['Inner one'])
  const [other] = await ownIds(alice, ['Inner two'])
  expect(id).toBeDefined()
  await openTab(alice.page, 'My Posts')
  const card = alice.page.getByRole('article').filter({ hasText: 'Inner one' }).first()
  await card.getByRole('button', { name: 'Who can see this' }).click()
  const list = card.getByRole('list', { name: 'Who can see this post' })
  await expect(list).toContainText('Bob')
  await expect(list).not.toContainText('Dave')
  await card.getByRole('button', { name: 'Remove Bob from this post' }).click()
  const dialog = alice.page.getByRole('dialog', { name: 'Remove Bob from this post' })
  await expect(dialog.getByLabel('Leave past posts')).toHaveCount(0)
  await dialog.getByLabel('Sync access list').check()
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click()
  await expect(dialog).toBeHidden({ timeout: 30_000 })
  const aliceId = await nodeIdOf(alice.page)
  expect((await rpc(alice.page, 'post.audience', { id: id as never })).recipients).toEqual([aliceId])
  // only that post: the other one still reaches Bob
  expect((await rpc(alice.page, 'post.audience', { id: other as never })).recipients).toContain(
    await nodeIdOf(bob.page),
  )
})
