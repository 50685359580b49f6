/**
 * Issue 16 "Search" and "Every screen fits a phone and a desktop", through the real UI against
 * real nodes: Alice finds a word of Bob's DM and of a post from the one search box, opens the
 * message with the keyboard, and no tab scrolls sideways at 390 px, even with long content.
 * Screenshots of search and Messages at 390×844 and 1280×800 go to test-results/screens-16/.
 */
import { expect, type Page, test } from '@playwright/test'
import { meetForFile, twoFriends } from './friends.ts'
import { expectInFeed, openTab, post, rpc } from './users.ts'

test.describe.configure({ mode: 'serial' })

const SCREENS = 'test-results/screens-16'
const LONG_WORD = 'Supercalifragilisticexpialidocious'.repeat(4)
const { alice, bob } = meetForFile(
  twoFriends({ bob: { name: 'Bob Bartholomew-Featherstonehaugh' } }),
  150_000,
)

/** How far the page scrolls sideways (0 when everything fits). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

test('one search box finds a word of a DM and of a post; Enter opens the conversation', async () => {
  await post(bob.page, `The lighthouse keeper waves https://example.org/${LONG_WORD}`)
  await rpc(bob.page, 'messages.send', { to: alice.id, content: `The marmalade recipe is ${LONG_WORD}` })
  await expectInFeed(alice.page, 'The lighthouse keeper waves', 30_000)
  await openTab(alice.page, 'Messages')
  await expect(alice.page.getByText('The marmalade recipe').first()).toBeVisible({ timeout: 30_000 })

  const box = alice.page.getByRole('combobox', { name: 'Search posts, people and messages' })
  await box.fill('lighthouse')
  const results = alice.page.getByRole('listbox', { name: 'Search results' })
  await expect(results.getByRole('option')).toHaveCount(1)
  await expect(results.locator('mark')).toHaveText(['lighthouse'])

  await box.fill('Marmal')
  await expect(results.getByRole('option').first()).toContainText('Message from Bob')
  await expect(results.locator('mark').first()).toHaveText('marmal')
  await openTab(alice.page, 'Feed')
  await box.focus()
  await box.press('ArrowDown')
  await box.press('ArrowUp')
  await box.press('Enter')
  await expect(alice.page.getByRole('tab', { name: /Messages/ })).toHaveAttribute('aria-selected', 'true')
  await expect(alice.page.locator('ds-thread')).toContainText('The marmalade recipe')
})

for (const size of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`at ${size.width}×${size.height} nothing scrolls sideways; screenshots of search and Messages`, async () => {
    const page = alice.page
    await page.setViewportSize(size)
    for (const tab of ['Feed', 'My Posts', 'People', 'Messages', 'Settings'] as const) {
      await openTab(page, tab)
      await page.waitForTimeout(300)
      expect(await sidewaysOverflow(page), `${tab} at ${size.width}px`).toBeLessThanOrEqual(0)
    }
    await openTab(page, 'Messages')
    await page.getByRole('button', { name: /Bob/ }).first().click()
    await page.screenshot({ path: `${SCREENS}/messages-${size.width}.png` })
    const head = page.getByRole('button', { name: 'New message' })
    const title = page.getByRole('heading', { name: 'Conversations' })
    const [a, b] = [await head.boundingBox(), await title.boundingBox()]
    expect(Math.abs((a?.y ?? 0) + (a?.height ?? 0) / 2 - ((b?.y ?? 0) + (b?.height ?? 0) / 2))).toBeLessThan(
      12,
    )
    expect((a?.x ?? 0) + (a?.width ?? 0)).toBeLessThanOrEqual(size.width)
    expect(b?.height ?? 99, '"Conversations" on one line').toBeLessThan(32)

    const box = page.getByRole('combobox', { name: 'Search posts, people and messages' })
    await box.fill('the')
    const list = page.getByRole('listbox', { name: 'Search results' })
    await expect(list).toBeVisible()
    // The first result is not hidden under the tab bar (it is what Enter opens).
    const first = list.getByRole('option').first()
    const hit = await first.evaluate((el) => {
      const r = el.getBoundingClientRect()
      const root = document.querySelector('ds-app')?.shadowRoot
      return root?.elementFromPoint(r.left + 8, r.top + 4)?.tagName ?? 'none'
    })
    expect(hit).toBe('DS-SEARCH')
    await page.screenshot({ path: `${SCREENS}/search-${size.width}.png` })
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0)
    await box.press('Escape')
  })
}
