/**
 * The app's screens over the real node in the page (e2e/ui/harness-node.ts), seeded by other real
 * nodes (e2e/ui/seed-world.ts): each tab's main path, live updates, keyboard navigation, and bad
 * input that must get a clear message and change nothing.
 */
import { expect, test } from '@playwright/test'
import { callCount, openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

const VALID_ID = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'

test.describe('first run', () => {
  test('refuses an empty display name and creates the identity with a real one', async ({ page }) => {
    await openHarness(page, { setup: 1 })
    const dialog = page.getByRole('dialog', { name: 'Welcome to distsoc' })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Create my identity' }).click()
    await expect(dialog.getByRole('alert')).toContainText('Enter a display name')
    expect(await callCount(page, 'identity.create')).toBe(0)

    await dialog.getByLabel('Display name (required)').fill('Ada')
    await dialog.getByLabel('Bio (optional)').fill('Counting machines')
    await dialog.getByRole('button', { name: 'Create my identity' }).click()
    await expect(page.getByRole('tab', { name: 'Feed' })).toBeVisible()
    await expect(dialog).toBeHidden()
  })

  test('refuses a wrong passphrase for an identity file, then imports it with the right one', async ({
    page,
  }) => {
    await openHarness(page, { setup: 1 })
    const file = Buffer.from(await page.evaluate(() => window.uiHarness.identityFile('correct horse')))
    await page.getByRole('button', { name: 'Import identity' }).click()
    await page
      .getByLabel('Identity file')
      .setInputFiles({ name: 'me.dsid', mimeType: 'application/octet-stream', buffer: file })
    const submit = page.getByRole('dialog').getByRole('button', { name: 'Import identity' }).last()
    await page.getByLabel('Passphrase').fill('wrong')
    await submit.click()
    await expect(page.getByRole('alert')).toContainText('wrong passphrase')
    await page.getByLabel('Passphrase').fill('correct horse')
    await submit.click()
    await expect(page.getByRole('tab', { name: 'Feed' })).toBeVisible()
  })

  test('renders a hostile display name as text: no img element, no script ran', async ({ page }) => {
    await openHarness(page, { setup: 1 })
    const hostile = '<img src=x onerror="window.__pwned=1">'
    await page.getByLabel('Display name (required)').fill(hostile)
    await page.getByRole('button', { name: 'Create my identity' }).click()
    await openTab(page, 'My Posts')
    await page.getByLabel('What is on your mind?').fill('<script>window.__pwned=2</script> hi')
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    const card = page.getByRole('article', { name: `Post by ${hostile}` })
    await expect(card).toBeVisible()
    await expect(card).toContainText(hostile)
    await expect(card).toContainText('<script>window.__pwned=2</script> hi')
    expect(await page.locator('img[src="x"]').count()).toBe(0)
    expect(await page.locator('ds-post-card script').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
  })
})

test.describe('feed', () => {
  test('pages further as the user scrolls and shows new posts live', async ({ page }) => {
    // 200 real signed posts are written and verified in the page first.
    test.setTimeout(120_000)
    await openHarness(page, { posts: 200 })
    await expect(page.getByRole('article').first()).toBeVisible()
    const before = await callCount(page, 'feed.page')
    for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 4000)
    await expect.poll(() => callCount(page, 'feed.page')).toBeGreaterThan(before)
    // After paging and scrolling, each card shows its own post (author, face, text) once.
    const shown = await page.evaluate(() => {
      const feed = document.querySelector('ds-app')!.shadowRoot!.querySelector('ds-feed-view')!.shadowRoot!
      return [...feed.querySelectorAll('ds-post-card')].map((card) => {
        const root = card.shadowRoot!
        return {
          id: card.post!.id,
          content: card.post!.content,
          body: root.querySelector('.body')?.textContent ?? null,
          label: root.querySelector('article')?.getAttribute('aria-label'),
          name: card.post!.author_name,
          face: root.querySelector('ds-avatar')?.getAttribute('node-id'),
          author: card.post!.author,
        }
      })
    })
    expect(shown.length).toBeGreaterThan(3)
    expect(new Set(shown.map((c) => c.id)).size).toBe(shown.length)
    for (const c of shown) {
      if (c.content !== null && c.content !== '') expect(c.body).toBe(c.content)
      expect(c.label).toBe(`Post by ${c.name}`)
      expect(c.face).toBe(c.author)
    }
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.evaluate(() => window.uiHarness.postLive(1, 'Live from a peer'))
    await expect(page.getByText('Live from a peer')).toBeVisible()
  })

  test('creates a custom feed as a chip, filters by it, and deletes it', async ({ page }) => {
    await openHarness(page)
    await page.getByRole('button', { name: '+ New feed' }).click()
    await page.getByRole('button', { name: 'Save feed' }).click()
    await expect(page.getByRole('form', { name: 'New custom feed' }).getByRole('alert')).toContainText(
      'Give the feed a name',
    )
    await page.getByLabel('Name', { exact: true }).fill('Anchors')
    await page.getByLabel('Posts containing').fill('anchor')
    await page.getByRole('button', { name: 'Save feed' }).click()
    const chip = page.getByRole('button', { name: 'Anchors', exact: true })
    await expect(chip).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByRole('article').first()).toContainText('anchor')
    await page.getByRole('button', { name: 'Delete “Anchors”' }).click()
    await expect(chip).toBeHidden()
  })

  test('tells a new user what to do when the feed is empty', async ({ page }) => {
    await openHarness(page, { empty: 1 })
    await expect(page.getByText('Your feed is empty')).toBeVisible()
    await expect(page.getByText('Follow people in the People tab')).toBeVisible()
  })
})

