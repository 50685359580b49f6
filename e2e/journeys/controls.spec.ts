/**
 * Issue 16, "controls that do what they say" and mute/block, through the real UI against real
 * nodes: each test would fail on the behaviour before the issue. Bob keeps his profile on disk so
 * a damaged snapshot can be shown to him after a restart. A second real anchor stands in for a
 * community anchor listed in bootstrap.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { type AnchorChild, spawnAnchor } from '../../relay-anchor/src/test-support.ts'
import { meetForFile, threeFriends } from './friends.ts'
import { journeyEnv } from './journey-env.ts'
import { connectString, createCircle, expectInFeed, openTab, post, rpc } from './users.ts'

test.describe.configure({ mode: 'serial' })

const bobDir = mkdtempSync(join(tmpdir(), 'distsoc-ctl-bob-'))
const anchorData = mkdtempSync(join(tmpdir(), 'distsoc-ctl-anchor-'))
const bootstrapPath = join(journeyEnv().outDir, 'bootstrap.json')
const originalBootstrap = readFileSync(bootstrapPath, 'utf8')
let community: AnchorChild
let communityAddr: string

/** The text of the audience badge on the first card that contains `text`. */
async function badgeOf(page: Page, text: string): Promise<string> {
  const card = page.getByRole('article').filter({ hasText: text }).first()
  return ((await card.locator('.badge').first().textContent()) ?? '').trim()
}

test.beforeAll(async () => {
  test.setTimeout(60_000)
  community = await spawnAnchor(
    ['--port', '0', '--data', anchorData, '--log-level', 'warn'],
    'node',
    process.cwd(),
  )
  communityAddr = community.ready.multiaddrs[0]!
  const doc = JSON.parse(originalBootstrap) as { anchors: { addr: string; default?: boolean }[] }
  writeFileSync(
    bootstrapPath,
    JSON.stringify({ ...doc, anchors: [{ addr: communityAddr }, ...doc.anchors] }, null, 2),
  )
})

const { alice, bob, carol } = meetForFile(
  threeFriends({
    bob: { dir: bobDir },
    follows: [
      ['bob', 'alice'],
      ['alice', 'bob'],
    ],
  }),
  120_000,
)

test.afterAll(async () => {
  writeFileSync(bootstrapPath, originalBootstrap)
  community?.signal('SIGTERM')
  await Promise.race([community?.exited, new Promise((r) => setTimeout(r, 10_000))])
  rmSync(bobDir, { recursive: true, force: true })
  rmSync(anchorData, { recursive: true, force: true })
})

test('New message takes a connect string; the request shows the stranger by name; Accept follows her', async () => {
  const bobConnect = await connectString(bob.page)
  await openTab(carol.page, 'Messages')
  await carol.page.getByRole('button', { name: 'New message' }).click()
  const form = carol.page.getByRole('form', { name: 'New message' })
  await form.getByLabel('Or paste a NodeId or connect string').fill(bobConnect)
  await form.getByLabel('Message').fill('Hi Bob, we have not met')
  await form.getByRole('button', { name: 'Send' }).click()
  await expect(carol.page.getByText('Message sent.')).toBeVisible()

  await openTab(bob.page, 'Messages')
  const requests = bob.page.getByRole('region', { name: /Message requests/ })
  await expect(requests).toContainText('Hi Bob, we have not met', { timeout: 30_000 })
  // Her profile is fetched with her first message: a name, not "…" and an id fragment.
  await expect(requests.getByText('Carol', { exact: true })).toBeVisible({ timeout: 20_000 })
  await requests.getByRole('button', { name: 'Accept' }).click()
  await expect(bob.page.getByText('Accepted — you now follow Carol.')).toBeVisible()
  const follows = await rpc(bob.page, 'people.list', { filter: 'follows' })
  expect(follows.map((p) => p.node_id)).toContain(carol.id)
  await openTab(bob.page, 'People')
  await expect(bob.page.getByRole('heading', { name: 'Following (2)' })).toBeVisible()
})