test.describe('my posts', () => {
  test('posts to a circle, lists the post with its badge, and deletes it', async ({ page }) => {
    await openHarness(page)
    await openTab(page, 'My Posts')
    await page.getByLabel('What is on your mind?').fill('Hello circle')
    await page.getByLabel('Audience').selectOption({ label: 'Circle: climbing (2)' })
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    const card = page.getByRole('article').filter({ hasText: 'Hello circle' })
    // The envelope says "encrypted"; the author's own note says to whom.
    await expect(card).toContainText('Encrypted to climbing')
    await card.getByRole('button', { name: 'Delete' }).click()
    await expect(card).toBeHidden()
  })

  test('disables Post for a 10k-character post and says why', async ({ page }) => {
    await openHarness(page)
    await openTab(page, 'My Posts')
    await page.getByLabel('What is on your mind?').fill('x'.repeat(10_000))
    await expect(page.getByText('10000 / 5000')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Post', exact: true })).toBeDisabled()
    await expect(page.getByRole('form', { name: 'New post' }).getByRole('alert')).toContainText(
      '5000 characters over',
    )
    expect(await callCount(page, 'post.create')).toBe(0)
  })

  test('manages circles and refuses a duplicate name', async ({ page }) => {
    await openHarness(page)
    await openTab(page, 'My Posts')
    await page.getByLabel('New circle name').fill('Family')
    await page.getByRole('button', { name: 'Create circle' }).click()
    const family = page.getByRole('region', { name: 'Circle Family' })
    await expect(family).toBeVisible()
    await page.getByLabel('New circle name').fill('family')
    await page.getByRole('button', { name: 'Create circle' }).click()
    await expect(page.getByText('You already have a circle called “family”')).toBeVisible()
    expect(await callCount(page, 'circles.create')).toBe(1)

    await family.getByLabel('Add someone to Family').selectOption({ label: 'Ada Lovelace' })
    await expect(family.getByText('Ada Lovelace')).toBeVisible()
    await family.getByRole('button', { name: 'Remove Ada Lovelace from Family' }).click()
    // What to do with past posts: "Leave past posts" is preselected.
    const dialog = page.getByRole('dialog', { name: /Remove Ada Lovelace from/ })
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click()
    await expect(dialog).toBeHidden()
    await expect(family.getByText('Ada Lovelace')).toBeHidden()
    await family.getByRole('button', { name: 'Rename' }).click()
    await family.getByLabel('New name').fill('Kin')
    await family.getByRole('button', { name: 'Save' }).click()
    const kin = page.getByRole('region', { name: 'Circle Kin' })
    await expect(kin).toBeVisible()
    await kin.getByRole('button', { name: 'Delete' }).click()
    await kin.getByRole('button', { name: 'Really delete?' }).click()
    await expect(kin).toBeHidden()
  })
})

test.describe('people', () => {
  test('refuses a malformed NodeId and follows a valid one', async ({ page }) => {
    await openHarness(page)
    await openTab(page, 'People')
    await expect(page.getByTestId('connect-string')).toContainText('distsoc:12D3KooW')
    const input = page.getByLabel('NodeId or connect string')
    for (const bad of ['hello', '12D3KooWshort', 'distsoc:nope?anchor=x']) {
      await input.fill(bad)
      await page.getByRole('button', { name: 'Follow', exact: true }).click()
      await expect(page.locator('#follow-error')).not.toBeEmpty()
    }
    expect(await callCount(page, 'follow.add')).toBe(0)
    await input.fill(VALID_ID)
    await page.getByRole('button', { name: 'Follow', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Following (5)' })).toBeVisible()
  })
})

test.describe('messages', () => {
  test('keeps requests apart, accepts one, and writes to a follow picked first in the list', async ({
    page,
  }) => {
    await openHarness(page)
    await openTab(page, 'Messages')
    const requests = page.getByRole('region', { name: /Message requests/ })
    await expect(requests).toContainText('Mallory')
    await requests.getByRole('button', { name: 'Accept' }).click()
    await expect(requests).toBeHidden()

    await page.getByRole('button', { name: 'New message' }).click()
    const groups = await page
      .getByLabel('To')
      .locator('optgroup')
      .evaluateAll((els) => els.map((e) => e.getAttribute('label')))
    expect(groups[0]).toBe('People you follow')
    await page.getByLabel('To').selectOption({ label: 'Grace Hopper' })
    await page.getByLabel('Message', { exact: true }).fill('Lunch?')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect(page.getByRole('region', { name: 'Conversation with Grace Hopper' })).toContainText('Lunch?')
  })
})

test.describe('settings', () => {
  test('lists the default anchor last without Remove, adds an anchor, and asks for persistence', async ({
    page,
  }) => {
    await openHarness(page)
    await openTab(page, 'Settings')
    const anchors = page.getByRole('region', { name: 'Anchors' })
    const items = anchors.getByRole('listitem')
    await expect(items.last()).toContainText('default')
    await expect(items.last().getByRole('button', { name: /Remove/ })).toHaveCount(0)
    await anchors.getByLabel('Anchor address').fill('not an address')
    await anchors.getByRole('button', { name: 'Add anchor' }).click()
    await expect(anchors.getByRole('alert')).toContainText('multiaddr')
    await anchors.getByLabel('Anchor address').fill(`/dns4/a.example/tcp/443/wss/p2p/${VALID_ID}`)
    await anchors.getByRole('button', { name: 'Add anchor' }).click()
    // Anchors are shown by host name.
    await expect(items.first()).toContainText('a.example')
    // The node's real connection: the default anchor of /bootstrap.json, over WebSocket.
    await expect(page.getByRole('table')).toContainText('Anchor (WebSocket)')
    // Chromium decides by engagement heuristics: the page must say what the browser answered.
    await page.getByRole('button', { name: 'Ask to keep my data' }).click()
    await expect(page.getByText(/Storage is now persistent|The browser declined/)).toBeVisible()
    const persisted = await page.evaluate(() => navigator.storage.persisted())
    await expect(
      page.getByText(
        persisted ? 'Persistent: the browser will not clear' : 'Not persistent: the browser may clear',
      ),
    ).toBeVisible()
  })
})

test('the tabs are a tablist driven by the arrow keys, with unread badges', async ({ page }) => {
  await openHarness(page)
  await expect(page.getByRole('tab', { name: /Messages/ })).toContainText('3')
  await page.getByRole('tab', { name: 'Feed' }).focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('tab', { name: 'My Posts' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tab', { name: 'My Posts' })).toBeFocused()
  await page.keyboard.press('End')
  await expect(page.getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('tab', { name: 'Feed' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tabpanel')).toBeVisible()
})