test('a circle post carries one label for author and member; a rename reaches the author’s older post', async () => {
  const circle = await createCircle(alice.page, 'close', ['Bob'])
  await post(alice.page, 'Circle secret for Bob', 'Circle: close (1)')
  await expectInFeed(bob.page, 'Circle secret for Bob', 30_000)
  const bobSees = await badgeOf(bob.page, 'Circle secret for Bob')
  await openTab(alice.page, 'My Posts')
  expect(await badgeOf(alice.page, 'Circle secret for Bob')).toBe(bobSees)

  await circle.getByRole('button', { name: 'Rename' }).click()
  await alice.page.getByLabel('New name').fill('inner')
  await alice.page.getByRole('button', { name: 'Save' }).click()
  await expect(alice.page.getByRole('region', { name: 'Circle inner' })).toBeVisible()
  await openTab(alice.page, 'Feed')
  await openTab(alice.page, 'My Posts')
  const card = alice.page.getByRole('article').filter({ hasText: 'Circle secret for Bob' })
  await expect(card).toContainText('to inner')
  await expect(bob.page.getByRole('article').filter({ hasText: 'Circle secret for Bob' })).not.toContainText(
    'inner',
  )
})

test('one’s own post can be deleted from the Feed', async () => {
  await post(alice.page, 'Delete me from the feed')
  await expectInFeed(alice.page, 'Delete me from the feed')
  const card = alice.page.getByRole('article').filter({ hasText: 'Delete me from the feed' })
  await card.getByRole('button', { name: 'Delete' }).click()
  await expect(card).toBeHidden()
  const mine = await rpc(alice.page, 'feed.page', { query: { type: 'mine' }, limit: 50 })
  expect(mine.posts.map((p) => p.content)).not.toContain('Delete me from the feed')
})

test('Settings: a bootstrap.json anchor is shown by host, cannot be removed, and can be disabled', async () => {
  await openTab(alice.page, 'Settings')
  const anchors = alice.page.getByRole('region', { name: 'Anchors' })
  const host = new URL(`http://${/\/ip4\/([^/]+)\/tcp\/(\d+)/.exec(communityAddr)!.slice(1).join(':')}`).host
  await expect(anchors.getByText(host, { exact: true })).toBeVisible()
  await expect(anchors.getByText('/ip4/')).toHaveCount(0)
  await expect(anchors.getByRole('button', { name: /^Remove anchor/ })).toHaveCount(0)
  const toggle = anchors.getByLabel(`Use anchor ${host}`)
  await expect(toggle).toBeChecked()
  await toggle.uncheck()
  await expect
    .poll(
      async () => (await rpc(alice.page, 'anchors.list', {})).find((a) => a.addr === communityAddr)?.enabled,
    )
    .toBe(false)
  await toggle.check()
  await expect
    .poll(
      async () => (await rpc(alice.page, 'anchors.list', {})).find((a) => a.addr === communityAddr)?.enabled,
    )
    .toBe(true)
})

test('Settings: one row per peer, by name, with the path it was found by', async () => {
  await openTab(bob.page, 'Settings')
  const table = bob.page.getByRole('region', { name: /^Connections/ })
  const row = table.getByRole('row').filter({ hasText: 'Alice' })
  await expect(row).toHaveCount(1, { timeout: 30_000 })
  const via = await rpc(bob.page, 'network.connections', {})
  const found = via.find((c) => c.peer === alice.id && c.found_via !== undefined)?.found_via
  if (found !== undefined) await expect(row).not.toContainText('—')
  const peers = new Set(via.map((c) => c.peer))
  await expect(table.getByRole('row')).toHaveCount(peers.size + 1)
})

test('Settings: no identity import that the node would refuse; a data import asks first', async () => {
  await openTab(alice.page, 'Settings')
  const backup = alice.page.getByRole('region', { name: 'Backup and move' })
  await expect(backup.getByRole('button', { name: 'Import identity' })).toHaveCount(0)
  const { file } = await rpc(alice.page, 'data.export', {})
  await backup
    .getByText('Choose a data file to import…')
    .locator('input[type=file]')
    .setInputFiles({ name: 'alice.dsdata', mimeType: 'application/octet-stream', buffer: Buffer.from(file) })
  const confirm = backup.getByRole('group', { name: 'Confirm import' })
  await expect(confirm).toContainText('alice.dsdata')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toBeHidden()
})

test('mute takes Bob out of Alice’s feed; block keeps Carol’s DMs out and Carol out of sync', async () => {
  await post(bob.page, 'Bob before the mute')
  await expectInFeed(alice.page, 'Bob before the mute', 30_000)
  await openTab(alice.page, 'People')
  await alice.page.getByRole('button', { name: 'Mute Bob' }).click()
  await openTab(alice.page, 'Feed')
  await expect(alice.page.getByRole('article').filter({ hasText: 'Bob before the mute' })).toHaveCount(0)

  await rpc(carol.page, 'messages.send', { to: alice.id, content: 'First from Carol' })
  await openTab(alice.page, 'Messages')
  const requests = alice.page.getByRole('region', { name: /Message requests/ })
  await expect(requests).toContainText('First from Carol', { timeout: 30_000 })
  await requests.getByRole('button', { name: 'Block' }).click()
  await expect(requests).toBeHidden()
  await rpc(carol.page, 'messages.send', { to: alice.id, content: 'Second from Carol' })
  await rpc(alice.page, 'sync.now', {})
  await alice.page.waitForTimeout(3000)
  const threads = await rpc(alice.page, 'messages.threads', {})
  expect(threads.map((t) => t.peer)).not.toContain(carol.id)
  const held = await rpc(alice.page, 'feed.page', {
    query: { type: 'custom', feed: { text: 'Second from Carol' } },
    limit: 5,
  })
  expect(held.posts).toEqual([])
  const diag = (await rpc(alice.page, 'network.diagnostics', {})) as { stored_posts: number }
  expect(diag.stored_posts).toBeGreaterThan(0)

  await openTab(alice.page, 'Settings')
  const list = alice.page.getByRole('region', { name: 'Muted and blocked' })
  await expect(list).toContainText('Bob')
  await expect(list.getByRole('button', { name: /^Unblock/ })).toHaveCount(1)
  await list.getByRole('button', { name: 'Unmute Bob' }).click()
  await expect(list.getByRole('button', { name: 'Unmute Bob' })).toHaveCount(0)
  await expectInFeed(alice.page, 'Bob before the mute')
})

test('a storage problem recovered at start is shown in Settings', async () => {
  test.setTimeout(120_000)
  const slots = () =>
    bob.page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('distsoc')
      const seqs: number[] = []
      for (const slot of [0, 1]) {
        try {
          const file = await (await dir.getFileHandle(`snapshot-${slot}.bin`)).getFile()
          seqs.push(Number(new DataView(await file.slice(40, 48).arrayBuffer()).getBigUint64(0)))
        } catch {
          seqs.push(-1)
        }
      }
      return seqs
    })
  await post(bob.page, 'A write for the second snapshot')
  await expect.poll(async () => Math.min(...(await slots())), { timeout: 60_000 }).toBeGreaterThan(-1)
  const seqs = await slots()
  const newest = seqs[0]! > seqs[1]! ? 0 : 1
  await bob.close()
  await bob.comeBack()
  await bob.page.goto('/e2e/browser/worker-harness.html')
  await bob.page.evaluate(async (slot) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('distsoc')
    const handle = await dir.getFileHandle(`snapshot-${slot}.bin`)
    const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer())
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff
    const w = await handle.createWritable()
    await w.write(bytes)
    await w.close()
  }, newest)
  await bob.page.goto('/')
  await openTab(bob.page, 'Settings')
  await expect(bob.page.getByRole('alert').filter({ hasText: 'Storage was repaired' })).toBeVisible({
    timeout: 30_000,
  })
  await expectInFeed(bob.page, 'A write for the second snapshot')
})
